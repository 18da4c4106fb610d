/**
 * One month, several sources, every dollar counted once: Anthropic official data (synced from
 * the fake admin API) with proxied Anthropic estimates on the same days, Groq estimates
 * reconciled to an invoice, and Copilot seats entered manually. The total must be official +
 * billed + manual exactly, each part labelled, and every original record intact.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseScaledDecimal, parseUsd } from "../../src/core/money.ts";
import { resetBreakers } from "../../src/providers/shared/resilience.ts";
import { createAccount } from "../../src/services/accounts.ts";
import type { ServiceContext } from "../../src/services/context.ts";
import { ingestUsage } from "../../src/services/ingest.ts";
import {
  listReconciliations,
  reconcilePeriod,
  undoReconciliation,
} from "../../src/services/reconcile/reconcile.ts";
import { estimateGaps } from "../../src/services/estimate-gaps.ts";
import { addCredit, creditStatus } from "../../src/services/credits/index.ts";
import { addRecurring } from "../../src/services/manual/index.ts";
import { summarizeUsage } from "../../src/services/reports.ts";
import { syncAccount } from "../../src/services/sync/sync-account.ts";
import { DEFAULT_ANTHROPIC_ADMIN_KEY, startFakeAnthropicAdmin } from "../fakes/anthropic-admin.ts";
import { seedAnthropicMonth } from "../fakes/anthropic-seed.ts";
import { DIALECTS, openTestStore } from "../support/databases.ts";
import { syncContext } from "../support/sync.ts";

const usd = (text: string) => parseUsd(text);

describe.each(DIALECTS)("confidence and precedence on %s", (dialect) => {
  let fake: Awaited<ReturnType<typeof startFakeAnthropicAdmin>>;
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let ctx: ServiceContext;
  let anthropic: string;
  let groq: string;
  let copilot: string;
  let perplexity: string;
  let official: bigint;

  beforeAll(async () => {
    resetBreakers();
    fake = await startFakeAnthropicAdmin();
    // Only the cost report matters here: official dollars for the first week of November.
    const seed = seedAnthropicMonth({ month: "2025-11" });
    fake.state.usage = seed.usage.filter(
      (r) => r.starting_at < "2025-11-08" && r.service_tier !== "priority",
    );
    fake.state.costs = seed.costs.filter((r) => r.date < "2025-11-08");
    official = fake.state.costs.reduce((sum, r) => sum + parseScaledDecimal(r.amount, 7), 0n);
    store = await openTestStore(dialect);
    ctx = syncContext(store, { anthropic: fake.url }, new Date("2025-12-02T00:00:00Z"));
    anthropic = (
      await createAccount(ctx, {
        provider: "anthropic",
        name: "org",
        admin_key: DEFAULT_ANTHROPIC_ADMIN_KEY,
      })
    ).id;
    groq = (await createAccount(ctx, { provider: "groq", name: "groq" })).id;
    copilot = (await createAccount(ctx, { provider: "github_copilot", name: "seats" })).id;

    await syncAccount(ctx, { account_id: anthropic, from: "2025-11-01", to: "2025-11-08" });
    await ingestUsage(ctx, {
      records: [
        // Proxied Anthropic estimates on days the official sync covered: stored, not added.
        ...[1, 2, 3].map((d) => ({
          account_id: anthropic,
          timestamp: `2025-11-0${d}T12:00:00Z`,
          model: "claude-haiku-4-5",
          prompt_tokens: 1000,
          completion_tokens: 100,
          total_cost: "5.00",
          source: "proxy",
          idempotency_key: `anthropic:msg_${d}`,
        })),
        // A proxied estimate on a day the sync did not cover: it counts.
        {
          account_id: anthropic,
          timestamp: "2025-11-20T12:00:00Z",
          model: "claude-haiku-4-5",
          prompt_tokens: 10,
          total_cost: "0.70",
          source: "proxy",
          idempotency_key: "anthropic:msg_20",
        },
        ...[4, 5].map((d) => ({
          account_id: groq,
          timestamp: `2025-11-0${d}T09:00:00Z`,
          model: "llama-3.3-70b-versatile",
          prompt_tokens: 2000,
          completion_tokens: 300,
          total_cost: "10.00",
          source: "proxy",
          idempotency_key: `groq:chatcmpl-${d}`,
        })),
      ],
    });
    // Copilot: 7 Business seats as a recurring plan ($133.00 a month), entered manually.
    await addRecurring(ctx, {
      account_id: copilot,
      seats: 7,
      plan: "copilot_business",
      start_month: "2025-11",
      end_month: "2025-11",
    });
    // Perplexity estimates with the provider's own costs, paid from prepaid credits.
    perplexity = (await createAccount(ctx, { provider: "perplexity", name: "pplx" })).id;
    await addCredit(ctx, {
      account_id: perplexity,
      date: "2025-11-01",
      amount: "50.00",
      kind: "purchase",
    });
    await ingestUsage(ctx, {
      records: [1, 2, 3].map((d) => ({
        account_id: perplexity,
        timestamp: `2025-11-1${d}T10:00:00Z`,
        model: "sonar-pro",
        prompt_tokens: 500,
        completion_tokens: 700,
        total_cost: "0.123456789",
        api_key_suffix: "e5f6",
        source: "proxy",
        idempotency_key: `perplexity:${d}`,
      })),
    });
  });
  afterAll(async () => {
    await fake.close();
    await store.dropAll();
  });

  test("official data wins over estimates on the days it covers; estimates elsewhere count", async () => {
    const summary = await summarizeUsage(ctx, {
      account_id: anthropic,
      from: "2025-11-01",
      to: "2025-12-01",
    });
    expect(usd(summary.total_cost)).toBe(official + usd("0.70"));
    const { records } = await import("../../src/services/usage-list.ts").then((m) =>
      m.listUsage(ctx, { account_id: anthropic, confidence: "estimated" }),
    );
    expect(records.map((r) => r.total_cost).sort()).toEqual(["0.70", "5.00", "5.00", "5.00"]);
  });

  test("the gap between captured estimates and official figures is reported per account, day and key", async () => {
    const { days } = await estimateGaps(ctx, {
      account_id: anthropic,
      from: "2025-11-01",
      to: "2025-11-04",
    });
    expect(days.map((d) => d.date)).toEqual(["2025-11-01", "2025-11-02", "2025-11-03"]);
    for (const day of days) {
      const officialThatDay = fake.state.costs
        .filter((r) => r.date === day.date)
        .reduce((sum, r) => sum + parseScaledDecimal(r.amount, 7), 0n);
      expect(usd(day.official_total)).toBe(officialThatDay);
      expect(day.estimated_total).toBe("5.00");
      expect(usd(day.gap)).toBe(officialThatDay - usd("5.00"));
      expect(day.keys).toEqual([{ api_key_suffix: null, estimated_total: "5.00" }]);
    }
  });

  test("reconciling Groq to its invoice makes the month the billed amount, labelled Reconciled", async () => {
    const preview = await reconcilePeriod(ctx, {
      account_id: groq,
      period: "2025-11",
      amount: "21.50",
      dry_run: true,
    });
    expect(preview).toMatchObject({
      status: "preview",
      estimated_total: "20.00",
      delta: "1.50",
      delta_percent: "7.50",
    });
    expect((await summarizeUsage(ctx, { account_id: groq })).total_cost).toBe("20.00");

    const confirmed = await reconcilePeriod(ctx, {
      account_id: groq,
      period: "2025-11",
      amount: "21.50",
      note: "invoice INV-42",
    });
    expect(confirmed).toMatchObject({
      status: "current",
      amount: "21.50",
      estimated_total: "20.00",
      delta: "1.50",
    });
    const groqMonth = await summarizeUsage(ctx, { account_id: groq, group_by: ["confidence"] });
    expect(groqMonth.total_cost).toBe("21.50");
    expect(groqMonth.groups).toContainEqual(
      expect.objectContaining({ confidence: "reconciled", total_cost: "21.50" }),
    );
    // The estimates are intact and keep their tokens.
    expect(groqMonth.groups).toContainEqual(
      expect.objectContaining({ confidence: "estimated", total_cost: "0.00", prompt_tokens: 4000 }),
    );
  });

  test("the month totals official + billed + manual exactly, each part labelled", async () => {
    const month = await summarizeUsage(ctx, {
      from: "2025-11-01",
      to: "2025-12-01",
      group_by: ["confidence"],
    });
    const perplexitySpend = 3n * usd("0.123456789");
    expect(usd(month.total_cost)).toBe(
      official + usd("0.70") + usd("21.50") + usd("133.00") + perplexitySpend,
    );
    const byConfidence = Object.fromEntries(month.groups.map((g) => [g.confidence, g.total_cost]));
    expect(usd(String(byConfidence.official))).toBe(official);
    expect(byConfidence).toMatchObject({
      estimated: "1.070370367",
      reconciled: "21.50",
      manual: "133.00",
    });
    expect(month.groups.map((g) => g.confidence_label).sort()).toEqual([
      "Estimated",
      "Manual Entry",
      "Official",
      "Reconciled",
    ]);
    expect(month.confidence).toMatchObject({ level: "mixed", label: "Mixed" });
    expect(month.confidence.shares.map((share) => share.label).sort()).toEqual([
      "Estimated",
      "Manual Entry",
      "Official",
      "Reconciled",
    ]);
    const groqOnly = await summarizeUsage(ctx, { account_id: groq });
    expect(groqOnly.confidence).toMatchObject({
      level: "reconciled",
      label: "Reconciled",
      shares: [{ share: "1.0000" }],
    });
    const credits = await creditStatus(ctx, { account_id: perplexity, as_of: "2025-11-30" });
    expect(credits).toMatchObject({
      purchased_total: "50.00",
      spent_since_first_purchase: "0.370370367",
      balance: "49.629629633",
    });
  });

  test("a late Groq record makes the reconciliation stale with the right difference; undo restores the estimate", async () => {
    await ingestUsage(ctx, {
      records: [
        {
          account_id: groq,
          timestamp: "2025-11-28T09:00:00Z",
          model: "llama-3.3-70b-versatile",
          prompt_tokens: 10,
          total_cost: "2.25",
          source: "proxy",
          idempotency_key: "groq:chatcmpl-late",
        },
      ],
    });
    expect((await summarizeUsage(ctx, { account_id: groq })).total_cost).toBe("21.50");
    const [stale] = await listReconciliations(ctx, { account_id: groq });
    expect(stale).toMatchObject({
      status: "stale",
      amount: "21.50",
      estimated_total: "22.25",
      delta: "-0.75",
      estimated_at_confirmation: "20.00",
    });

    const undone = await undoReconciliation(ctx, stale?.id ?? "");
    expect(undone.status).toBe("undone");
    expect((await summarizeUsage(ctx, { account_id: groq })).total_cost).toBe("22.25");
    const history = await listReconciliations(ctx, { account_id: groq });
    expect(history.map((r) => r.status)).toEqual(["undone"]);
  });

  test("reconciliation input is checked", async () => {
    await expect(
      reconcilePeriod(ctx, { account_id: groq, period: "2025-13", amount: "1" }),
    ).rejects.toMatchObject({ details: [expect.objectContaining({ field: "period" })] });
    await expect(
      reconcilePeriod(ctx, { account_id: groq, period: "2025-11", amount: "-1" }),
    ).rejects.toMatchObject({ details: [expect.objectContaining({ field: "amount" })] });
    await expect(
      reconcilePeriod(ctx, { account_id: "acc_nope", period: "2025-11", amount: "1" }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});
