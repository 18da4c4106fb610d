/** A price override in words: what it changes and at which prices. */
import type { PriceOverrideWire } from "./types.ts";

/** The price parts an override may set, in the order they are shown. */
export const PRICE_PARTS = [
  ["input", "Input"],
  ["output", "Output"],
  ["cache_read", "Cache read"],
  ["cache_write_5m", "Cache write (5 min)"],
  ["cache_write_1h", "Cache write (1 h)"],
] as const;

export function overrideTitle(o: PriceOverrideWire): string {
  const tier = o.service_tier ? ` (${o.service_tier} tier)` : "";
  if (o.kind === "discount") return `${o.percent}% off ${o.model ?? "every model"}${tier}`;
  return `Prices for ${o.model ?? "every model"}${tier}`;
}

/**
 * "Input $3 · Output $15" — a price per million tokens exactly as agreed (a rate, not an amount
 * of money spent, so its decimals are kept rather than rounded to cents).
 */
export function overridePrices(o: PriceOverrideWire): string | null {
  if (!o.prices) return null;
  const prices = o.prices;
  return PRICE_PARTS.filter(([key]) => prices[key] !== undefined)
    .map(([key, label]) => `${label} $${prices[key]}`)
    .join(" · ");
}
