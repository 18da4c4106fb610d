/**
 * The Accounts page in a real browser, against the real app and a fake Anthropic Admin API:
 * adding an account (a wrong kind of key is refused at the field; the right one is only ever
 * shown by its last 4 characters), "Sync now" with live progress and its result, editing,
 * price overrides, and removing an account whose records go with it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseUsd } from "../../src/core/money.ts";
import type { Overview } from "../../src/services/overview.ts";
import {
  ANTHROPIC_COST_PATH,
  ANTHROPIC_USAGE_PATH,
  DEFAULT_ANTHROPIC_ADMIN_KEY,
  type FakeAnthropicAdmin,
  startFakeAnthropicAdmin,
} from "../fakes/anthropic-admin.ts";
import { anthropicCostRowsFromUsage, anthropicUsageRow } from "../fakes/anthropic-seed.ts";
import {
  type BrowserSession,
  buildDashboard,
  type DashboardServer,
  openBrowser,
  screenshot,
  signIn,
  startDashboardServer,
} from "./harness.ts";

/** A normal Anthropic API key: the wrong kind, which cannot read usage and cost. */
const WRONG_KIND_KEY = "sk-ant-api03-wrongkind-0000000000000000000000000000";

/** The admin key that replaces the revoked one. */
const ROTATED_KEY = "sk-ant-admin01-rotated-000000000000000000000000wxyz";

/** Hourly usage at midnight UTC, `daysAgo` days before today, inside the first sync's 30 days. */
function usageDaysAgo(daysAgo: number) {
  const day = new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  return anthropicUsageRow({
    starting_at: `${day}T00:00:00Z`,
    uncached_input_tokens: 120_000 + daysAgo,
    output_tokens: 30_000,
    cache_read_input_tokens: 50_000,
  });
}

