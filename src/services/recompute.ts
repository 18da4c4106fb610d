/**
 * Repricing after a catalog or override change. Shows, per account and model, the old total,
 * the new total and the difference; writes only when asked (`apply`). Only records priced
 * from the table (or unpriced) are considered: official, provider-reported, manual and
 * reconciliation costs are never repriced.
 */
import { z } from "zod";
import { ValidationError } from "../core/errors.ts";
import { formatUsd } from "../core/money.ts";
import { isIsoDate } from "../core/time.ts";
import type { NewUsageRecord, UsageRecord } from "../core/usage-record.ts";
import type { PriceOverride } from "../pricing/index.ts";
import { PROVIDER_IDS } from "../providers/registry.ts";
import type { Cursor } from "../storage/usage-repository.ts";
import type { ServiceContext } from "./context.ts";
import { parseInput } from "./parse-input.ts";
import { applyPrice, isTablePriced, priceRecord } from "./pricing.ts";

const PAGE = 2_000;
const date = z.string().refine(isIsoDate, "must be a date YYYY-MM-DD");

export const recomputeInput = z.object({
  from: date.optional(),
  to: date.optional(),
  account_id: z.string().optional(),
  provider: z.enum(PROVIDER_IDS, { error: `must be one of ${PROVIDER_IDS.join(", ")}` }).optional(),
  apply: z.boolean().default(false),
});

export interface RecomputeGroup {
  account_id: string;
  model: string | null;
  records: number;
  changed: number;
  old_total: string;
  new_total: string;
  difference: string;
  unpriced_before: number;
  unpriced_after: number;
}

export interface RecomputeResult {
  from: string | null;
  to: string | null;
  applied: boolean;
  records_examined: number;
  records_changed: number;
  old_total: string;
  new_total: string;
  difference: string;
  groups: RecomputeGroup[];
}

interface Tally {
  account_id: string;
  model: string | null;
  records: number;
  changed: number;
  old: bigint;
  new: bigint;
  unpricedBefore: number;
  unpricedAfter: number;
}

export async function recomputePrices(
  ctx: ServiceContext,
  input: unknown,
  onProgress?: (examined: number) => void,
): Promise<RecomputeResult> {
  const options = parseInput(recomputeInput, input);
  if (options.from && options.to && options.from >= options.to) {
    throw new ValidationError("`from` must be before `to` (to is exclusive)", [
      { field: "to", message: "must be after from" },
    ]);
  }
  const filter = {
    from: options.from,
    to: options.to,
    accountId: options.account_id,
    provider: options.provider,
  };
  const overrides = new Map<string, PriceOverride[]>();
  const tallies = new Map<string, Tally>();
  const now = ctx.now().toISOString();
  let examined = 0;
  let changedCount = 0;
  let after: Cursor | undefined;

  for (;;) {
    const page = await ctx.usage.listTablePriced(filter, PAGE, after);
    if (page.length === 0) break;
    await loadOverrides(ctx, page, overrides);
    const changed: NewUsageRecord[] = [];
    for (const stored of page) {
      const record = toNewRecord(stored);
      // Captured requests without usage stay unpriced: there is nothing to price.
      if (!isTablePriced(record)) continue;
      applyPrice(record, priceRecord(ctx, record, overrides.get(record.account_id) ?? []));
      const tally = tallyFor(tallies, stored);
      tally.records += 1;
      tally.old += stored.cost_nanos ?? 0n;
      tally.new += record.cost_nanos ?? 0n;
      if (stored.unpriced) tally.unpricedBefore += 1;
      if (record.unpriced) tally.unpricedAfter += 1;
      if (
        record.cost_nanos !== stored.cost_nanos ||
        record.price_version !== stored.price_version
      ) {
        tally.changed += 1;
        changed.push(record);
      }
    }
    if (options.apply && changed.length > 0) await ctx.usage.upsertMany(changed, now);
    examined += page.length;
    changedCount += changed.length;
    onProgress?.(examined);
    const last = page.at(-1);
    if (!last || page.length < PAGE) break;
    after = { timestamp: last.timestamp, id: last.id };
  }

  let oldTotal = 0n;
  let newTotal = 0n;
  const groups = [...tallies.values()]
    .sort(
      (a, b) =>
        a.account_id.localeCompare(b.account_id) || (a.model ?? "").localeCompare(b.model ?? ""),
    )
    .map((t) => {
      oldTotal += t.old;
      newTotal += t.new;
      return {
        account_id: t.account_id,
        model: t.model,
        records: t.records,
        changed: t.changed,
        old_total: formatUsd(t.old),
        new_total: formatUsd(t.new),
        difference: formatUsd(t.new - t.old),
        unpriced_before: t.unpricedBefore,
        unpriced_after: t.unpricedAfter,
      };
    });
  return {
    from: options.from ?? null,
    to: options.to ?? null,
    applied: options.apply,
    records_examined: examined,
    records_changed: changedCount,
    old_total: formatUsd(oldTotal),
    new_total: formatUsd(newTotal),
    difference: formatUsd(newTotal - oldTotal),
    groups,
  };
}

async function loadOverrides(
  ctx: ServiceContext,
  page: UsageRecord[],
  cache: Map<string, PriceOverride[]>,
) {
  const missing = [...new Set(page.map((r) => r.account_id))].filter((id) => !cache.has(id));
  if (missing.length === 0) return;
  const loaded = await ctx.priceOverrides.listForAccounts(missing);
  for (const id of missing) cache.set(id, loaded.get(id) ?? []);
}

function tallyFor(tallies: Map<string, Tally>, record: UsageRecord): Tally {
  const key = `${record.account_id}\u0000${record.model ?? ""}`;
  let tally = tallies.get(key);
  if (!tally) {
    tally = {
      account_id: record.account_id,
      model: record.model,
      records: 0,
      changed: 0,
      old: 0n,
      new: 0n,
      unpricedBefore: 0,
      unpricedAfter: 0,
    };
    tallies.set(key, tally);
  }
  return tally;
}

function toNewRecord(stored: UsageRecord): NewUsageRecord {
  const { id: _id, created_at: _created, updated_at: _updated, ...record } = stored;
  return { ...record, metadata: { ...record.metadata } };
}
