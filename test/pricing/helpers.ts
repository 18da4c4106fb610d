import { parseUsd } from "../../src/core/money.ts";
import { createPricer, type PriceOverride, type PricingUsage } from "../../src/pricing/index.ts";
import type { ProviderId } from "../../src/providers/registry.ts";

export const pricer = createPricer();

/** Prices one record with the bundled catalog. */
export function price(
  provider: ProviderId,
  model: string | null,
  at: string,
  usage: PricingUsage,
  overrides?: PriceOverride[],
) {
  return pricer.price({ provider, model, at, usage, ...(overrides ? { overrides } : {}) });
}

/** Nano-dollars of a USD decimal written by hand in a test. */
export function usd(text: string): bigint {
  return parseUsd(text);
}
