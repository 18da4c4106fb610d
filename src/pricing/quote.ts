import { formatUsd } from "../core/money.ts";
import type { ProviderId } from "../providers/registry.ts";
import type { Catalog } from "./catalog.ts";
import type { CatalogEntry } from "./catalog-schema.ts";
import { pricingDate } from "./lookup.ts";
import type { PriceResult, Quote } from "./types.ts";

/** A priced record as JSON: `total_cost` is a decimal USD string, or null when unpriced. */
export function toQuote(result: PriceResult): Quote {
  return {
    total_cost: result.totalNanos === null ? null : formatUsd(result.totalNanos),
    currency: "USD",
    unpriced: result.unpriced,
    price_version: result.priceVersion,
    breakdown: result.breakdown,
    price: result.price,
  };
}

export interface ListPricesOptions {
  provider?: ProviderId;
  /** Date or timestamp: only entries in effect then. All entries when absent. */
  at?: string;
}

/** One catalog entry as JSON: prices as the decimal strings the catalog lists. */
export type ListedPrice = { provider: ProviderId; version: string } & Omit<
  CatalogEntry,
  "effective_to"
> & {
    effective_to: string | null;
  };

/** Lists catalog entries in catalog order (by provider, then as the files list them). */
export function listCatalogPrices(
  catalog: Catalog,
  options: ListPricesOptions = {},
): ListedPrice[] {
  const date = options.at === undefined ? null : pricingDate(options.at);
  return catalog.entries
    .filter((entry) => options.provider === undefined || entry.provider === options.provider)
    .filter(
      (entry) =>
        date === null ||
        (entry.effectiveFrom <= date && (entry.effectiveTo === null || date < entry.effectiveTo)),
    )
    .map((entry) => ({
      provider: entry.provider,
      version: entry.version,
      ...structuredClone(entry.entry),
    }));
}
