/**
 * Pricing records from the catalog. Only records without a cost of their own are priced:
 * official report costs, provider-reported costs, manual entries and reconciliation
 * adjustments are never repriced.
 */
import { formatUsd } from "../core/money.ts";
import type { NewUsageRecord } from "../core/usage-record.ts";
import type { PriceOverride, PriceResult, PricingUsage } from "../pricing/index.ts";
import type { ServiceContext } from "./context.ts";

type PricingFields = Pick<NewUsageRecord, "cost_nanos" | "cost_source" | "unpriced" | "metadata">;

/**
 * True for a record whose cost comes (or should come) from the price table. A captured request
 * whose response carried no usage (`metadata.usage_missing`) has nothing to price: it stays
 * unpriced rather than becoming a guessed $0.
 */
export function isTablePriced(record: PricingFields): boolean {
  if (record.metadata.usage_missing === true) return false;
  return (
    record.cost_source === "price_table" ||
    (record.cost_nanos === null && record.cost_source === null)
  );
}

/** The pricing view of a record; context window, search context size and citation tokens live in metadata. */
export function pricingUsageOf(record: NewUsageRecord): PricingUsage {
  return {
    prompt_tokens: record.prompt_tokens,
    completion_tokens: record.completion_tokens,
    cache_read_tokens: record.cache_read_tokens,
    cache_write_5m_tokens: record.cache_write_5m_tokens,
    cache_write_1h_tokens: record.cache_write_1h_tokens,
    reasoning_tokens: record.reasoning_tokens,
    citation_tokens: metadataCount(record.metadata.citation_tokens),
    search_queries: record.search_queries,
    requests: record.requests,
    service_tier: record.service_tier,
    context_window: metadataText(record.metadata.context_window),
    search_context_size: metadataText(record.metadata.search_context_size),
    bucket: record.bucket,
  };
}

/** Prices one record with the account's overrides. */
export function priceRecord(
  ctx: ServiceContext,
  record: NewUsageRecord,
  overrides: readonly PriceOverride[],
): PriceResult {
  return ctx.pricer.price({
    provider: record.provider,
    model: record.model,
    at: record.timestamp,
    usage: pricingUsageOf(record),
    overrides,
  });
}

/** Applies a price result to a record: a cost and its version, or loudly unpriced. */
export function applyPrice(record: NewUsageRecord, result: PriceResult): void {
  record.cost_nanos = result.unpriced ? null : result.totalNanos;
  record.unpriced = result.unpriced;
  record.cost_source = result.unpriced ? null : "price_table";
  record.price_version = result.unpriced ? null : result.priceVersion;
}

/** Captured requests whose provider reported the cost also get the price-table figure, to compare. */
function isComparable(record: NewUsageRecord): boolean {
  return (
    record.cost_source === "provider_reported" &&
    (record.source === "proxy" || record.source === "sdk") &&
    record.requests > 0
  );
}

/**
 * Prices, in place, every record of a batch that has no cost of its own. A captured request
 * with a provider-reported cost keeps it, with the price-table figure beside it in
 * `metadata.price_table_cost`.
 */
export async function priceBatch(ctx: ServiceContext, records: NewUsageRecord[]): Promise<void> {
  const toPrice = records.filter(isTablePriced);
  const toCompare = records.filter(isComparable);
  if (toPrice.length === 0 && toCompare.length === 0) return;
  const accounts = [...new Set([...toPrice, ...toCompare].map((r) => r.account_id))];
  const overrides = await ctx.priceOverrides.listForAccounts(accounts);
  for (const record of toPrice) {
    applyPrice(record, priceRecord(ctx, record, overrides.get(record.account_id) ?? []));
  }
  for (const record of toCompare) {
    const table = priceRecord(ctx, record, overrides.get(record.account_id) ?? []);
    record.metadata = {
      ...record.metadata,
      price_table_cost: table.totalNanos === null ? null : formatUsd(table.totalNanos),
    };
  }
}

function metadataCount(value: unknown): number | undefined {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function metadataText(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
