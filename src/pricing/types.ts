import type { Bucket } from "../core/enums.ts";
import type { ProviderId } from "../providers/registry.ts";

/**
 * What a record used, in the canonical token semantics (docs/providers.md §6): `prompt_tokens`
 * counts all input, and the three cache classes are parts of it.
 */
export interface PricingUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  cache_read_tokens?: number;
  cache_write_5m_tokens?: number;
  cache_write_1h_tokens?: number;
  reasoning_tokens?: number;
  citation_tokens?: number;
  search_queries?: number;
  /** Requests the record covers; 1 for a single-request record when absent. */
  requests?: number;
  /** Seats, for per-seat plans; 1 when absent. */
  seats?: number;
  service_tier?: string | null;
  context_window?: string | null;
  search_context_size?: string | null;
  bucket?: Bucket;
}

export type SearchContextSize = "low" | "medium" | "high";

interface OverrideBase {
  id: string;
  /** First day (UTC) the override applies, YYYY-MM-DD. */
  effective_from: string;
  /** First day it no longer applies (exclusive), or null for open-ended. */
  effective_to: string | null;
  /** Limits the override to one provider; absent or null means any. */
  provider?: ProviderId | null;
  /** Limits the override to one service tier (e.g. "priority"); absent or null means any. */
  service_tier?: string | null;
}

/** Decimal USD prices per million tokens. */
export interface OverridePrices {
  input: string;
  output: string;
  cache_read?: string;
  cache_write_5m?: string;
  cache_write_1h?: string;
}

/** A negotiated price that wins over the catalog. */
export type PriceOverride = OverrideBase &
  (
    | { kind: "discount"; percent: string; model?: string | null }
    | { kind: "model_prices"; model: string; prices: OverridePrices }
  );

export interface PriceInput {
  provider: ProviderId;
  model: string | null;
  /** ISO timestamp or YYYY-MM-DD; prices in effect on its UTC date apply. */
  at: string;
  usage: PricingUsage;
  overrides?: readonly PriceOverride[];
}

/** The names of the priced components of a record. */
export type LineName =
  | "input"
  | "cache_read"
  | "cache_write_5m"
  | "cache_write_1h"
  | "output"
  | "reasoning"
  | "citation"
  | "search_queries"
  | "request_fee"
  | "seats"
  | "premium_requests";

/** One priced component. Amounts are exact decimal USD strings, never rounded. */
export interface BreakdownLine {
  quantity: string;
  /** USD per `per` units, as listed. */
  rate: string;
  per: "1M tokens" | "1,000" | "1";
  /** quantity × rate / per, after any batch discount, before any discount override. */
  amount: string;
  adjustments: string[];
}

export interface Breakdown {
  /** "standard", "batch", "priority", or the service tier as given. */
  tier: string;
  /** "long" when the long-context price applied, "standard" otherwise. */
  context: "standard" | "long";
  search_context_size: SearchContextSize | null;
  lines: Partial<Record<LineName, BreakdownLine>>;
  discount: { override_id: string; percent: string; amount: string } | null;
  /** Exact sum of the lines and the discount, unrounded. */
  exact_total: string | null;
  /** exact_total rounded half-to-even to whole nano-dollars: the record's cost. */
  total: string | null;
  rounding: string;
  notes: string[];
}

/** Which price a record was priced with. */
export interface PriceInfo {
  provider: ProviderId;
  /** Canonical model id (the override's model when the catalog does not know it). */
  model: string;
  /** The id the record used when it was an alias, else null. */
  matched_alias: string | null;
  /** Catalog entry window; null when only an override priced the record. */
  effective_from: string | null;
  effective_to: string | null;
  source_url: string | null;
  override_id: string | null;
  override_ids: string[];
  version: string;
  labels: string[];
}

export interface PriceResult {
  totalNanos: bigint | null;
  unpriced: boolean;
  priceVersion: string | null;
  readonly breakdown: Breakdown;
  readonly price: PriceInfo | null;
}

/** A priced record as JSON: what `prices quote` prints and the API returns. */
export interface Quote {
  total_cost: string | null;
  currency: "USD";
  unpriced: boolean;
  price_version: string | null;
  breakdown: Breakdown;
  price: PriceInfo | null;
}
