/** The price catalog as a service: list entries, quote a usage. */
import { z } from "zod";
import { isIsoDate, normalizeTimestamp } from "../core/time.ts";
import {
  type ListedPrice,
  type PriceOverride,
  parsePricingUsage,
  type Quote,
} from "../pricing/index.ts";
import { PROVIDER_IDS } from "../providers/registry.ts";
import { getAccount } from "./accounts.ts";
import type { ServiceContext } from "./context.ts";
import { parseInput } from "./parse-input.ts";

const when = z
  .string()
  .refine(
    (v) => isIsoDate(v) || normalizeTimestamp(v) !== null,
    "must be a date YYYY-MM-DD or an RFC 3339 timestamp",
  );
const provider = z.enum(PROVIDER_IDS, { error: `must be one of ${PROVIDER_IDS.join(", ")}` });

export const listPricesInput = z.object({ provider: provider.optional(), at: when.optional() });

export function listCatalogPrices(ctx: ServiceContext, input: unknown): ListedPrice[] {
  const options = parseInput(listPricesInput, input);
  return ctx.pricer.listPrices({ provider: options.provider, at: options.at });
}

export const quoteInput = z.object({
  provider,
  model: z.string({ error: "is required" }).min(1, "is required"),
  usage: z.unknown(),
  at: when.optional(),
  /** Price with this account's overrides. */
  account_id: z.string().optional(),
});

/** Prices a usage (wire field names) at a date; an unknown model answers unpriced with a null cost. */
export async function quotePrice(ctx: ServiceContext, input: unknown): Promise<Quote> {
  const parsed = parseInput(quoteInput, input);
  const usage = parsePricingUsage(parsed.usage ?? {});
  let overrides: PriceOverride[] = [];
  if (parsed.account_id) {
    const account = await getAccount(ctx, parsed.account_id);
    overrides = (await ctx.priceOverrides.listForAccounts([account.id])).get(account.id) ?? [];
  }
  return ctx.pricer.quote({
    provider: parsed.provider,
    model: parsed.model,
    at: parsed.at ?? ctx.now().toISOString(),
    usage,
    overrides,
  });
}
