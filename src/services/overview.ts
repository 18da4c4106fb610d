/**
 * The dashboard's overview: month-to-date spend, last month, a forecast to month end, spend
 * per day and provider, totals per confidence, top models and projects, and the warnings that
 * need a person (unpriced records, failing syncs).
 *
 * Everything is aggregated in SQL by the same grouped sums the reports use (`summarizeUsage`
 * and the repository's `summarize` under it), so official-over-estimate precedence and
 * reconciliations apply exactly as in `/reports/summary`. It is a handful of grouped queries
 * over one month's date range (served by `usage_records_date_idx`); no raw record ever leaves
 * the database. Money stays bigint nano-dollars until it is formatted for the wire.
 */
import { z } from "zod";
import { CONFIDENCE, CONFIDENCE_LABELS, type Confidence } from "../core/enums.ts";
import { divideHalfEven, formatUsd, toSafeNumber } from "../core/money.ts";
import { addDays, isIsoDate, monthOf, todayUtc } from "../core/time.ts";
import type { GroupTotals } from "../storage/usage-repository.ts";
import { listAccounts } from "./accounts.ts";
import type { ServiceContext } from "./context.ts";
import { parseInput } from "./parse-input.ts";
import { type PeriodConfidence, periodConfidence, summarizeUsage } from "./reports.ts";

/** How many models and projects the overview lists. */
export const OVERVIEW_TOP_N = 5;

/** Sync runs looked at to find when an account's current run of failures began. */
const FAILURE_HISTORY_RUNS = 50;

export const overviewInput = z.object({
  /** The day the overview is "as of" (UTC); defaults to today. Exists mainly for tests. */
  today: z.string().refine(isIsoDate, "must be a date YYYY-MM-DD").optional(),
});
export type OverviewInput = z.input<typeof overviewInput>;

export interface OverviewDay {
  date: string;
  /** Spend per provider that has records this month, zero-filled so a stacked chart lines up. */
  providers: Record<string, string>;
  total: string;
}

export interface ConfidenceTotal {
  confidence: Confidence;
  /** The badge word: Official, Estimated, Reconciled, Manual Entry. */
  label: string;
  total_cost: string;
  records: number;
  unpriced_records: number;
}

export interface OverviewModel {
  model: string | null;
  provider: string;
  total_cost: string;
  records: number;
  total_tokens: number;
}

export interface OverviewProject {
  /** null for spend attributed to no project. */
  project: string | null;
  total_cost: string;
  records: number;
}

export interface OverviewSyncError {
  account_id: string;
  name: string;
  provider: string;
  error_class: string;
  message: string | null;
  /** When the current run of failed syncs began (the first failed run since the last success). */
  since: string | null;
  /** Set when scheduled syncs are paused until the account's key is replaced. */
  paused_reason: string | null;
}

export interface Overview {
  currency: "USD";
  /** The as-of day (UTC) and its month. */
  today: string;
  month: string;
  /** From the 1st of the month through `today`, inclusive. */
  month_to_date: string;
  /** The whole previous calendar month. */
  last_month: string;
  /** month_to_date ÷ days_elapsed × days_in_month, rounded half-even once to the nano-dollar. */
  forecast_month_end: string;
  days_elapsed: number;
  days_in_month: number;
  /** Providers with records this month, in name order: the keys of every `daily[].providers`. */
  providers: string[];
  /** Every day of the month from the 1st through `today`, days without spend included. */
  daily: OverviewDay[];
  /** The month-to-date confidence summary (as in /reports/summary) and a total per level. */
  by_confidence: PeriodConfidence & { totals: ConfidenceTotal[] };
  top_models: OverviewModel[];
  top_projects: OverviewProject[];
  /** Records this month with no known price: their cost is unknown and left out of the totals. */
  unpriced_records: number;
  /** Records this month that count in the totals. */
  records: number;
  sync_errors: OverviewSyncError[];
}

