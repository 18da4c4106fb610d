import { formatUsd } from "../core/money.ts";
import type { CatalogMatch, CompiledEntry } from "./catalog.ts";
import { exactSum, type Plan, sumScale } from "./calculate.ts";
import { formatScaled, RATIO_ONE, SCALE } from "./decimal.ts";
import type { OverrideChoice } from "./overrides.ts";
import type {
  Breakdown,
  BreakdownLine,
  LineName,
  PriceInfo,
  PriceInput,
  SearchContextSize,
} from "./types.ts";

/** Everything decided while pricing one record, kept so that the breakdown can be built on demand. */
export interface PricedContext {
  input: PriceInput;
  date: string;
  /** Normalized service tier: "standard", "batch", "priority", or the tier as given. */
  tier: string;
  match: CatalogMatch | undefined;
  entry: CompiledEntry | undefined;
  choice: OverrideChoice;
  plan: Plan | null;
  long: boolean;
  size: SearchContextSize | null;
  /** Why the record is unpriced, when it is. */
  unpricedReason: string | null;
  version: string | null;
  /** Exact sum of the lines at the plan's sum scale, before any discount override. */
  sum: bigint;
  totalNanos: bigint | null;
}

export const ROUNDING_RULE =
  "exact sum of all components, rounded once per record half-to-even to 0.000000001 USD";

const TOKEN_LINES = new Set<LineName>([
  "input",
  "cache_read",
  "cache_write_5m",
  "cache_write_1h",
  "output",
  "reasoning",
  "citation",
]);

/** Builds the breakdown of a priced (or unpriced) record. */
export function buildBreakdown(ctx: PricedContext): Breakdown {
  const notes = collectNotes(ctx);
  const breakdown: Breakdown = {
    tier: ctx.tier,
    context: ctx.long ? "long" : "standard",
    search_context_size: ctx.size,
    lines: {},
    discount: null,
    exact_total: null,
    total: null,
    rounding: ROUNDING_RULE,
    notes,
  };
  if (ctx.plan === null || ctx.totalNanos === null) return breakdown;
  const batchPercent =
    ctx.plan.batchFactor === null ? null : (ctx.entry?.rates.batchPercent ?? null);
  const scale = sumScale(ctx.plan);
  exactSum(ctx.input.usage, ctx.plan, (name, quantity, rate, amount, fallback) => {
    breakdown.lines[name] = makeLine(name, quantity, rate, formatScaled(amount, scale), {
      long: ctx.long,
      batchPercent,
      fallback,
    });
  });
  const discount = ctx.choice.discount;
  if (discount?.factor != null && discount.percent !== null) {
    const discountedScale = scale + SCALE.percent + 2;
    breakdown.discount = {
      override_id: discount.id,
      percent: discount.percent,
      amount: formatScaled(-ctx.sum * (RATIO_ONE - discount.factor), discountedScale),
    };
    breakdown.exact_total = formatScaled(ctx.sum * discount.factor, discountedScale);
  } else {
    breakdown.exact_total = formatScaled(ctx.sum, scale);
  }
  breakdown.total = formatUsd(ctx.totalNanos);
  return breakdown;
}

function makeLine(
  name: LineName,
  quantity: number,
  rate: bigint,
  amount: string,
  how: { long: boolean; batchPercent: string | null; fallback: boolean },
): BreakdownLine {
  const adjustments: string[] = [];
  const isToken = TOKEN_LINES.has(name);
  if (isToken && how.fallback) adjustments.push("no price of its own: billed at the input price");
  if (isToken && how.long) adjustments.push("long-context price");
  if (isToken && how.batchPercent !== null) adjustments.push(`batch: ${how.batchPercent}% off`);
  const per: BreakdownLine["per"] = isToken
    ? "1M tokens"
    : name === "search_queries" || name === "request_fee"
      ? "1,000"
      : "1";
  const scale =
    per === "1M tokens" ? SCALE.perMTok : per === "1,000" ? SCALE.perThousand : SCALE.perUnit;
  return {
    quantity: quantity.toString(),
    rate: formatScaled(rate, scale),
    per,
    amount,
    adjustments,
  };
}

