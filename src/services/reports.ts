/**
 * Report summaries: exact sums of cost and tokens over a date range, grouped by any of the
 * dimensions. Dates are UTC; `from` is inclusive, `to` exclusive.
 */
import { z } from "zod";
import { ValidationError } from "../core/errors.ts";
import { CONFIDENCE_LABELS, type Confidence } from "../core/enums.ts";
import { divideHalfEven, formatUsd, toSafeNumber } from "../core/money.ts";
import { isIsoDate } from "../core/time.ts";
import {
  GROUP_DIMENSIONS,
  type GroupDimension,
  type GroupTotals,
} from "../storage/usage-repository.ts";
import type { ServiceContext } from "./context.ts";
import { parseInput } from "./parse-input.ts";

/** Friendlier names the CLI accepts for the wire dimensions. */
const DIMENSION_ALIASES: Record<string, GroupDimension> = {
  account: "account_id",
  day: "date",
};

const date = z.string().refine(isIsoDate, "must be a date YYYY-MM-DD");

export const summaryInput = z.object({
  from: date.optional(),
  to: date.optional(),
  group_by: z.array(z.string()).default([]),
  provider: z.string().optional(),
  account_id: z.string().optional(),
  model: z.string().optional(),
  confidence: z.string().optional(),
  project: z.string().optional(),
});
export type SummaryInput = z.input<typeof summaryInput>;

export interface SummaryGroup {
  [dimension: string]: string | number | null;
}

export interface Summary {
  from: string | null;
  to: string | null;
  group_by: GroupDimension[];
  total_cost: string;
  currency: "USD";
  /** Records with no known price: their cost is unknown, not zero, and is left out of total_cost. */
  unpriced_records: number;
  records: number;
  /** How sure the period's total is, as a whole: one level, or "mixed" with each level's share. */
  confidence: PeriodConfidence;
  groups: SummaryGroup[];
}

export interface PeriodConfidence {
  level: Confidence | "mixed" | "none";
  /** The dashboard's badge words: Official, Estimated, Reconciled, Manual Entry, or Mixed. */
  label: string;
  shares: { confidence: Confidence; label: string; total_cost: string; share: string | null }[];
}

/** Parses group-by names (wire names or CLI aliases, comma-separated or repeated). */
export function parseDimensions(values: readonly string[]): GroupDimension[] {
  const names = values
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  const dimensions: GroupDimension[] = [];
  for (const name of names) {
    const dimension = DIMENSION_ALIASES[name] ?? name;
    if (!(GROUP_DIMENSIONS as readonly string[]).includes(dimension)) {
      throw new ValidationError(`cannot group by "${name}"`, [
        {
          field: "group_by",
          message: `must be among ${[...GROUP_DIMENSIONS, "account", "day"].join(", ")}`,
        },
      ]);
    }
    if (!dimensions.includes(dimension as GroupDimension))
      dimensions.push(dimension as GroupDimension);
  }
  return dimensions;
}

export async function summarizeUsage(ctx: ServiceContext, input: SummaryInput): Promise<Summary> {
  const parsed = parseInput(summaryInput, input);
  if (parsed.from && parsed.to && parsed.from >= parsed.to) {
    throw new ValidationError("`from` must be before `to` (from is inclusive, to exclusive)", [
      { field: "to", message: "must be after from" },
    ]);
  }
  const dimensions = parseDimensions(parsed.group_by);
  const filter = {
    from: parsed.from,
    to: parsed.to,
    provider: parsed.provider,
    accountId: parsed.account_id,
    model: parsed.model,
    confidence: parsed.confidence,
    project: parsed.project,
  };
  const totals = await ctx.usage.summarize(filter, dimensions);
  let totalNanos = 0n;
  let unpriced = 0n;
  let records = 0n;
  for (const group of totals) {
    totalNanos += group.cost_nanos;
    unpriced += group.unpriced_records;
    records += group.records;
  }
  const byConfidence =
    dimensions.length === 1 && dimensions[0] === "confidence"
      ? totals
      : await ctx.usage.summarize(filter, ["confidence"]);
  return {
    from: parsed.from ?? null,
    to: parsed.to ?? null,
    group_by: dimensions,
    total_cost: formatUsd(totalNanos),
    currency: "USD",
    unpriced_records: toSafeNumber(unpriced),
    records: toSafeNumber(records),
    confidence: periodConfidence(byConfidence, totalNanos),
    groups: dimensions.length === 0 && records === 0n ? [] : totals.map(toGroup),
  };
}

/** The period's confidence: the single level that carries its dollars, or mixed with shares. */
export function periodConfidence(
  groups: readonly Pick<GroupTotals, "keys" | "cost_nanos">[],
  totalNanos: bigint,
): PeriodConfidence {
  const shares = groups
    .filter((g) => g.cost_nanos !== 0n)
    .map((g) => {
      const confidence = g.keys.confidence as Confidence;
      return {
        confidence,
        label: CONFIDENCE_LABELS[confidence],
        total_cost: formatUsd(g.cost_nanos),
        // A share for display, four decimals; the amounts themselves are exact.
        share: totalNanos === 0n ? null : formatShare(g.cost_nanos, totalNanos),
      };
    });
  const only = shares.length === 1 ? shares[0] : undefined;
  if (only) return { level: only.confidence, label: only.label, shares };
  if (shares.length === 0) return { level: "none", label: "No spend", shares };
  return { level: "mixed", label: "Mixed", shares };
}

function formatShare(part: bigint, whole: bigint): string {
  const scaled = divideHalfEven(part * 10_000n, whole);
  const negative = scaled < 0n;
  const magnitude = negative ? -scaled : scaled;
  return `${negative ? "-" : ""}${magnitude / 10_000n}.${String(magnitude % 10_000n).padStart(4, "0")}`;
}

function toGroup(group: GroupTotals): SummaryGroup {
  const confidence = group.keys.confidence as Confidence | undefined;
  return {
    ...group.keys,
    ...(confidence ? { confidence_label: CONFIDENCE_LABELS[confidence] } : {}),
    total_cost: formatUsd(group.cost_nanos),
    prompt_tokens: toSafeNumber(group.prompt_tokens),
    completion_tokens: toSafeNumber(group.completion_tokens),
    total_tokens: toSafeNumber(group.total_tokens),
    cache_read_tokens: toSafeNumber(group.cache_read_tokens),
    requests: toSafeNumber(group.requests),
    search_queries: toSafeNumber(group.search_queries),
    records: toSafeNumber(group.records),
    unpriced_records: toSafeNumber(group.unpriced_records),
  };
}