export async function getOverview(ctx: ServiceContext, input: OverviewInput): Promise<Overview> {
  const parsed = parseInput(overviewInput, input);
  const today = parsed.today ?? todayUtc(ctx.now());
  const month = monthOf(today);
  const calendar = monthCalendar(today);
  const from = `${month}-01`;
  const to = addDays(today, 1);
  const range = { from, to };

  const [lastMonth, monthGroups, syncErrors] = await Promise.all([
    // Grouped by confidence only, summarizeUsage needs a single query.
    summarizeUsage(ctx, { from: calendar.previousMonthStart, to: from, group_by: ["confidence"] }),
    // This month takes one scan of its date range, straight on the grouped sums summarizeUsage
    // is built on (same precedence rules, bigint nano-dollars), grouped finely enough (a few
    // thousand groups) that the totals, the chart, the confidence split and the top lists are
    // all sums of it: one pass over the month's rows instead of two (bench/overview.ts).
    ctx.usage.summarize(range, ["date", "provider", "confidence", "model", "project"]),
    failingSyncs(ctx),
  ]);

  let monthToDateNanos = 0n;
  let unpriced = 0n;
  let records = 0n;
  for (const group of monthGroups) {
    monthToDateNanos += group.cost_nanos;
    unpriced += group.unpriced_records;
    records += group.records;
  }
  const forecastNanos = divideHalfEven(
    monthToDateNanos * BigInt(calendar.daysInMonth),
    BigInt(calendar.daysElapsed),
  );
  const { providers, days } = dailySeries(monthGroups, from, today);
  const levels = confidenceLevels(monthGroups);

  return {
    currency: "USD",
    today,
    month,
    month_to_date: formatUsd(monthToDateNanos),
    last_month: lastMonth.total_cost,
    forecast_month_end: formatUsd(forecastNanos),
    days_elapsed: calendar.daysElapsed,
    days_in_month: calendar.daysInMonth,
    providers,
    daily: days,
    by_confidence: {
      ...periodConfidence(
        // In the order /reports/summary lists them (by name), so the two read the same.
        [...levels]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([confidence, sums]) => ({ keys: { confidence }, cost_nanos: sums.cost_nanos })),
        monthToDateNanos,
      ),
      totals: CONFIDENCE.map((confidence) => {
        const level = levels.get(confidence);
        return {
          confidence,
          label: CONFIDENCE_LABELS[confidence],
          total_cost: formatUsd(level?.cost_nanos ?? 0n),
          records: toSafeNumber(level?.records ?? 0n),
          unpriced_records: toSafeNumber(level?.unpriced_records ?? 0n),
        };
      }),
    },
    top_models: top(monthGroups, (k) => [k.provider ?? "", k.model ?? null]).map(
      ([[provider, model], totals]) => ({
        model: model ?? null,
        provider: provider ?? "",
        total_cost: formatUsd(totals.cost_nanos),
        records: toSafeNumber(totals.records),
        total_tokens: toSafeNumber(totals.total_tokens),
      }),
    ),
    top_projects: top(monthGroups, (k) => [k.project ?? null]).map(([[project], totals]) => ({
      project: project ?? null,
      total_cost: formatUsd(totals.cost_nanos),
      records: toSafeNumber(totals.records),
    })),
    unpriced_records: toSafeNumber(unpriced),
    records: toSafeNumber(records),
    sync_errors: syncErrors,
  };
}

/** Day of month of `today`, days in its month, and the first day of the month before. */
export function monthCalendar(today: string): {
  daysElapsed: number;
  daysInMonth: number;
  previousMonthStart: string;
} {
  const year = Number(today.slice(0, 4));
  const monthIndex = Number(today.slice(5, 7)) - 1;
  // Day 0 of the next month is the last day of this one.
  const daysInMonth = new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
  const previousMonthStart = new Date(Date.UTC(year, monthIndex - 1, 1)).toISOString().slice(0, 10);
  return { daysElapsed: Number(today.slice(8, 10)), daysInMonth, previousMonthStart };
}