function collectNotes(ctx: PricedContext): string[] {
  const notes: string[] = [];
  if (ctx.unpricedReason !== null) notes.push(ctx.unpricedReason);
  const usage = ctx.input.usage;
  const plan = ctx.plan;
  const entry = ctx.entry;
  if (ctx.tier === "priority") {
    notes.push(
      "priority tier: priced at list price; Priority Tier is billed under a separate commitment",
    );
  } else if (ctx.tier === "batch" && plan !== null && plan.batchFactor === null) {
    notes.push("batch tier: no batch discount is known for this price; list price used");
  } else if (ctx.tier !== "standard" && ctx.tier !== "batch") {
    notes.push(`service tier "${ctx.tier}": no separate price is known; list price used`);
  }
  if (plan === null) return notes;
  if (plan.batchFactor !== null && entry?.unconfirmed.includes("batch_discount_percent")) {
    notes.push("the batch discount of this provider is unconfirmed");
  }
  const rates = plan.tokens;
  const bucket = usage.bucket ?? "request";
  if (ctx.long) {
    notes.push(
      bucket === "request"
        ? `long-context price: prompt_tokens exceed ${entry?.rates.longContext?.aboveInputTokens ?? "the threshold"}`
        : `long-context price: context_window is "200k-1M" on a ${bucket} bucket`,
    );
  } else if (isLongWindow(usage.context_window) && !entry?.rates.longContext) {
    notes.push('context_window "200k-1M" but no long-context price applies; standard price used');
  }
  if (ctx.choice.modelPrices !== null && entry?.rates.longContext) {
    notes.push(
      `override ${ctx.choice.modelPrices.id} sets the prices: no long-context tier applies`,
    );
  }
  if (rates === null && ((usage.prompt_tokens ?? 0) > 0 || (usage.completion_tokens ?? 0) > 0)) {
    notes.push("tokens are not billed by this price");
  }
  if (rates !== null && rates.cache_read === null && (usage.cache_read_tokens ?? 0) > 0) {
    notes.push("no cached-input price: cache reads billed at the input price");
  }
  if (rates !== null && rates.reasoning === null && (usage.reasoning_tokens ?? 0) > 0) {
    notes.push("reasoning tokens are part of completion_tokens for this model");
  }
  if ((rates === null || rates.citation === null) && (usage.citation_tokens ?? 0) > 0) {
    notes.push("citation tokens are not billed for this model");
  }
  if (plan.searchQuery === null && (usage.search_queries ?? 0) > 0) {
    notes.push("search queries are not billed separately for this model");
  }
  if (plan.requestFee !== null && usage.search_context_size !== ctx.size) {
    const given =
      usage.search_context_size == null ? "absent" : `"${usage.search_context_size}" is unknown`;
    notes.push(`search_context_size ${given}: "${ctx.size}" assumed (the provider's default)`);
  }
  if (plan.requestFee !== null && usage.requests === undefined && bucket !== "request") {
    notes.push(`requests absent on a ${bucket} bucket: no request fee included`);
  }
  if (plan.seat !== null && usage.seats === undefined) notes.push("seats absent: 1 seat assumed");
  if (plan.seat !== null && bucket !== "month")
    notes.push("seat price is per month: the record counts as one month");
  return notes;
}

/** Which price priced the record, with its labels. */
export function buildPriceInfo(ctx: PricedContext): PriceInfo | null {
  if (ctx.plan === null || ctx.version === null) return null;
  const { entry, match, choice } = ctx;
  const overrideIds = [choice.modelPrices?.id, choice.discount?.id].filter(
    (id): id is string => id !== undefined,
  );
  const labels: string[] = [];
  if (ctx.tier !== "standard") labels.push(ctx.tier);
  if (ctx.long) labels.push("long_context");
  if (ctx.plan.batchFactor !== null && entry?.unconfirmed.includes("batch_discount_percent")) {
    labels.push("unconfirmed:batch_discount_percent");
  }
  for (const id of overrideIds) labels.push(`override:${id}`);
  const usesEntry = entry !== undefined;
  return {
    provider: ctx.input.provider,
    model: match?.slot.model ?? choice.modelPrices?.model ?? ctx.input.model ?? "",
    matched_alias: match?.alias ?? null,
    effective_from: usesEntry ? entry.effectiveFrom : null,
    effective_to: usesEntry ? entry.effectiveTo : null,
    source_url: usesEntry ? entry.sourceUrl : null,
    override_id: overrideIds.length > 0 ? overrideIds.join("+") : null,
    override_ids: overrideIds,
    version: ctx.version,
    labels,
  };
}

export function isLongWindow(window: string | null | undefined): boolean {
  return window === "200k-1M" || window?.toLowerCase() === "200k-1m";
}
