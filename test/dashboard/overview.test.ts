/**
 * The overview on a seeded ledger: two months, four providers, official data superseding an
 * estimate, a reconciled month, a manual entry, an unpriced record, a record after "today",
 * and a failing sync. Every figure is checked against summarizeUsage and worked by hand.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { divideHalfEven, formatUsd, parseUsd } from "../../src/core/money.ts";
import { createAccount } from "../../src/services/accounts.ts";
import { ingestUsage } from "../../src/services/ingest.ts";
import { addManualEntry } from "../../src/services/manual/index.ts";
import { getOverview, monthCalendar, type Overview } from "../../src/services/overview.ts";
import { reconcilePeriod } from "../../src/services/reconcile/reconcile.ts";
import { summarizeUsage } from "../../src/services/reports.ts";
import { DIALECTS } from "../support/databases.ts";
import { openDashboardApp, TEST_TOKEN } from "./support.ts";

const NOW = new Date("2025-06-07T15:30:00Z");

describe.each(DIALECTS)("overview on %s", (dialect) => {
  let api: Awaited<ReturnType<typeof openDashboardApp>>;
  const ids = { anthropic: "", openai: "", groq: "", copilot: "" };

  const get = async (path: string) =>
    api.app.request(path, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });

  beforeAll(async () => {
    api = await openDashboardApp(dialect, { now: () => NOW });
    const { ctx } = api;
    ids.anthropic = (await createAccount(ctx, { provider: "anthropic", name: "org" })).id;
    ids.openai = (await createAccount(ctx, { provider: "openai", name: "platform" })).id;
    ids.groq = (await createAccount(ctx, { provider: "groq", name: "fast" })).id;
    ids.copilot = (await createAccount(ctx, { provider: "github_copilot", name: "seats" })).id;

    const record = (
      account: string,
      date: string,
      cost: string | null,
      extra: Record<string, unknown> = {},
    ) => ({
      account_id: account,
      timestamp: `${date}T12:00:00Z`,
      model: "claude-sonnet-4-5",
      prompt_tokens: 100,
      completion_tokens: 10,
      total_cost: cost,
      source: "proxy",
      idempotency_key: `${account}:${date}:${cost}:${String(extra.model ?? "")}`,
      ...extra,
    });

    // Official data covers Anthropic's June 1st: the proxied estimate that day stays stored
    // but does not count.
    await ctx.sync.markCovered(ids.anthropic, ["2025-06-01"], NOW.toISOString());
    await ingestUsage(ctx, {
      records: [
        // May (last month).
        record(ids.anthropic, "2025-05-15", "10.00"),
        record(ids.groq, "2025-05-20", "3.00", { model: "llama-3.3-70b-versatile" }),
        record(ids.groq, "2025-05-21", "2.00", { model: "llama-3.3-70b-versatile" }),
        record(ids.openai, "2025-05-31", "1.10", { model: "gpt-4.1" }),
        // June, through the 7th.
        record(ids.anthropic, "2025-06-01", "4.000000003", {
          confidence: "official",
          source: "admin_api",
          bucket: "1d",
        }),
        record(ids.anthropic, "2025-06-01", "3.00", { project: "checkout" }),
        record(ids.openai, "2025-06-02", "2.50", { model: "gpt-4.1", project: "search" }),
        record(ids.anthropic, "2025-06-04", "1.25", {
          model: "claude-haiku-4-5",
          project: "checkout",
        }),
        record(ids.groq, "2025-06-05", "0.75", {
          model: "llama-3.3-70b-versatile",
          project: "checkout",
        }),
        record(ids.openai, "2025-06-06", "0.333333333", { model: "gpt-4.1", project: "search" }),
        // A fine-tuned model no catalog knows: unpriced, never $0.
        record(ids.openai, "2025-06-06", null, { model: "ft:gpt-4.1:acme:support:abc123" }),
        // After "today": not month to date.
        record(ids.groq, "2025-06-11", "100.00", { model: "llama-3.3-70b-versatile" }),
      ],
    });
    await addManualEntry(ctx, {
      account_id: ids.copilot,
      date: "2025-06-03",
      cost: "19.00",
      model: "copilot-business",
    });
    // Groq's May was billed at 4.50, not the 5.00 estimated.
    await reconcilePeriod(ctx, { account_id: ids.groq, period: "2025-05", amount: "4.50" });

    // OpenAI's sync succeeded on June 1st and has failed since June 2nd.
    const run = (id: string, startedAt: string, outcome: "success" | "failed") =>
      ctx.sync.insertRun({
        id,
        account_id: ids.openai,
        trigger: "schedule",
        window_start: "2025-05-29T00:00:00Z",
        window_end: startedAt,
        started_at: startedAt,
        finished_at: startedAt,
        outcome,
        records: 0,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        error_class: outcome === "failed" ? "auth" : null,
        error_message: outcome === "failed" ? "invalid admin key" : null,
      });
    await run("run_1", "2025-06-01T00:00:00.000Z", "success");
    await run("run_2", "2025-06-02T00:00:00.000Z", "failed");
    await run("run_3", "2025-06-03T00:00:00.000Z", "failed");
    await ctx.sync.updateStatus(
      ids.openai,
      {
        last_run_at: "2025-06-03T00:00:00.000Z",
        last_success_at: "2025-06-01T00:00:00.000Z",
        last_error_class: "auth",
        last_error_message: "invalid admin key",
        paused_reason: "auth error: invalid admin key",
      },
      NOW.toISOString(),
    );
    // Anthropic syncs fine: no warning.
    await ctx.sync.updateStatus(
      ids.anthropic,
      { last_run_at: "2025-06-07T00:00:00.000Z", last_success_at: "2025-06-07T00:00:00.000Z" },
      NOW.toISOString(),
    );
  });
  afterAll(async () => {
    await api.close();
  });

  test("headline figures are exact and agree with summarizeUsage", async () => {
    const overview = await getOverview(api.ctx, { today: "2025-06-07" });
    const june = await summarizeUsage(api.ctx, { from: "2025-06-01", to: "2025-06-08" });
    const may = await summarizeUsage(api.ctx, { from: "2025-05-01", to: "2025-06-01" });

    // 4.000000003 official + 2.50 + 19.00 manual + 1.25 + 0.75 + 0.333333333; the superseded
    // estimate (3.00) and the 11th (100.00) are not in it.
    expect(overview.month_to_date).toBe("27.833333336");
    expect(overview.month_to_date).toBe(june.total_cost);
    // 10.00 + 1.10 + Groq's reconciled 4.50.
    expect(overview.last_month).toBe("15.60");
    expect(overview.last_month).toBe(may.total_cost);
    expect(overview).toMatchObject({
      currency: "USD",
      today: "2025-06-07",
      month: "2025-06",
      days_elapsed: 7,
      days_in_month: 30,
      unpriced_records: 1,
      records: june.records,
    });
    expect(overview.unpriced_records).toBe(june.unpriced_records);
  });

  test("the forecast is month to date / days elapsed × days in month, rounded half-even once", async () => {
    const overview = await getOverview(api.ctx, { today: "2025-06-07" });
    // 27.833333336 × 30 / 7 = 119.2857142971…: rounds down.
    expect(overview.forecast_month_end).toBe("119.285714297");
    expect(overview.forecast_month_end).toBe(
      formatUsd(divideHalfEven(parseUsd(overview.month_to_date) * 30n, 7n)),
    );
    // Through the 4th: 4.000000003 + 2.50 + 19.00 + 1.25 = 26.750000003; × 30 / 4 is
    // 200.6250000225 exactly, a tie, which goes to the even nano-dollar (…022, not …023).
    const early = await getOverview(api.ctx, { today: "2025-06-04" });
    expect(early.month_to_date).toBe("26.750000003");
    expect(early.forecast_month_end).toBe("200.625000022");
    // On the last day the forecast is the month's spend.
    const last = await getOverview(api.ctx, { today: "2025-06-30" });
    expect(last.forecast_month_end).toBe(last.month_to_date);
    expect(last.month_to_date).toBe("127.833333336");
  });

  test("daily spend covers every day so far, stacked by provider, zero days included", async () => {
    const overview = await getOverview(api.ctx, { today: "2025-06-07" });
    expect(overview.providers).toEqual(["anthropic", "github_copilot", "groq", "openai"]);
    const zero = { anthropic: "0.00", github_copilot: "0.00", groq: "0.00", openai: "0.00" };
    expect(overview.daily).toEqual([
      {
        date: "2025-06-01",
        providers: { ...zero, anthropic: "4.000000003" },
        total: "4.000000003",
      },
      { date: "2025-06-02", providers: { ...zero, openai: "2.50" }, total: "2.50" },
      { date: "2025-06-03", providers: { ...zero, github_copilot: "19.00" }, total: "19.00" },
      { date: "2025-06-04", providers: { ...zero, anthropic: "1.25" }, total: "1.25" },
      { date: "2025-06-05", providers: { ...zero, groq: "0.75" }, total: "0.75" },
      { date: "2025-06-06", providers: { ...zero, openai: "0.333333333" }, total: "0.333333333" },
      { date: "2025-06-07", providers: zero, total: "0.00" },
    ]);
    const byDay = await summarizeUsage(api.ctx, {
      from: "2025-06-01",
      to: "2025-06-08",
      group_by: ["date"],
    });
    for (const group of byDay.groups) {
      expect(overview.daily.find((d) => d.date === group.date)?.total).toBe(group.total_cost);
    }
  });

  test("totals by confidence carry the summary's confidence and every badge", async () => {
    const overview = await getOverview(api.ctx, { today: "2025-06-07" });
    const june = await summarizeUsage(api.ctx, { from: "2025-06-01", to: "2025-06-08" });
    const { totals, ...confidence } = overview.by_confidence;
    expect(confidence).toEqual(june.confidence);
    expect(confidence).toMatchObject({ level: "mixed", label: "Mixed" });
    expect(totals).toEqual([
      {
        confidence: "official",
        label: "Official",
        total_cost: "4.000000003",
        records: 1,
        unpriced_records: 0,
      },
      {
        confidence: "estimated",
        label: "Estimated",
        total_cost: "4.833333333",
        records: 5,
        unpriced_records: 1,
      },
      {
        confidence: "manual",
        label: "Manual Entry",
        total_cost: "19.00",
        records: 1,
        unpriced_records: 0,
      },
      {
        confidence: "reconciled",
        label: "Reconciled",
        total_cost: "0.00",
        records: 0,
        unpriced_records: 0,
      },
    ]);
    // Last month's reconciled Groq shows up as Reconciled when May is the month.
    const may = await getOverview(api.ctx, { today: "2025-05-31" });
    const may_summary = await summarizeUsage(api.ctx, { from: "2025-05-01", to: "2025-06-01" });
    const { totals: mayTotals, ...mayConfidence } = may.by_confidence;
    expect(mayConfidence).toEqual(may_summary.confidence);
    expect(mayTotals.find((t) => t.confidence === "reconciled")?.total_cost).toBe("4.50");
  });

  test("top models and projects, largest first, without the unpriced or superseded", async () => {
    const overview = await getOverview(api.ctx, { today: "2025-06-07" });
    expect(
      overview.top_models.map(({ model, provider, total_cost }) => ({
        model,
        provider,
        total_cost,
      })),
    ).toEqual([
      { model: "copilot-business", provider: "github_copilot", total_cost: "19.00" },
      { model: "claude-sonnet-4-5", provider: "anthropic", total_cost: "4.000000003" },
      { model: "gpt-4.1", provider: "openai", total_cost: "2.833333333" },
      { model: "claude-haiku-4-5", provider: "anthropic", total_cost: "1.25" },
      { model: "llama-3.3-70b-versatile", provider: "groq", total_cost: "0.75" },
    ]);
    const byModel = await summarizeUsage(api.ctx, {
      from: "2025-06-01",
      to: "2025-06-08",
      group_by: ["provider", "model"],
    });
    for (const entry of overview.top_models) {
      const group = byModel.groups.find(
        (g) => g.provider === entry.provider && g.model === entry.model,
      );
      expect(entry.total_cost).toBe(group?.total_cost);
      expect(entry.records).toBe(group?.records);
    }
    expect(overview.top_projects).toEqual([
      { project: null, total_cost: "23.000000003", records: 3 },
      { project: "search", total_cost: "2.833333333", records: 2 },
      { project: "checkout", total_cost: "2.00", records: 2 },
    ]);
  });

  test("failing syncs are listed with when the failures began", async () => {
    const overview = await getOverview(api.ctx, { today: "2025-06-07" });
    expect(overview.sync_errors).toEqual([
      {
        account_id: ids.openai,
        name: "platform",
        provider: "openai",
        error_class: "auth",
        message: "invalid admin key",
        since: "2025-06-02T00:00:00.000Z",
        paused_reason: "auth error: invalid admin key",
      },
    ]);
  });

  test("GET /api/v1/overview answers the same, today defaulting to the current UTC date", async () => {
    const explicit = await get("/api/v1/overview?today=2025-06-07");
    expect(explicit.status).toBe(200);
    const body = (await explicit.json()) as Overview;
    expect(body).toEqual(await getOverview(api.ctx, { today: "2025-06-07" }));
    const implicit = (await (await get("/api/v1/overview")).json()) as Overview;
    expect(implicit).toEqual(body);
  });

  test("a bad date is a 400 in the error envelope", async () => {
    for (const today of ["2025-02-30", "June", ""]) {
      const response = await get(`/api/v1/overview?today=${today}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { code: "validation_error", details: [{ field: "today" }] },
      });
    }
  });

  test("a month with no spend is all zeros, not an error", async () => {
    const overview = await getOverview(api.ctx, { today: "2024-02-29" });
    expect(overview).toMatchObject({
      month: "2024-02",
      month_to_date: "0.00",
      last_month: "0.00",
      forecast_month_end: "0.00",
      days_elapsed: 29,
      days_in_month: 29,
      providers: [],
      top_models: [],
      top_projects: [],
      unpriced_records: 0,
      records: 0,
      by_confidence: { level: "none", label: "No spend", shares: [] },
    });
    expect(overview.daily).toHaveLength(29);
    expect(overview.daily[28]).toEqual({ date: "2024-02-29", providers: {}, total: "0.00" });
  });
});

describe("month calendar", () => {
  test.each([
    ["2025-06-07", 7, 30, "2025-05-01"],
    ["2025-01-31", 31, 31, "2024-12-01"],
    ["2024-02-29", 29, 29, "2024-01-01"],
    ["2023-02-01", 1, 28, "2023-01-01"],
    ["2025-03-15", 15, 31, "2025-02-01"],
  ])("%s: day %i of %i, previous month from %s", (today, elapsed, days, previous) => {
    expect(monthCalendar(today)).toEqual({
      daysElapsed: elapsed,
      daysInMonth: days,
      previousMonthStart: previous,
    });
  });
});
