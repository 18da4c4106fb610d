/**
 * Reconciliation in a real browser: a Groq month captured by the proxy (priced from the catalog)
 * is reconciled to a bill, undone, confirmed again and made stale by a late request; the month's
 * report total is the billed amount exactly, never the bill plus the estimates. A Perplexity
 * month is split by API key, each key named by its last 4 characters only.
 */
import type { Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAccount } from "../../src/services/accounts.ts";
import type { PeriodEstimate } from "../../src/services/reconcile/period-estimate.ts";
import type { ReconciliationView } from "../../src/services/reconcile/reconcile.ts";
import type { Summary } from "../../src/services/reports.ts";
import { formatMoney, formatPercent, toNanos } from "../../web/src/ui/format.ts";
import {
  type BrowserSession,
  buildDashboard,
  type DashboardServer,
  openBrowser,
  screenshot,
  signIn,
  startDashboardServer,
} from "./harness.ts";

/** A clock a second further on at each reading, so the history has one order. */
let tick = 0;
const now = () => new Date(Date.UTC(2025, 11, 10, 15, 0, tick++));
const MONTH = "2025-11";
const BILLED = "13.45";
const PERPLEXITY_KEYS = ["pplx-7Hq2Lk9ab12", "pplx-Zr81mWcd34"];

/** A request as the capture proxy records it: estimated, priced later from the catalog. */
function proxied(account: string, provider: string, timestamp: string, extra: object) {
  return {
    account_id: account,
    provider,
    timestamp,
    bucket: "request",
    requests: 1,
    confidence: "estimated",
    source: "proxy",
    request_type: "api",
    project: null,
    metadata: { api_path: "/openai/v1/chat/completions", upstream_status: 200, stream: false },
    idempotency_key: `${provider}:${timestamp}`,
    ...extra,
  };
}