describe("Accounts page", () => {
  let dist: Awaited<ReturnType<typeof buildDashboard>>;
  let fake: FakeAnthropicAdmin;
  let server: DashboardServer;
  let session: BrowserSession;
  /** Every URL the page requested: an admin key must never be in one. */
  const requestedUrls: string[] = [];
  /** "METHOD /path STATUS" of every API answer of 400 or more the page received. */
  const refused: string[] = [];

  const apiGet = <T>(path: string) => server.api<T>("GET", path);

  beforeAll(async () => {
    dist = await buildDashboard();
    const usage = [0, 1, 9, 16, 23].map(usageDaysAgo);
    fake = await startFakeAnthropicAdmin({ usage, costs: anthropicCostRowsFromUsage(usage) });
    server = await startDashboardServer(dist.dir, { providerBaseUrls: { anthropic: fake.url } });
    // A captured account beside the synced one, as most organizations have.
    await server.api("POST", "accounts", { provider: "groq", name: "groq-prod" });
    session = await openBrowser({ width: 1280, height: 900 });
    session.page.on("request", (request) => requestedUrls.push(request.url()));
    session.page.on("response", (response) => {
      if (response.status() < 400) return;
      const path = new URL(response.url()).pathname.replace(/acc_[0-9a-f]+/, ":id");
      refused.push(`${response.request().method()} ${path} ${response.status()}`);
    });
    await signIn(session.page, server.url);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await server?.close();
    await fake?.close();
    dist?.remove();
  });

  it("refuses a wrong kind of key at its field, then adds the account showing only the key's last 4 characters", async () => {
    const { page } = session;
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Accounts" })
      .click();
    await page.getByRole("heading", { name: "Accounts", level: 1 }).waitFor();
    const form = page.getByRole("form", { name: "Add an account" });
    await form.getByLabel("Provider").selectOption("anthropic");
    await form.getByLabel("Name").fill("Acme org");
    await form.getByLabel("Admin key").fill(WRONG_KIND_KEY);
    await form.getByRole("button", { name: "Add account" }).click();

    await expect.poll(() => form.getByLabel("Admin key").getAttribute("aria-invalid")).toBe("true");
    await expect
      .poll(() => form.locator(".field-error").textContent())
      .toBe("an Anthropic Admin key (sk-ant-admin01-…) is required");
    expect(await form.getByRole("alert").first().textContent()).toContain(
      "a normal API key (sk-ant-api…)",
    );

    await form.getByLabel("Admin key").fill(DEFAULT_ANTHROPIC_ADMIN_KEY);
    await form.getByRole("button", { name: "Add account" }).click();
    await form.getByText("Added Acme org").waitFor();
    expect(await form.getByLabel("Admin key").inputValue()).toBe("");

    const row = page.getByRole("row", { name: /Acme org/ });
    await row.waitFor();
    expect(await row.locator(".key-hint").textContent()).toBe(
      `…${DEFAULT_ANTHROPIC_ADMIN_KEY.slice(-4)}`,
    );
    expect(await row.textContent()).toContain("Synced from the admin API");
    expect(await row.textContent()).toContain("Not synced yet");
    expect(await page.getByRole("row", { name: /groq-prod/ }).textContent()).toContain(
      "Captured through the proxy",
    );
    const html = await page.content();
    expect(html).not.toContain(DEFAULT_ANTHROPIC_ADMIN_KEY);
    expect(html).not.toContain(WRONG_KIND_KEY);
    expect(html).not.toContain(DEFAULT_ANTHROPIC_ADMIN_KEY.slice(0, -4));
  });

  it("syncs now with live progress, then says what was stored; the overview has official spend", async () => {
    const { page } = session;
    await page.getByRole("link", { name: "Manage Acme org" }).click();
    await page.getByRole("heading", { name: "Acme org", level: 1 }).waitFor();
    expect(await page.getByText("Next scheduled sync").locator("..").textContent()).toContain(
      "Due now",
    );

    // Each report page answers slowly, so the sync takes a few seconds to watch.
    fake.state.faults.push({ delayMs: 400, times: 10 });
    const requestsBefore = fake.state.requests.length;
    await page.getByRole("button", { name: "Sync now" }).click();

    const progress = page.getByRole("progressbar", { name: "Sync progress" });
    await expect
      .poll(async () => Number((await progress.getAttribute("value")) ?? 0), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await page.getByText(/Fetched \d+ of 31 days of the usage report/).waitFor();
    await screenshot(page, "accounts-sync");

    const result = page.getByText("Sync finished");
    await result.waitFor({ timeout: 20_000 });
    const resultText = (await result.locator("..").textContent()) ?? "";
    expect(resultText).toMatch(
      /[1-9][\d,]* records fetched — [1-9][\d,]* new, 0 changed, 0 unchanged/,
    );
    await expect.poll(() => progress.count()).toBe(0);
    await screenshot(page, "accounts-sync-done");

    const received = fake.state.requests.slice(requestsBefore).filter((r) => r.authorized);
    expect(received.some((r) => r.path === ANTHROPIC_USAGE_PATH)).toBe(true);
    expect(received.some((r) => r.path === ANTHROPIC_COST_PATH)).toBe(true);

    const history = page.getByRole("region", { name: "Sync history" });
    await history.getByText("Succeeded").waitFor();
    expect(await history.getByRole("row").nth(1).textContent()).toContain("Dashboard or API");
    expect(await page.getByText("Last successful sync").locator("..").textContent()).not.toContain(
      "Never",
    );

    const overview = await apiGet<Overview>("overview");
    const official = overview.by_confidence.totals.find((t) => t.confidence === "official");
    expect(official?.records).toBeGreaterThan(0);
    expect(parseUsd(official?.total_cost ?? "0", "half-even")).toBeGreaterThan(0n);

    await page.getByRole("link", { name: "← All accounts" }).click();
    const row = page.getByRole("row", { name: /Acme org/ });
    await row.getByText("Synced", { exact: true }).waitFor();
    await screenshot(page, "accounts");
    await page.setViewportSize({ width: 390, height: 844 });
    // Wide tables scroll inside their panel; the page itself never scrolls sideways.
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await screenshot(page, "accounts-phone");
    await page.getByRole("link", { name: "Manage Acme org" }).click();
    await page.getByRole("heading", { name: "Acme org", level: 1 }).waitFor();
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await screenshot(page, "accounts-detail-phone");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("a rejected key: the sync fails in words, syncs pause, and a replaced key resumes them", async () => {
    const { page } = session;
    fake.state.revokeKey(DEFAULT_ANTHROPIC_ADMIN_KEY);
    await page.getByRole("button", { name: "Sync now" }).click();
    await page.getByText("The sync failed: The admin key was rejected — replace it.").waitFor();
    const sync = page.getByRole("region", { name: "Sync" });
    await sync.getByText("Scheduled syncs are paused").waitFor();
    expect(await sync.getByText("Next scheduled sync").locator("..").textContent()).toContain(
      "Paused until the admin key is replaced",
    );
    await page.getByRole("region", { name: "Sync history" }).getByText("Failed").waitFor();
    await screenshot(page, "accounts-sync-failed");

    fake.state.adminKeys.push(ROTATED_KEY);
    const settings = page.getByRole("form", { name: "Account settings" });
    await settings.getByLabel("Replace the admin key").fill(ROTATED_KEY);
    await settings.getByRole("button", { name: "Save changes" }).click();
    await settings
      .getByText(`The new admin key ending …${ROTATED_KEY.slice(-4)} is stored`)
      .waitFor();
    expect(await settings.getByLabel("Replace the admin key").inputValue()).toBe("");
    await sync.getByText("Scheduled syncs are paused").waitFor({ state: "detached" });
    expect(await page.locator(".account-facts .key-hint").textContent()).toBe(
      `…${ROTATED_KEY.slice(-4)}`,
    );
    expect(await page.content()).not.toContain(ROTATED_KEY);
  });

  it("renames the account", async () => {
    const { page } = session;
    const settings = page.getByRole("form", { name: "Account settings" });
    await settings.getByLabel("Name", { exact: true }).fill("Acme production");
    await settings.getByRole("button", { name: "Save changes" }).click();
    await settings.getByText("Saved.").waitFor();
    await page.getByRole("heading", { name: "Acme production", level: 1 }).waitFor();
    const accounts = await apiGet<{ accounts: { name: string }[] }>("accounts");
    expect(accounts.accounts.map((a) => a.name)).toContain("Acme production");
  });

  it("adds a price override after a field message, and removes it", async () => {
    const { page } = session;
    const prices = page.getByRole("region", { name: "Price overrides" });
    await prices.getByText("No price overrides").waitFor();
    const form = prices.getByRole("form", { name: "Add a price override" });
    await form.getByLabel("Kind").selectOption("discount");
    await form.getByLabel("Discount (%)").fill("150");
    await form.getByRole("button", { name: "Add override" }).click();
    await form.getByText("must be at most 100 (percent)", { exact: true }).waitFor();
    expect(await form.getByLabel("Discount (%)").getAttribute("aria-invalid")).toBe("true");

    await form.getByLabel("Discount (%)").fill("12.5");
    await form.getByLabel("Note (optional)").fill("enterprise agreement");
    await form.getByRole("button", { name: "Add override" }).click();
    const row = prices.getByRole("row", { name: /12\.5% off every model/ });
    await row.waitFor();
    expect(await row.textContent()).toContain("enterprise agreement");
    expect(await prices.getByRole("status").textContent()).toContain(
      "Added “12.5% off every model”. Records already stored keep their old price until you recompute.",
    );
    await screenshot(page, "accounts-detail");

    await prices.getByRole("button", { name: "Remove override: 12.5% off every model" }).click();
    await prices
      .getByRole("button", { name: "Yes, remove override: 12.5% off every model" })
      .click();
    await prices.getByText("No price overrides").waitFor();
    await expect.poll(() => row.count()).toBe(0);
  });

  it("removes the account only after saying its records and their spend go too", async () => {
    const { page } = session;
    const remove = page.getByRole("region", { name: "Remove account" });
    await remove.getByRole("button", { name: "Remove account…" }).click();
    await remove.getByRole("button", { name: "Yes, remove Acme production" }).click();
    const warning = remove.getByText("has usage records in the ledger");
    await warning.waitFor();
    const explanation = (await warning.locator("..").textContent()) ?? "";
    expect(explanation).toMatch(/\$[\d,]+\.\d\d of spend in [1-9][\d,]* records/);
    expect(explanation).toContain("disappears from every report");
    expect((await apiGet<{ accounts: unknown[] }>("accounts")).accounts).toHaveLength(2);

    await remove.getByRole("button", { name: "Delete the account and its records" }).click();
    await page.getByText(/Removed Acme production and its [1-9][\d,]* usage records/).waitFor();
    await expect.poll(() => page.getByRole("row", { name: /Acme production/ }).count()).toBe(0);
    const accounts = await apiGet<{ accounts: { name: string }[] }>("accounts");
    expect(accounts.accounts.map((a) => a.name)).toEqual(["groq-prod"]);
  });

  it("never put an admin key in a URL, was refused only where it showed why, logged no problems", () => {
    expect(requestedUrls.length).toBeGreaterThan(10);
    expect(requestedUrls.filter((url) => url.includes("sk-ant-"))).toEqual([]);
    expect(refused).toEqual([
      // Signed out, the first session check is refused by design.
      "GET /api/v1/session 401",
      "POST /api/v1/accounts 400",
      "POST /api/v1/accounts/:id/sync 502",
      "POST /api/v1/accounts/:id/prices 400",
      "DELETE /api/v1/accounts/:id 409",
    ]);
    // Chromium logs each of those refusals as a console error; anything else is a problem.
    const expectedRefusal =
      /^console: Failed to load resource: the server responded with a status of (401|400|409|502) /;
    expect(session.problems.filter((line) => !expectedRefusal.test(line))).toEqual([]);
  });
});
