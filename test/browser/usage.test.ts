/**
 * The usage explorer in a real browser: filters in the URL, server-side sorting and paging,
 * each row's badge and cost story, totals equal to the summary API's, and the CSV export of
 * the same filter.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../src/services/accounts.ts";
import { ingestUsage } from "../../src/services/ingest.ts";
import { formatMoney } from "../../web/src/ui/format.ts";
import {
  type BrowserSession,
  buildDashboard,
  type DashboardServer,
  openBrowser,
  screenshot,
  signIn,
  startDashboardServer,
} from "./harness.ts";

const GROQ_RECORDS = 9;

describe("the usage explorer", () => {
  let build: Awaited<ReturnType<typeof buildDashboard>>;
  let server: DashboardServer;
  let session: BrowserSession;
  let page: Page;

  const apiGet = <T>(path: string) => server.api<T>("GET", path);

  const recordsTable = () => page.getByRole("table", { name: "Usage records" });
  /** The record rows of the table, without the rows of opened details. */
  const recordRows = () => recordsTable().locator(":scope > tbody > tr:not(.usage-details-row)");
  const rowWith = (text: string) => recordRows().filter({ hasText: text });
  const totalCost = () =>
    page.locator(".usage-stats .stat").filter({ hasText: "Total cost" }).locator("dd").first();

  beforeAll(async () => {
    build = await buildDashboard();
    server = await startDashboardServer(build.dir);
    const { ctx } = server;
    const anthropic = (await createAccount(ctx, { provider: "anthropic", name: "anthropic-org" }))
      .id;
    const groq = (await createAccount(ctx, { provider: "groq", name: "groq-prod" })).id;
    await ingestUsage(ctx, {
      records: [
        // Priced from the catalog: 1,000 in × $3/MTok + 500 out × $15/MTok = $0.0105.
        ...[1, 2, 3].map((i) => ({
          account_id: anthropic,
          timestamp: `2025-06-0${i}T10:00:00Z`,
          model: "claude-sonnet-4",
          prompt_tokens: 1000 * i,
          completion_tokens: 500,
          project: "search",
          source: "proxy" as const,
          idempotency_key: `anthropic-${i}`,
        })),
        {
          account_id: anthropic,
          timestamp: "2025-06-05T00:00:00Z",
          bucket: "1d" as const,
          model: "claude-opus-4",
          requests: 0,
          total_cost: "12.50",
          cost_source: "official_report" as const,
          confidence: "official" as const,
          source: "admin_api" as const,
          metadata: { endpoint: "cost_report", description: "Claude Opus 4 usage" },
          idempotency_key: "anthropic-cost-0605",
        },
        {
          account_id: anthropic,
          date: "2025-06-06",
          bucket: "1d" as const,
          model: "claude-sonnet-4",
          total_cost: "40",
          cost_source: "manual" as const,
          confidence: "manual" as const,
          source: "manual" as const,
          request_type: "manual" as const,
          metadata: { note: "Console usage before capture" },
          idempotency_key: "anthropic-manual-0606",
        },
        // Groq: provider-reported costs, one tiny, one unpriced.
        ...Array.from({ length: GROQ_RECORDS - 2 }, (_, i) => ({
          account_id: groq,
          timestamp: `2025-06-1${i}T08:30:00Z`,
          model: "llama-3.3-70b-versatile",
          prompt_tokens: 2000 + i * 100,
          completion_tokens: 300,
          total_cost: `0.${String(21 + i * 7).padStart(2, "0")}`,
          project: i % 2 === 0 ? "chat" : "search",
          idempotency_key: `groq-${i}`,
        })),
        {
          account_id: groq,
          timestamp: "2025-06-18T12:00:00Z",
          model: "llama-3.1-8b-instant",
          prompt_tokens: 40,
          completion_tokens: 2,
          total_cost: "0.000004",
          project: "chat",
          idempotency_key: "groq-tiny",
        },
        {
          account_id: groq,
          timestamp: "2025-06-19T12:00:00Z",
          model: "llama-9-unreleased",
          prompt_tokens: 900,
          completion_tokens: 100,
          project: "chat",
          idempotency_key: "groq-unpriced",
        },
      ],
    });
    session = await openBrowser({ width: 1280, height: 900 });
    page = session.page;
    await signIn(page, server.url);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await server?.close();
    build?.remove();
  });

  it("lists every record with its badge and the story of its cost", async () => {
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Usage" })
      .click();
    await page.getByRole("heading", { name: "Usage", level: 1 }).waitFor();
    await expect.poll(() => recordRows().count()).toBe(5 + GROQ_RECORDS);

    const tiny = rowWith("llama-3.1-8b-instant");
    await expect.poll(() => tiny.textContent()).toContain("< $0.01");
    expect(await tiny.textContent()).toContain("Provider-reported");
    expect(await tiny.locator(".badge").textContent()).toBe("Estimated");

    const unpriced = rowWith("llama-9-unreleased");
    expect(await unpriced.textContent()).toContain("unpriced");
    expect(await unpriced.textContent()).toContain("No price known");

    const official = rowWith("claude-opus-4");
    expect(await official.locator(".badge").textContent()).toBe("Official");
    expect(await official.textContent()).toContain("Official report");
    expect(await rowWith("Entered by hand").locator(".badge").textContent()).toBe("Manual Entry");

    const priced = rowWith("Catalog price").first();
    expect(await priced.textContent()).toContain("claude-sonnet-4");
    const details = priced.getByRole("button", { name: /^Details/ });
    expect(await details.getAttribute("aria-expanded")).toBe("false");
    await details.click();
    expect(await priced.getByRole("button", { name: /^Hide/ }).getAttribute("aria-expanded")).toBe(
      "true",
    );
    const story = page.getByText(/^Priced from the catalog: claude-sonnet-4/);
    await story.waitFor();
    expect(await story.textContent()).toBe(
      "Priced from the catalog: claude-sonnet-4 at input $3.00/MTok, output $15.00/MTok (price version anthropic/claude-sonnet-4@2025-05-22).",
    );
    await page.getByText("the same amount as stored", { exact: false }).waitFor();
    const arithmetic = page.getByRole("table", { name: "How the catalog prices this record" });
    expect(await arithmetic.getByRole("row", { name: /Input tokens/ }).textContent()).toContain(
      "$3.00 per 1M tokens",
    );

    await rowWith("claude-opus-4")
      .getByRole("button", { name: /^Details/ })
      .click();
    await page.getByText("From Anthropic's official cost report (Claude Opus 4 usage).").waitFor();
    await screenshot(page, "usage");
  });

  it("totals equal the summary API's for the same filter", async () => {
    const summary = await apiGet<{ total_cost: string; unpriced_records: number }>(
      "reports/summary",
    );
    await expect.poll(() => totalCost().textContent()).toBe(formatMoney(summary.total_cost));
    expect(summary.unpriced_records).toBe(1);
    await expect
      .poll(() => page.getByText("plus 1 unpriced record of unknown cost").count())
      .toBe(1);
    const byProvider = page.getByRole("table", { name: "Totals by provider" });
    await expect.poll(() => byProvider.getByRole("row", { name: /^Groq/ }).count()).toBe(1);
    await expect.poll(() => byProvider.getByRole("row", { name: /^Anthropic/ }).count()).toBe(1);

    await page.getByLabel("Group by").selectOption("account_id");
    await page.waitForURL(/group=account_id/);
    const byAccount = page.getByRole("table", { name: "Totals by account" });
    await expect
      .poll(() => byAccount.locator("tbody th").allTextContents())
      .toEqual(["anthropic-org", "groq-prod"]); // largest cost first: $52.54, then $2.94
    expect(await byAccount.locator("tfoot").textContent()).toContain(
      formatMoney(summary.total_cost),
    );
  });

  it("says why a record is unpriced", async () => {
    await rowWith("llama-9-unreleased")
      .getByRole("button", { name: /^Details/ })
      .click();
    await page
      .getByText("Unpriced: the catalog has no price for Groq llama-9-unreleased on 2025-06-19.", {
        exact: false,
      })
      .waitFor();
    await page.getByText("groq/llama-9-unreleased is not in the price catalog").waitFor();
    await rowWith("llama-9-unreleased").getByRole("button", { name: /^Hide/ }).click();
    expect(
      await page.getByText("groq/llama-9-unreleased is not in the price catalog").count(),
    ).toBe(0);
  });

  it("filters by provider through the URL, and the CSV link carries the filter", async () => {
    await page.getByLabel("Provider", { exact: true }).selectOption("groq");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/provider=groq/);
    await expect.poll(() => recordRows().count()).toBe(GROQ_RECORDS);
    const providers = await recordRows().locator("td:nth-child(2)").allTextContents();
    expect(new Set(providers)).toEqual(new Set(["Groq"]));

    const summary = await apiGet<{ total_cost: string }>("reports/summary?provider=groq");
    await expect.poll(() => totalCost().textContent()).toBe(formatMoney(summary.total_cost));

    const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    const url = new URL(href ?? "", server.url);
    expect(url.pathname).toBe("/api/v1/export/records");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      format: "csv",
      provider: "groq",
      sort: "-timestamp",
    });
    const csv = await page.request.get(url.toString());
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\n");
    expect(lines[0]).toMatch(/^id,account_id,provider,/);
    expect(lines).toHaveLength(GROQ_RECORDS + 1);
    expect(lines.slice(1).every((line) => line.split(",")[2] === "groq")).toBe(true);

    // Back returns to the unfiltered view, forward to the filtered one.
    await page.goBack();
    await expect.poll(() => recordRows().count()).toBe(5 + GROQ_RECORDS);
    expect(await page.getByLabel("Provider", { exact: true }).inputValue()).toBe("");
    await page.goForward();
    await expect.poll(() => recordRows().count()).toBe(GROQ_RECORDS);
    expect(await page.getByLabel("Provider", { exact: true }).inputValue()).toBe("groq");
  });

  it("sorts by cost on the server, unpriced last either way", async () => {
    const costHeader = recordsTable().getByRole("columnheader", { name: "Cost" });
    expect(await costHeader.getAttribute("aria-sort")).toBe("none");
    const firstModel = () => recordRows().first().locator("td:nth-child(4)").textContent();
    const lastModel = () => recordRows().last().locator("td:nth-child(4)").textContent();
    expect(await firstModel()).toBe("llama-9-unreleased");

    await costHeader.getByRole("button").click();
    await page.waitForURL(/sort=-total_cost/);
    await expect.poll(() => costHeader.getAttribute("aria-sort")).toBe("descending");
    await expect
      .poll(() => recordRows().first().locator("td:nth-child(7)").textContent())
      .toMatch(/^\$0\.63/);
    expect(await lastModel()).toBe("llama-9-unreleased");

    await costHeader.getByRole("button").click();
    await page.waitForURL(/sort=total_cost/);
    await expect.poll(() => costHeader.getAttribute("aria-sort")).toBe("ascending");
    await expect.poll(firstModel).toBe("llama-3.1-8b-instant");
    expect(await lastModel()).toBe("llama-9-unreleased");
    expect(
      await recordsTable().getByRole("columnheader", { name: "Time" }).getAttribute("aria-sort"),
    ).toBe("none");
  });

  it("pages forward and back with a small page size", async () => {
    await page.getByRole("button", { name: "Clear filters" }).first().click();
    await page.getByLabel("Rows per page").selectOption("10");
    await page.waitForURL(/limit=10/);
    await expect.poll(() => recordRows().count()).toBe(10);
    const firstPage = await recordRows().allTextContents();
    const pager = page.getByRole("navigation", { name: "Pages of records" });
    expect(await pager.textContent()).toContain("records 1–10");
    expect(await pager.getByRole("button", { name: "← Previous" }).isDisabled()).toBe(true);

    await pager.getByRole("button", { name: "Next →" }).click();
    await expect.poll(() => recordRows().count()).toBe(5 + GROQ_RECORDS - 10);
    expect(await pager.textContent()).toContain(`records 11–${5 + GROQ_RECORDS}`);
    expect(await pager.getByRole("button", { name: "Next →" }).isDisabled()).toBe(true);
    const secondPage = await recordRows().allTextContents();
    expect(secondPage.filter((row) => firstPage.includes(row))).toEqual([]);
    // Cheapest first, unpriced last: the last row of the last page is the unpriced record.
    expect(secondPage.at(-1)).toContain("llama-9-unreleased");

    await pager.getByRole("button", { name: "← Previous" }).click();
    await expect.poll(() => recordRows().allTextContents()).toEqual(firstPage);
  });

  it("takes an inclusive To date and asks the API for the day after", async () => {
    await page.getByLabel("From").fill("2025-06-12");
    await page.getByLabel("To", { exact: true }).fill("2025-06-10");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByText("must be on or after the From date").waitFor();
    expect(page.url()).not.toContain("from=");

    await page.getByLabel("From").fill("2025-06-10");
    await page.getByLabel("To", { exact: true }).fill("2025-06-12");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/from=2025-06-10&through=2025-06-12/);
    await expect.poll(() => recordRows().count()).toBe(3);
    const summary = await apiGet<{ total_cost: string; records: number }>(
      "reports/summary?from=2025-06-10&to=2025-06-13",
    );
    expect(summary.records).toBe(3);
    await expect.poll(() => totalCost().textContent()).toBe(formatMoney(summary.total_cost));
    const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    expect(href).toContain("from=2025-06-10&to=2025-06-13");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect.poll(() => recordRows().count()).toBe(10);
  });

  it("says so when nothing matches, and clears the filters", async () => {
    await page.getByLabel("Project").fill("no-such-project");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByText("No usage matches these filters.").waitFor();
    await page.locator(".state.empty").getByRole("button", { name: "Clear filters" }).click();
    await expect.poll(() => recordRows().count()).toBe(10);
    expect(page.url()).not.toContain("project=");
  });

  it("two changes in the same moment keep each other: clearing filters, then a page size", async () => {
    await page.goto(`${server.url}/usage?provider=groq`);
    await expect.poll(() => recordRows().count()).toBe(9);
    const clear = await page.getByRole("button", { name: "Clear filters" }).first().elementHandle();
    const rows = await page.getByLabel("Rows per page").elementHandle();
    // Both in one task, before React renders the first: the second must not restore the filter.
    await page.evaluate(
      ([button, select]) => {
        (button as HTMLButtonElement).click();
        (select as HTMLSelectElement).value = "25";
        select?.dispatchEvent(new Event("change", { bubbles: true }));
      },
      [clear, rows],
    );
    await page.waitForURL(/limit=25/);
    expect(new URL(page.url()).searchParams.get("provider")).toBeNull();
    await expect.poll(() => recordRows().count()).toBe(14);
  });

  it("fits a phone", async () => {
    const phone = await openBrowser({ width: 390, height: 844 });
    await signIn(phone.page, server.url);
    await phone.page.goto(`${server.url}/usage?provider=groq&sort=-total_cost`);
    await phone.page.getByRole("table", { name: "Usage records" }).waitFor();
    await phone.page.getByRole("table", { name: "Totals by provider" }).waitFor();
    await screenshot(phone.page, "usage-phone");
    const overflow = await phone.page.evaluate(
      "document.documentElement.scrollWidth - document.documentElement.clientWidth",
    );
    expect(overflow).toBe(0);
    expect(phone.problems).toEqual([]);
    await phone.close();
  });

  it("had no console problems", () => {
    expect(session.problems).toEqual([]);
  });
});
