/**
 * What the ledger estimates for one account's month before anyone enters a bill: the total a
 * reconciliation would compare against, the same total split by API key (Perplexity invoices
 * name keys by their last 4 characters), and the account's other months that have usage, so a
 * person can find the month to reconcile. Figures follow the reconciliation's own rule: every
 * record of the month except reconciliation adjustments and estimates official data replaces.
 */
import { z } from "zod";
import { formatUsd, toBigInt, toSafeNumber } from "../../core/money.ts";
import { supersededByOfficial } from "../../storage/counted.ts";
import { getAccountRecord } from "../accounts.ts";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../parse-input.ts";

/** How many of the account's most recent months with usage are listed. */
export const RECENT_PERIODS = 24;

const periodEstimateInput = z.object({
  account_id: z.string({ error: "is required" }).min(1, "is required"),
  period: z
    .string({ error: "is required" })
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month YYYY-MM"),
});

export interface PeriodKeyEstimate {
  /** The key's last 4 characters; null for records captured without a key. */
  api_key_suffix: string | null;
  estimated_total: string;
  records: number;
  unpriced_records: number;
}

export interface PeriodEstimate {
  account_id: string;
  period: string;
  currency: "USD";
  /** What a reconciliation of the whole month compares the billed amount with. */
  estimated_total: string;
  records: number;
  /** Records with no known price: left out of the estimate, which is then too low. */
  unpriced_records: number;
  /** The same estimate per API key, largest first. */
  keys: PeriodKeyEstimate[];
  /** The account's most recent months with usage, newest first. */
  periods_with_usage: { period: string; estimated_total: string; records: number }[];
}

export async function estimatePeriod(ctx: ServiceContext, input: unknown): Promise<PeriodEstimate> {
  const parsed = parseInput(periodEstimateInput, input);
  const account = await getAccountRecord(ctx, parsed.account_id);
  const estimates = () =>
    ctx.store.db
      .selectFrom("usage_records")
      .where("account_id", "=", account.id)
      .where("source", "<>", "reconciliation")
      .where((eb) => eb.not(supersededByOfficial(eb)));

  const keyRows = await estimates()
    .select("api_key_suffix")
    .select((eb) => [
      eb.fn.sum<string>("cost_nanos").as("total"),
      eb.fn.countAll<string>().as("records"),
      eb.fn.count<string>("cost_nanos").as("priced"),
    ])
    .where("month", "=", parsed.period)
    .groupBy("api_key_suffix")
    .execute();
  const monthRows = await estimates()
    .select("month")
    .select((eb) => [
      eb.fn.sum<string>("cost_nanos").as("total"),
      eb.fn.countAll<string>().as("records"),
    ])
    .groupBy("month")
    .orderBy("month", "desc")
    .limit(RECENT_PERIODS)
    .execute();

  const keys = keyRows
    .map((row) => {
      const records = toBigInt(row.records);
      return {
        nanos: toBigInt(row.total),
        records,
        unpriced: records - toBigInt(row.priced),
        suffix: row.api_key_suffix,
      };
    })
    .sort(
      (a, b) =>
        (a.nanos === b.nanos ? 0 : a.nanos > b.nanos ? -1 : 1) ||
        (a.suffix ?? "").localeCompare(b.suffix ?? ""),
    );
  let total = 0n;
  let records = 0n;
  let unpriced = 0n;
  for (const key of keys) {
    total += key.nanos;
    records += key.records;
    unpriced += key.unpriced;
  }
  return {
    account_id: account.id,
    period: parsed.period,
    currency: "USD",
    estimated_total: formatUsd(total),
    records: toSafeNumber(records),
    unpriced_records: toSafeNumber(unpriced),
    keys: keys.map((key) => ({
      api_key_suffix: key.suffix,
      estimated_total: formatUsd(key.nanos),
      records: toSafeNumber(key.records),
      unpriced_records: toSafeNumber(key.unpriced),
    })),
    periods_with_usage: monthRows.map((row) => ({
      period: row.month,
      estimated_total: formatUsd(toBigInt(row.total)),
      records: toSafeNumber(toBigInt(row.records)),
    })),
  };
}