describe("reconciliation in the browser", () => {
  let dist: Awaited<ReturnType<typeof buildDashboard>>;
  let server: DashboardServer;
  let browser: BrowserSession;
  let groq: string;
  let perplexity: string;

  const call = <T>(method: string, path: string, body?: unknown) =>
    server.api<T>(method, path, body);
  const estimate = (account: string) =>
    call<PeriodEstimate>("GET", `reconciliations/estimate?account_id=${account}&period=${MONTH}`);
  const monthTotal = async (account?: string) =>
    (
      await call<Summary>(
        "GET",
        `reports/summary?from=2025-11-01&to=2025-12-01${account ? `&account_id=${account}` : ""}`,
      )
    ).total_cost;
  const monthPanel = () => browser.page.getByRole("region", { name: /November 2025 ·/ });
  const badge = (region: Locator, label: string) =>
    region.locator(".badge", { hasText: new RegExp(`^${label}$`) });

  /** Two captured accounts and their November (and one October request), as the proxy records them. */
  const seed = async () => {
    groq = (await createAccount(server.ctx, { provider: "groq", name: "groq-prod" })).id;
    perplexity = (await createAccount(server.ctx, { provider: "perplexity", name: "pplx-team" }))
      .id;
    await call("POST", "usage", {
      records: [
        proxied(groq, "groq", "2025-11-03T09:15:00.000Z", {
          model: "llama-3.3-70b-versatile",
          prompt_tokens: 10_000_000,
          completion_tokens: 4_000_000,
          api_key_suffix: "g1x9",
        }),
        proxied(groq, "groq", "2025-11-18T16:40:00.000Z", {
          model: "llama-3.3-70b-versatile",
          prompt_tokens: 5_000_000,
          completion_tokens: 1_000_000,
          api_key_suffix: "g1x9",
        }),
        proxied(groq, "groq", "2025-10-21T11:00:00.000Z", {
          model: "llama-3.1-8b-instant",
          prompt_tokens: 2_000_000,
          completion_tokens: 500_000,
          api_key_suffix: "g1x9",
        }),
        // Perplexity reports each request's cost itself; the proxy records the key's last 4.
        ...[0, 1, 2].map((i) =>
          proxied(perplexity, "perplexity", `2025-11-1${i}T10:00:00.000Z`, {
            model: "sonar-pro",
            prompt_tokens: 800,
            completion_tokens: 1200,
            search_queries: 1,
            total_cost: i === 2 ? "0.8125" : "1.25",
            cost_source: "provider_reported",
            api_key_suffix: (PERPLEXITY_KEYS[i === 2 ? 1 : 0] ?? "").slice(-4),
          }),
        ),
      ],
    });
  };

  beforeAll(async () => {
    dist = await buildDashboard();
    server = await startDashboardServer(dist.dir, { now });
    browser = await openBrowser({ width: 1280, height: 900 });
    await signIn(browser.page, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    dist?.remove();
  });

  test("with no accounts yet, it explains and links to the Accounts page", async () => {
    const { page } = browser;
    await page.getByRole("link", { name: "Reconciliation" }).click();
    await page.getByRole("heading", { level: 1, name: "Reconciliation" }).waitFor();
    await page.getByText("There are no accounts yet, so there is nothing to reconcile.").waitFor();
    const link = page.getByRole("link", { name: "Add an account" });
    expect(await link.getAttribute("href")).toBe("/accounts");
  });

  test("shows the API's estimate for the chosen account and month", async () => {
    const { page } = browser;
    await seed();
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Reconciliation" }).waitFor();
    await page.getByLabel("Account", { exact: true }).selectOption({ label: "Groq · groq-prod" });
    await page.getByLabel("Month", { exact: true }).fill(MONTH);
    const api = await estimate(groq);
    // Priced from the catalog: 15M input × $0.59 + 5M output × $0.79 per million.
    expect(api.estimated_total).toBe("12.80");
    expect(await monthTotal(groq)).toBe(api.estimated_total);
    const panel = monthPanel();
    await expect
      .poll(() => panel.getByTestId("estimated-total").textContent())
      .toBe(formatMoney(api.estimated_total));
    await expect.poll(() => badge(panel, "Estimated").count()).toBe(1);
    await expect.poll(() => panel.getByText("2 records in November 2025").count()).toBe(1);
    await expect
      .poll(() => page.getByRole("button", { name: /October 2025 · \$0\.14/ }).count())
      .toBe(1);
  });

  test("previews the difference from the server while the bill is typed; refuses a bad amount at the field", async () => {
    const { page } = browser;
    const amount = page.getByLabel("Billed amount (USD)");
    await amount.fill("13.4.5");
    await page
      .getByText(
        "The amount must be a number of US dollars such as 21.50 (no $ sign or thousands separators).",
      )
      .waitFor();
    expect(await amount.getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByRole("button", { name: "Confirm reconciliation" }).isDisabled()).toBe(
      true,
    );

    await amount.fill(BILLED);
    const preview = await call<ReconciliationView>("POST", "reconciliations", {
      account_id: groq,
      period: MONTH,
      amount: BILLED,
      dry_run: true,
    });
    expect(preview).toMatchObject({ estimated_total: "12.80", delta: "0.65" });
    const percent = formatPercent(toNanos(preview.delta), toNanos(preview.estimated_total));
    expect(percent).toBe("+5.08%");
    const output = page.getByRole("status").filter({ hasText: "against an estimate of" });
    await expect
      .poll(() => output.textContent())
      .toBe(
        `Billed ${formatMoney(BILLED)} against an estimate of ${formatMoney("12.80")}: +${formatMoney(preview.delta)} (${percent}) more than estimated`,
      );
    expect(await amount.getAttribute("aria-invalid")).toBe("false");
  });

  test("confirming makes the month Reconciled at the billed total, counted once", async () => {
    const { page } = browser;
    await page.getByLabel("Note (optional)").fill("invoice GRQ-2025-11");
    await page.getByRole("button", { name: "Confirm reconciliation" }).click();
    const panel = monthPanel();
    await badge(panel, "Reconciled").waitFor();
    await expect.poll(() => badge(panel, "Estimated").count()).toBe(0);
    expect(await panel.getByTestId("billed-total").textContent()).toBe(formatMoney(BILLED));
    await page
      .getByRole("status")
      .filter({ hasText: "Reconciled November 2025 of Groq · groq-prod" })
      .waitFor();
    // The month's total is the bill; Perplexity's estimates are added once, beside it.
    expect(await monthTotal(groq)).toBe(BILLED);
    const perplexityMonth = (await estimate(perplexity)).estimated_total;
    expect(toNanos(await monthTotal())).toBe(toNanos(BILLED) + toNanos(perplexityMonth));
    const history = page.getByRole("region", { name: "History" });
    await expect.poll(() => history.getByRole("row").count()).toBe(2);
    const row = history.getByRole("row").nth(1);
    expect(await row.textContent()).toContain("invoice GRQ-2025-11");
    await expect.poll(() => badge(row, "Active").count()).toBe(1);
  });

  test("undo (after a confirmation) returns the month to Estimated; it can be confirmed again", async () => {
    const { page } = browser;
    const panel = monthPanel();
    await panel.getByRole("button", { name: "Undo reconciliation" }).click();
    const ask = panel.getByRole("group", { name: "Undo this reconciliation?" });
    expect(await ask.textContent()).toContain(
      `the total goes back to the estimate of ${formatMoney("12.80")} instead of the billed ${formatMoney(BILLED)}`,
    );
    await ask.getByRole("button", { name: "Keep it" }).click();
    await expect.poll(() => badge(panel, "Reconciled").count()).toBe(1);

    await panel.getByRole("button", { name: "Undo reconciliation" }).click();
    await panel.getByRole("button", { name: "Yes, undo it" }).click();
    await badge(panel, "Estimated").waitFor();
    expect(await panel.getByTestId("billed-total").textContent()).toBe("Not entered");
    expect(await monthTotal(groq)).toBe("12.80");

    await page.getByLabel("Billed amount (USD)").fill(BILLED);
    await page.getByRole("button", { name: "Confirm reconciliation" }).click();
    await badge(panel, "Reconciled").waitFor();
    expect(await monthTotal(groq)).toBe(BILLED);
    const history = page.getByRole("region", { name: "History" });
    await expect.poll(() => history.getByRole("row").count()).toBe(3);
    const statuses = await history.locator("tbody .badge").allTextContents();
    expect(statuses).toEqual(["Active", "Undone"]);
  });

  test("a request arriving later makes it stale: a warning in words, and reconciling again", async () => {
    const { page } = browser;
    await call("POST", "usage", {
      records: [
        proxied(groq, "groq", "2025-11-29T22:05:00.000Z", {
          model: "llama-3.3-70b-versatile",
          prompt_tokens: 1_000_000,
          completion_tokens: 0,
          api_key_suffix: "g1x9",
        }),
      ],
    });
    await page.reload();
    const panel = monthPanel();
    const warning = panel.getByText("New usage arrived after this reconciliation.");
    await warning.waitFor();
    const [stale] = (
      await call<{ reconciliations: ReconciliationView[] }>(
        "GET",
        `reconciliations?account_id=${groq}`,
      )
    ).reconciliations;
    expect(stale).toMatchObject({
      status: "stale",
      estimated_at_confirmation: "12.80",
      estimated_total: "13.39",
      delta: "0.06",
    });
    const text = await panel.locator(".rec-stale").textContent();
    expect(text).toContain(`was ${formatMoney("12.80")}; it is now ${formatMoney("13.39")}`);
    expect(text).toContain(
      `The billed ${formatMoney(BILLED)} is now +${formatMoney("0.06")} (${formatPercent(toNanos("0.06"), toNanos("13.39"))}) more than estimated`,
    );
    // Stale, the month still totals the bill.
    expect(await monthTotal(groq)).toBe(BILLED);

    await panel.getByRole("button", { name: "Re-reconcile" }).click();
    expect(await page.getByLabel("Billed amount (USD)").inputValue()).toBe(BILLED);
    await page.getByLabel("Billed amount (USD)").fill("13.50");
    await page.getByRole("button", { name: "Confirm again" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `the month now totals ${formatMoney("13.50")}` })
      .waitFor();
    await expect.poll(() => warning.count()).toBe(0);
    expect(await panel.getByTestId("billed-total").textContent()).toBe(formatMoney("13.50"));
    expect(await monthTotal(groq)).toBe("13.50");
    const history = page.getByRole("region", { name: "History" });
    await expect
      .poll(() => history.locator("tbody .badge").allTextContents())
      .toEqual(["Active", "Replaced", "Undone"]);
    await screenshot(page, "reconciliation");
  });

  test("a month without usage says so and offers the months that have some", async () => {
    const { page } = browser;
    await page.getByLabel("Month", { exact: true }).fill("2024-01");
    await page.getByText("No usage is recorded for Groq · groq-prod in January 2024").waitFor();
    await page.getByRole("button", { name: /November 2025 · \$13\.39/ }).click();
    await badge(monthPanel(), "Reconciled").waitFor();
    expect(await page.getByLabel("Month", { exact: true }).inputValue()).toBe(MONTH);
  });

  test("Perplexity's month is split by API key, each shown by its last 4 characters only", async () => {
    const { page } = browser;
    await page
      .getByLabel("Account", { exact: true })
      .selectOption({ label: "Perplexity · pplx-team" });
    const api = await estimate(perplexity);
    expect(api.keys).toEqual([
      { api_key_suffix: "ab12", estimated_total: "2.50", records: 2, unpriced_records: 0 },
      { api_key_suffix: "cd34", estimated_total: "0.8125", records: 1, unpriced_records: 0 },
    ]);
    const keys = page.getByRole("region", { name: "By API key" });
    await keys.waitFor();
    const cards = keys.getByRole("listitem");
    await expect.poll(() => cards.count()).toBe(2);
    expect(await cards.nth(0).getByRole("heading").textContent()).toBe("Key …ab12");
    expect(await cards.nth(1).getByRole("heading").textContent()).toBe("Key …cd34");
    expect(await cards.nth(0).textContent()).toContain(formatMoney("2.50"));
    expect(await cards.nth(1).textContent()).toContain(formatMoney("0.8125"));
    const body = (await page.locator("main").textContent()) ?? "";
    for (const key of PERPLEXITY_KEYS) expect(body).not.toContain(key.slice(0, -4));

    await page.getByLabel("Billed for key …ab12 (USD)").fill("2.60");
    await cards
      .nth(0)
      .getByRole("status")
      .filter({ hasText: `+${formatMoney("0.10")} (+4.00%)` })
      .waitFor();
    await page.getByRole("button", { name: "Confirm …ab12" }).click();
    await badge(cards.nth(0), "Reconciled").waitFor();
    await expect.poll(() => badge(cards.nth(1), "Estimated").count()).toBe(1);
    // One key at its bill, the other at its estimate; the whole month waits for the keys.
    expect(await monthTotal(perplexity)).toBe("3.4125");
    const panel = monthPanel();
    await panel.getByText("November 2025 is reconciled key by key (…ab12)").waitFor();
    await expect.poll(() => badge(panel, "Reconciled per key").count()).toBe(1);
    expect(await panel.getByTestId("billed-total").textContent()).toBe(formatMoney("2.60"));
    await expect.poll(() => page.getByLabel("Billed amount (USD)").count()).toBe(0);
    expect(browser.problems).toEqual([]);
    // The only refusal was the signed-out session check before signing in.
    expect(browser.refused).toHaveLength(1);
    expect(browser.refused[0]).toContain("/api/v1/session");
  });

  test("works at phone width with the history scrolling inside its frame", async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByLabel("Account", { exact: true }).selectOption({ label: "Groq · groq-prod" });
    await badge(monthPanel(), "Reconciled").waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    await screenshot(page, "reconciliation-phone");
    expect(browser.problems).toEqual([]);
  });
});
