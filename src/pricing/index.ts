/**
 * The pricing engine: a dated price catalog per provider, exact integer arithmetic, and
 * overrides for negotiated prices. See docs/pricing.md.
 */
export type { Catalog, CompiledEntry } from "./catalog.ts";
export { BUNDLED_CATALOG_FILES, defaultCatalog, loadCatalog } from "./catalog.ts";
export type { CatalogEntry, CatalogFile } from "./catalog-schema.ts";
export { catalogEntrySchema, catalogFileSchema } from "./catalog-schema.ts";
export { CatalogError } from "./errors.ts";
export { priceOverrideSchema } from "./overrides.ts";
export type { Pricer } from "./pricer.ts";
export {
  createPricer,
  DEFAULT_SEARCH_CONTEXT_SIZE,
  defaultPricer,
  listPrices,
  quote,
} from "./pricer.ts";
export type { ListedPrice, ListPricesOptions } from "./quote.ts";
export { toQuote } from "./quote.ts";
export type {
  Breakdown,
  BreakdownLine,
  LineName,
  OverridePrices,
  PriceInfo,
  PriceInput,
  PriceOverride,
  PriceResult,
  PricingUsage,
  Quote,
  SearchContextSize,
} from "./types.ts";
export { parsePricingUsage, pricingUsageSchema } from "./usage-schema.ts";
