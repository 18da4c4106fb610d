/** A price override in words: what it changes, at which prices, and what adding or removing it does. */
import { PRICE_PARTS } from "./draft.ts";
import type { PriceOverrideWire } from "./types.ts";

/** "12.5% off every model", "Prices for gpt-4o (priority tier)". */
export function overrideTitle(o: PriceOverrideWire): string {
  const tier = o.service_tier ? ` (${o.service_tier} tier)` : "";
  if (o.kind === "discount") return `${o.percent}% off ${o.model ?? "every model"}${tier}`;
  return `Prices for ${o.model ?? "every model"}${tier}`;
}

/**
 * [["Input", "$3"], ["Output", "$15"]]: prices per million tokens exactly as agreed (rates, not
 * amounts spent, so every decimal is kept rather than rounded to cents). Empty for a discount.
 */
export function overridePrices(o: PriceOverrideWire): [label: string, price: string][] {
  const prices = o.prices ?? {};
  return PRICE_PARTS.flatMap(({ key, label }) => {
    const value = prices[key];
    return value === undefined ? [] : [[label, `$${value}`] as [string, string]];
  });
}

const RECOMPUTE = "Records already stored keep their old price until you recompute.";

/** Said after adding: `Added “12.5% off every model” to Acme.` and that stored records wait. */
export function addedMessage(o: PriceOverrideWire, accountName?: string): string {
  return `Added “${overrideTitle(o)}”${accountName ? ` to ${accountName}` : ""}. ${RECOMPUTE}`;
}

export function removedMessage(o: PriceOverrideWire, accountName?: string): string {
  return `Removed “${overrideTitle(o)}”${accountName ? ` from ${accountName}` : ""}. ${RECOMPUTE}`;
}
