/**
 * The Credits page in a real browser: the empty state without a Perplexity account, then an
 * account with a purchase and estimated spend showing its balance and depletion forecast, and
 * a top-up recorded in the UI moving the balance by exactly its amount.
 */
import type { Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestUsage } from "../../src/services/ingest.ts";
import {
  type BrowserSession,
  buildDashboard,
  type DashboardServer,
  openBrowser,
  screenshot,
  signIn,
  startDashboardServer,
} from "./harness.ts";

const NOW = new Date("2026-11-20T15:00:00Z");

async function text(locator: Locator): Promise<string> {
  await locator.waitFor();
  return (await locator.innerText()).replace(/\s+/g, " ").trim();
}

/** $1.25 a day from Nov 7 to Nov 20 (the 14 days of the burn window), and one day before the purchase. */
function spend(accountId: string) {
  const day = (date: string, cost: string) => ({
    account_id: accountId,
    date,
    bucket: "1d",
    model: "sonar",
    prompt_tokens: 1000,
    completion_tokens: 200,
    requests: 10,
    total_cost: cost,
    idempotency_key: `spend-${date}`,
  });
  const records = [day("2026-10-31", "9.99")];
  for (let d = 7; d <= 20; d++) records.push(day(`2026-11-${String(d).padStart(2, "0")}`, "1.25"));
  return { records };
}

describe("Credits page", () => {
  let build: Awaited<ReturnType<typeof buildDashboard>>;
  let server: DashboardServer;
  let session: BrowserSession;

  const call = (method: string, path: string, body?: unknown) => server.api(method, path, body);

  beforeAll(async () => {
    build = await buildDashboard();
    server = await startDashboardServer(build.dir, { now: () => NOW });
    await call("POST", "accounts", { provider: "github_copilot", name: "Acme engineering" });
    session = await openBrowser({ width: 1280, height: 900 });
    await session.page.clock.setFixedTime(NOW);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await server?.close();
    build?.remove();
  });

  it("says there is no Perplexity account and links to the accounts page", async () => {
    const { page } = session;
    await signIn(page, server.url);
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Credits" })
      .click();
    await page.getByRole("heading", { name: "Credits", level: 1 }).waitFor();
    const link = page.getByRole("main").getByRole("link", { name: "Add a Perplexity account" });
    expect(await link.getAttribute("href")).toBe("/accounts");
    expect(await text(page.locator(".state.empty"))).toBe(
      "There is no Perplexity account yet. Add a Perplexity account to track its prepaid credits here.",
    );
  });

  it("shows the balance, the spend per day and when the credits run out", async () => {
    const { page } = session;
    const account = (await call("POST", "accounts", {
      provider: "perplexity",
      name: "Research",
    })) as {
      id: string;
    };
    await call("POST", `accounts/${account.id}/credits`, { amount: "50.00", date: "2026-11-01" });
    await ingestUsage(server.ctx, spend(account.id));
    await page.reload();

    const panel = page.getByRole("region", { name: "Research" });
    // 50.00 bought − 14 × 1.25 spent = 32.50; 32.50 / 1.25 = 26 days; Nov 20 + 27 = Dec 17.
    expect(await text(panel.locator(".forecast"))).toBe(
      "Runs out around Dec 17 at the current rate ($1.25 a day, about 26 days left).",
    );
    const stat = (label: string) => panel.locator(".stat", { hasText: label });
    expect(await text(stat("Balance").locator(".value"))).toBe("$32.50");
    expect(await stat("Balance").locator(".money").getAttribute("title")).toBe("32.5 USD");
    expect(await text(stat("Spending a day"))).toBe(
      "Spending a day $1.25 average of the last 14 days",
    );
    expect(await text(stat("Runs out"))).toBe("Runs out Dec 17 about 26 days left");
    expect(await text(stat("Bought"))).toBe("Bought $50.00 $17.50 spent since Nov 1");
    expect(await text(panel.locator(".badge"))).toBe("Enough credit");
    const history = panel.getByRole("table");
    expect(await history.getByRole("row").nth(1).getByRole("cell").allInnerTexts()).toEqual([
      "Nov 1, 2026",
      "Purchase",
      "$50.00",
      "—",
      expect.stringMatching(/^Nov \d+, 2026/),
    ]);
  });

  it("shows the server's message at the amount field", async () => {
    const { page } = session;
    const panel = page.getByRole("region", { name: "Research" });
    const amount = panel.getByLabel("Amount (USD)", { exact: true });
    await amount.fill("0");
    await panel.getByRole("button", { name: "Record top-up" }).click();
    const message = panel.locator(".field-error");
    expect(await text(message)).toBe("Must be greater than 0");
    expect(await amount.getAttribute("aria-invalid")).toBe("true");
    expect(await amount.getAttribute("aria-describedby")).toContain(
      await message.getAttribute("id"),
    );
  });

  it("records a top-up in the UI and moves the balance by exactly its amount", async () => {
    const { page } = session;
    const panel = page.getByRole("region", { name: "Research" });
    await panel.getByLabel("Amount (USD)", { exact: true }).fill("25.00");
    await panel.getByLabel("Note (optional)", { exact: true }).fill("Auto top-up");
    expect(await panel.getByLabel("Top-up", { exact: true }).isChecked()).toBe(true);
    await panel.getByRole("button", { name: "Record top-up" }).click();
    expect(await text(panel.getByRole("status").filter({ hasText: "Recorded" }))).toBe(
      "Recorded a top-up of $25.00 for Research.",
    );
    const balance = panel.locator(".stat", { hasText: "Balance" }).locator(".value");
    await panel.locator(".stat .value", { hasText: "$57.50" }).waitFor();
    expect(await text(balance)).toBe("$57.50");
    // 57.50 / 1.25 = 46 days; Nov 20 + 47 = Jan 6 of the next year.
    expect(await text(panel.locator(".forecast"))).toBe(
      "Runs out around Jan 6, 2027 at the current rate ($1.25 a day, about 46 days left).",
    );
    const rows = panel.getByRole("table").getByRole("row");
    expect((await rows.nth(1).getByRole("cell").allInnerTexts()).slice(0, 4)).toEqual([
      "Nov 20, 2026",
      "Top-up",
      "$25.00",
      "Auto top-up",
    ]);
    const status = (await call("GET", `accounts/${await accountId(page)}/credits/status`)) as {
      balance: string;
    };
    expect(status.balance).toBe("57.50");
    await screenshot(page, "credits");
  });

  it("fits a phone screen and logged no console problems", async () => {
    const { page } = session;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole("region", { name: "Research" }).locator(".forecast").waitFor();
    const overflow = await page.evaluate<number>(
      "document.documentElement.scrollWidth - document.documentElement.clientWidth",
    );
    expect(overflow).toBe(0);
    await screenshot(page, "credits-phone");
    expect(session.problems).toEqual([]);
  });

  async function accountId(_page: unknown): Promise<string> {
    const { accounts } = (await call("GET", "accounts")) as {
      accounts: { id: string; provider: string }[];
    };
    return accounts.find((a) => a.provider === "perplexity")?.id ?? "";
  }
});