function dailySeries(
  groups: GroupTotals[],
  from: string,
  today: string,
): { providers: string[]; days: OverviewDay[] } {
  const providers = [...new Set(groups.map((g) => g.keys.provider ?? "unknown"))].sort();
  const byDate = new Map<string, Map<string, bigint>>();
  for (const group of groups) {
    const date = group.keys.date ?? "";
    const provider = group.keys.provider ?? "unknown";
    const day = byDate.get(date) ?? new Map<string, bigint>();
    day.set(provider, (day.get(provider) ?? 0n) + group.cost_nanos);
    byDate.set(date, day);
  }
  const days: OverviewDay[] = [];
  for (let date = from; date <= today; date = addDays(date, 1)) {
    const spend = byDate.get(date);
    let total = 0n;
    const perProvider: Record<string, string> = {};
    for (const provider of providers) {
      const nanos = spend?.get(provider) ?? 0n;
      total += nanos;
      perProvider[provider] = formatUsd(nanos);
    }
    days.push({ date, providers: perProvider, total: formatUsd(total) });
  }
  return { providers, days };
}

interface Sums {
  cost_nanos: bigint;
  records: bigint;
  unpriced_records: bigint;
  total_tokens: bigint;
}

function add(into: Sums | undefined, group: GroupTotals): Sums {
  return {
    cost_nanos: (into?.cost_nanos ?? 0n) + group.cost_nanos,
    records: (into?.records ?? 0n) + group.records,
    unpriced_records: (into?.unpriced_records ?? 0n) + group.unpriced_records,
    total_tokens: (into?.total_tokens ?? 0n) + group.total_tokens,
  };
}

/** The month's sums per confidence level. */
function confidenceLevels(groups: GroupTotals[]): Map<Confidence, Sums> {
  const levels = new Map<Confidence, Sums>();
  for (const group of groups) {
    const confidence = group.keys.confidence as Confidence;
    levels.set(confidence, add(levels.get(confidence), group));
  }
  return levels;
}

type Key = (string | null)[];

/**
 * Sums the groups by `keyOf` and returns the OVERVIEW_TOP_N keys with the most spend, largest
 * first; ties in key order, so the list is stable. Keys without positive spend are left out.
 */
function top(groups: GroupTotals[], keyOf: (keys: GroupTotals["keys"]) => Key): [Key, Sums][] {
  const sums = new Map<string, [Key, Sums]>();
  for (const group of groups) {
    const key = keyOf(group.keys);
    const id = JSON.stringify(key);
    sums.set(id, [key, add(sums.get(id)?.[1], group)]);
  }
  return [...sums.entries()]
    .filter(([, [, s]]) => s.cost_nanos > 0n)
    .sort(([ida, [, a]], [idb, [, b]]) => {
      if (a.cost_nanos !== b.cost_nanos) return a.cost_nanos > b.cost_nanos ? -1 : 1;
      return ida < idb ? -1 : ida > idb ? 1 : 0;
    })
    .slice(0, OVERVIEW_TOP_N)
    .map(([, entry]) => entry);
}

/** Accounts whose last sync failed, with when the failures began. */
async function failingSyncs(ctx: ServiceContext): Promise<OverviewSyncError[]> {
  const failing = (await listAccounts(ctx)).filter((a) => a.sync?.last_error_class);
  return Promise.all(
    failing.map(async (account) => {
      const runs = await ctx.sync.listRuns(account.id, FAILURE_HISTORY_RUNS);
      // Runs come newest first: walk back over the failures (and a run still in progress).
      let since: string | null = null;
      for (const run of runs) {
        if (run.outcome === "success") break;
        if (run.outcome === "failed") since = run.started_at;
      }
      return {
        account_id: account.id,
        name: account.name,
        provider: account.provider,
        error_class: account.sync?.last_error_class ?? "unknown",
        message: account.sync?.last_error_message ?? null,
        since: since ?? account.sync?.last_run_at ?? null,
        paused_reason: account.sync?.paused_reason ?? null,
      };
    }),
  );
}
