import { divideHalfEven, NANO_SCALE } from "../core/money.ts";
import type { TokenRates } from "./catalog.ts";
import { AMOUNT_SCALE, FEMTO_SCALE, RATIO_ONE } from "./decimal.ts";
import { usageError } from "./usage-schema.ts";
import type { LineName, PricingUsage } from "./types.ts";

/** The rates that apply to one record, after tier, context and override decisions. */
export interface Plan {
  /** Standard or long-context token rates; null when the price has no token prices. */
  tokens: TokenRates | null;
  /** Multiplier (at RATIO_ONE) on token classes when the batch discount applies, else null. */
  batchFactor: bigint | null;
  searchQuery: bigint | null;
  /** Femto-dollars per request for the record's search context size. */
  requestFee: bigint | null;
  seat: bigint | null;
  includedPremiumRequests: number;
  premiumRequest: bigint | null;
  /** Requests assumed when the usage gives none: 1 for a single request, 0 for a bucket. */
  defaultRequests: number;
}

/**
 * Receives every non-zero line: quantity, rate in femto-dollars per unit, and amount at the
 * scale of the sum (batch factor included). `fallback` marks a cache class billed at input price.
 */
export type LineSink = (
  name: LineName,
  quantity: number,
  rate: bigint,
  amount: bigint,
  fallback: boolean,
) => void;

/** A validated count; absent is 0. Counts are plain numbers: only money is bigint. */
export function count(value: number | undefined, field: keyof PricingUsage): number {
  if (value === undefined) return 0;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw usageError(field, `must be a non-negative whole number, got ${String(value)}`);
  }
  return value;
}

/** Scale (decimal places of USD) of the sum `exactSum` returns for a plan. */
export function sumScale(plan: Plan): number {
  return plan.batchFactor === null ? FEMTO_SCALE : AMOUNT_SCALE;
}

/**
 * Sums every line of a record exactly, before any discount override: in femto-dollars, or in
 * 1e-21 USD when a batch factor applies (see `sumScale`). Lines are reported to `sink` at the
 * same scale when one is given; the sum is the same either way.
 */
export function exactSum(usage: PricingUsage, plan: Plan, sink?: LineSink): bigint {
  let tokens = 0n;
  let other = 0n;
  const factor = plan.batchFactor;
  const t = plan.tokens;
  if (t !== null) {
    const prompt = count(usage.prompt_tokens, "prompt_tokens");
    const read = count(usage.cache_read_tokens, "cache_read_tokens");
    const write5m = count(usage.cache_write_5m_tokens, "cache_write_5m_tokens");
    const write1h = count(usage.cache_write_1h_tokens, "cache_write_1h_tokens");
    // Cache classes are parts of prompt_tokens; counts stay far below 2^53, so this is exact.
    const uncached = prompt - read - write5m - write1h;
    if (uncached < 0) {
      throw usageError(
        "cache_read_tokens",
        `cache tokens (${read + write5m + write1h}) exceed prompt_tokens (${prompt}); prompt_tokens counts all input, cached or not`,
      );
    }
    const completion = count(usage.completion_tokens, "completion_tokens");
    tokens += line(sink, factor, "input", uncached, t.input, false);
    if (read !== 0)
      tokens += line(
        sink,
        factor,
        "cache_read",
        read,
        t.cache_read ?? t.input,
        t.cache_read === null,
      );
    if (write5m !== 0) {
      tokens += line(
        sink,
        factor,
        "cache_write_5m",
        write5m,
        t.cache_write_5m ?? t.input,
        t.cache_write_5m === null,
      );
    }
    if (write1h !== 0) {
      tokens += line(
        sink,
        factor,
        "cache_write_1h",
        write1h,
        t.cache_write_1h ?? t.input,
        t.cache_write_1h === null,
      );
    }
    tokens += line(sink, factor, "output", completion, t.output, false);
    // Reasoning is part of completion unless the model prices it on its own, then it is extra.
    if (t.reasoning !== null) {
      tokens += line(
        sink,
        factor,
        "reasoning",
        count(usage.reasoning_tokens, "reasoning_tokens"),
        t.reasoning,
        false,
      );
    }
    if (t.citation !== null) {
      tokens += line(
        sink,
        factor,
        "citation",
        count(usage.citation_tokens, "citation_tokens"),
        t.citation,
        false,
      );
    }
  }
  const unscaled = factor === null ? null : RATIO_ONE;
  if (plan.searchQuery !== null) {
    other += line(
      sink,
      unscaled,
      "search_queries",
      count(usage.search_queries, "search_queries"),
      plan.searchQuery,
      false,
    );
  }
  const requests =
    usage.requests === undefined ? plan.defaultRequests : count(usage.requests, "requests");
  if (plan.requestFee !== null)
    other += line(sink, unscaled, "request_fee", requests, plan.requestFee, false);
  let premium = requests;
  if (plan.seat !== null) {
    const seats = usage.seats === undefined ? 1 : count(usage.seats, "seats");
    other += line(sink, unscaled, "seats", seats, plan.seat, false);
    premium = Math.max(0, requests - seats * plan.includedPremiumRequests);
  }
  if (plan.premiumRequest !== null) {
    other += line(sink, unscaled, "premium_requests", premium, plan.premiumRequest, false);
  }
  return factor === null ? tokens + other : tokens * factor + other * RATIO_ONE;
}

function line(
  sink: LineSink | undefined,
  factor: bigint | null,
  name: LineName,
  quantity: number,
  rate: bigint,
  fallback: boolean,
): bigint {
  if (quantity === 0) return 0n;
  const amount = BigInt(quantity) * rate;
  sink?.(name, quantity, rate, factor === null ? amount : amount * factor, fallback);
  return amount;
}

const DIVISORS: Record<number, bigint> = {
  [FEMTO_SCALE]: 10n ** BigInt(FEMTO_SCALE - NANO_SCALE),
  [AMOUNT_SCALE]: 10n ** BigInt(AMOUNT_SCALE - NANO_SCALE),
};

/**
 * Rounds the exact sum of a record (at `scale`) once, half to even, to whole nano-dollars,
 * after the discount factor of an override when one applies.
 */
export function roundRecord(sum: bigint, scale: number, discountFactor: bigint | null): bigint {
  const divisor = DIVISORS[scale] ?? 10n ** BigInt(scale - NANO_SCALE);
  return discountFactor === null
    ? roundHalfEven(sum, divisor)
    : roundHalfEven(sum * discountFactor, divisor * RATIO_ONE);
}

/**
 * `divideHalfEven` (core/money.ts) for the non-negative sums of pricing, with a fast exit for
 * the common exact case: it runs once for every priced record.
 */
export function roundHalfEven(numerator: bigint, divisor: bigint): bigint {
  if (numerator < 0n) return divideHalfEven(numerator, divisor);
  const quotient = numerator / divisor;
  const remainder = numerator - quotient * divisor;
  if (remainder === 0n) return quotient;
  const twice = remainder + remainder;
  return twice > divisor || (twice === divisor && (quotient & 1n) === 1n)
    ? quotient + 1n
    : quotient;
}
