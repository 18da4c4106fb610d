/**
 * The Manual entry page in a real browser: a Copilot seat entry as seats × price, the server's
 * validation message at the amount field, a recurring seat plan, and the same manual total in
 * the overview; then editing, history and deleting an entry with confirmation.
 */
import type { Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseUsd } from "../../src/core/money.ts";
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

describe("Manual entry page", () => {
  let build: Awaited<ReturnType<typeof buildDashboard>>;
  let server: DashboardServer;
  let session: BrowserSession;

  const call = (method: string, path: string, body?: unknown) => server.api(method, path, body);

  beforeAll(async () => {
    build = await buildDashboard();
    server = await startDashboardServer(build.dir, { now: () => NOW });
    await call("POST", "accounts", { provider: "github_copilot", name: "Acme engineering" });
    await call("POST", "accounts", { provider: "groq", name: "Groq prod" });
    session = await openBrowser({ width: 1280, height: 900 });
    await session.page.clock.setFixedTime(NOW);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await server?.close();
    build?.remove();
  });

  it("adds a Copilot seat entry as seats × price and lists it as Manual Entry", async () => {
    const { page } = session;
    await signIn(page, server.url);
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Manual entry" })
      .click();
    await page.getByRole("heading", { name: "Manual entry", level: 1 }).waitFor();

    const form = page.getByRole("region", { name: "Add a manual entry" });
    const account = form.getByLabel("Account", { exact: true });
    await account.waitFor();
    expect(await account.locator("option:checked").innerText()).toBe("Acme engineering");
    await form.getByLabel("Month", { exact: true }).fill("2026-11");
    expect(await form.getByLabel("Seats × price per seat", { exact: true }).isChecked()).toBe(true);
    await form.getByLabel("Seats", { exact: true }).fill("12");
    await form.getByLabel("Price per seat (USD)", { exact: true }).fill("19.00");
    expect(await text(form.locator(".seat-total"))).toBe("12 seats × $19.00 = $228.00");
    await form.getByRole("button", { name: "Add entry" }).click();
    expect(await text(form.getByRole("status").filter({ hasText: "Added a Manual Entry" }))).toBe(
      "Added a Manual Entry of $228.00 for November 2026 on Acme engineering (GitHub Copilot).",
    );

    const entries = page.getByRole("region", { name: "Manual entries" });
    const row = entries.getByRole("row").filter({ hasText: "12 seats × 19.00 USD per seat" });
    const cells = await row.getByRole("cell").allInnerTexts();
    expect(cells.slice(0, 6)).toEqual([
      "November 2026",
      "Acme engineering (GitHub Copilot)",
      "12 seats × 19.00 USD per seat",
      "$228.00",
      "Manual Entry",
      "One-off entry",
    ]);
    expect(await row.locator(".badge-manual").innerText()).toBe("Manual Entry");
  });

  it("shows the server's message at the amount field for an amount that is not a decimal", async () => {
    const { page } = session;
    const form = page.getByRole("region", { name: "Add a manual entry" });
    await form.getByLabel("A total amount", { exact: true }).check();
    const amount = form.getByLabel("Amount (USD)", { exact: true });
    await amount.fill("12.3.4");
    await form.getByRole("button", { name: "Add entry" }).click();
    const message = form.locator(".field-error").filter({ hasText: "is not a decimal number" });
    expect(await text(message)).toBe(
      '"12.3.4" is not a decimal number (expected e.g. "12.345"); must be a decimal string of USD such as "19.00" (a JSON number could lose cents)',
    );
    expect(await amount.getAttribute("aria-invalid")).toBe("true");
    expect(await amount.getAttribute("aria-describedby")).toContain(
      await message.getAttribute("id"),
    );
    // Focus goes to the field that needs fixing, and nothing was added.
    expect(await page.evaluate<string>("document.activeElement.id")).toBe(
      await amount.getAttribute("id"),
    );
    const listed = (await call("GET", "usage/manual")) as { records: unknown[] };
    expect(listed.records).toHaveLength(1);

    await amount.fill("-5");
    await form.getByRole("button", { name: "Add entry" }).click();
    expect(await text(form.locator(".field-error").filter({ hasText: "negative" }))).toBe(
      "Must not be negative, got -5",
    );
  });

  it("adds a recurring Copilot seat plan and lists the plan and its months", async () => {
    const { page } = session;
    const form = page.getByRole("region", { name: "Add a seat plan" });
    expect(await form.getByLabel("Seat plan", { exact: true }).inputValue()).toBe(
      "copilot_business",
    );
    await form.getByLabel("Seats", { exact: true }).fill("5");
    await form.getByLabel("First month", { exact: true }).fill("2026-10");
    expect(await text(form.locator(".seat-total"))).toBe("5 seats × $19.00 = $95.00 a month");
    await form.getByRole("button", { name: "Add seat plan" }).click();
    expect(await text(form.getByRole("status").filter({ hasText: "Added the seat plan" }))).toBe(
      "Added the seat plan “GitHub Copilot Business”: 5 × $19.00 = $95.00 a month. 2 months recorded so far ($190.00).",
    );

    const plans = page.getByRole("region", { name: "Seat plans" });
    const plan = plans.getByRole("row").filter({ hasText: "GitHub Copilot Business" });
    expect((await plan.getByRole("cell").allInnerTexts()).slice(0, 8)).toEqual([
      "GitHub Copilot Business\ncopilot-business",
      "Acme engineering (GitHub Copilot)",
      "5",
      "$19.00",
      "$95.00",
      "October 2026 – until stopped",
      "Active",
      "$190.00\n2 months",
    ]);

    const entries = page.getByRole("region", { name: "Manual entries" });
    await entries.getByRole("row").filter({ hasText: "October 2026" }).waitFor();
    const fromPlan = entries.getByRole("row").filter({ hasText: "Seat plan" });
    await expect.poll(() => fromPlan.count()).toBe(2);
    expect(await text(entries.locator("tfoot"))).toBe("Total of 3 entries listed $418.00");

    const overview = (await call("GET", "overview")) as {
      by_confidence: { totals: { confidence: string; total_cost: string; label: string }[] };
    };
    const manual = overview.by_confidence.totals.find((t) => t.confidence === "manual");
    const november = (await call("GET", "usage/manual?from=2026-11-01&to=2026-12-01")) as {
      records: { total_cost: string }[];
    };
    const listedTotal = november.records.reduce((sum, r) => sum + parseUsd(r.total_cost), 0n);
    expect(manual?.label).toBe("Manual Entry");
    expect(parseUsd(manual?.total_cost ?? "")).toBe(listedTotal);
    expect(listedTotal).toBe(parseUsd("323.00"));
    await screenshot(page, "manual");
  });

  it("edits an entry, shows its history, and deletes it after confirmation", async () => {
    const { page } = session;
    const entries = page.getByRole("region", { name: "Manual entries" });
    await entries.getByRole("button", { name: "Edit entry November 2026, $228.00" }).click();
    const edit = page.getByRole("dialog", { name: "Edit the entry for November 2026, $228.00" });
    await edit.getByLabel("Amount (USD)", { exact: true }).fill("247.00");
    await edit.getByLabel("Note (optional)", { exact: true }).fill("13 seats × 19.00 USD per seat");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await edit.waitFor({ state: "detached" });
    const row = entries.getByRole("row").filter({ hasText: "13 seats × 19.00 USD per seat" });
    expect(await text(row.getByRole("cell").nth(3))).toBe("$247.00");

    await entries.getByRole("button", { name: "History of entry November 2026, $247.00" }).click();
    const history = page.getByRole("dialog", {
      name: "History of the entry for November 2026, $247.00",
    });
    const events = history.getByRole("listitem").filter({ has: page.locator("strong") });
    await events.nth(1).waitFor();
    expect(await events.locator("strong").allInnerTexts()).toEqual(["Created", "Edited"]);
    expect(await text(events.nth(1))).toContain("Amount: $228.00 → $247.00");
    expect(await text(events.nth(1))).toContain(
      "Note: 12 seats × 19.00 USD per seat → 13 seats × 19.00 USD per seat",
    );
    await page.keyboard.press("Escape");
    await history.waitFor({ state: "detached" });

    await entries.getByRole("button", { name: "Delete entry November 2026, $247.00" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete this entry?" });
    await confirm.getByRole("button", { name: "Keep it" }).click();
    await confirm.waitFor({ state: "detached" });
    await expect.poll(() => row.count()).toBe(1);
    await entries.getByRole("button", { name: "Delete entry November 2026, $247.00" }).click();
    await confirm.getByRole("button", { name: "Delete entry" }).click();
    expect(
      await text(entries.getByRole("status").filter({ hasText: "Deleted the entry" })),
    ).toContain("Deleted the entry for November 2026, $247.00. Its history is kept.");
    await row.waitFor({ state: "detached" });
    expect(await text(entries.locator("tfoot"))).toBe("Total of 2 entries listed $190.00");

    await entries.getByRole("button", { name: "View its history" }).click();
    const after = page.getByRole("dialog", {
      name: "History of the deleted entry for November 2026, $247.00",
    });
    const titles = after.getByRole("listitem").locator("strong");
    await titles.nth(2).waitFor();
    expect(await titles.allInnerTexts()).toEqual(["Created", "Edited", "Deleted"]);
    await after.getByRole("button", { name: "Close" }).click();
    await after.waitFor({ state: "detached" });
  });

  it("changes the seat count from a month on and keeps the earlier month's price", async () => {
    const { page } = session;
    const plans = page.getByRole("region", { name: "Seat plans" });
    await plans
      .getByRole("button", { name: "Change seats or price of GitHub Copilot Business" })
      .click();
    const change = page.getByRole("dialog", { name: "Change GitHub Copilot Business" });
    expect(await change.getByLabel("From month", { exact: true }).inputValue()).toBe("2026-11");
    await change.getByLabel("Seats", { exact: true }).fill("7");
    expect(await text(change.locator(".seat-total"))).toBe("7 seats × $19.00 = $133.00 a month");
    await change.getByRole("button", { name: "Save change" }).click();
    await change.waitFor({ state: "detached" });
    expect(await text(plans.getByRole("status"))).toBe(
      "Changed “GitHub Copilot Business” from November 2026: 7 × $19.00 = $133.00 a month. Earlier months keep their price.",
    );
    const rows = plans.getByRole("row");
    await rows.nth(2).waitFor();
    expect((await rows.nth(1).getByRole("cell").allInnerTexts()).slice(2, 8)).toEqual([
      "7",
      "$19.00",
      "$133.00",
      "November 2026 – until stopped",
      "Active",
      "$133.00\n1 month",
    ]);
    expect((await rows.nth(2).getByRole("cell").allInnerTexts()).slice(2, 8)).toEqual([
      "5",
      "$19.00",
      "$95.00",
      "October 2026 only",
      "Ended",
      "$95.00\n1 month",
    ]);
    const entries = page.getByRole("region", { name: "Manual entries" });
    await entries.locator("tfoot", { hasText: "$228.00" }).waitFor();
    expect(await text(entries.locator("tfoot"))).toBe("Total of 2 entries listed $228.00");

    await plans
      .getByRole("button", {
        name: "History of GitHub Copilot Business (October 2026 only)",
      })
      .click();
    const history = page.getByRole("dialog", { name: /^History of GitHub Copilot Business/ });
    const titles = history.getByRole("listitem").locator("strong");
    await titles.nth(2).waitFor();
    expect(await titles.allInnerTexts()).toEqual(["Started", "Changed", "Month removed"]);
    await page.keyboard.press("Escape");
    await history.waitFor({ state: "detached" });
  });

  it("fits a phone screen and logged no console problems", async () => {
    const { page } = session;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole("region", { name: "Seat plans" }).getByRole("row").nth(1).waitFor();
    const overflow = await page.evaluate<number>(
      "document.documentElement.scrollWidth - document.documentElement.clientWidth",
    );
    expect(overflow).toBe(0);
    await screenshot(page, "manual-phone");
    expect(session.problems).toEqual([]);
  });
});
