import { z } from "zod";
import { ValidationError } from "../core/errors.ts";
import { PROVIDER_IDS, type ProviderId } from "../providers/registry.ts";
import { type Catalog, compileTokenPrices, type TokenRates } from "./catalog.ts";
import { decimalString, isoDate, percent } from "./catalog-schema.ts";
import { discountFactor, SCALE } from "./decimal.ts";
import { canonicalModel } from "./lookup.ts";
import type { PriceOverride } from "./types.ts";

const perMTok = decimalString(SCALE.perMTok, "USD per million tokens");

const base = {
  id: z.string({ error: "is required" }).min(1, "must not be empty"),
  effective_from: isoDate,
  effective_to: isoDate.nullable(),
  provider: z.enum(PROVIDER_IDS, { error: `must be one of ${PROVIDER_IDS.join(", ")}` }).nullish(),
  service_tier: z.string().nullish(),
};

/** A price override as stored or sent over the API. */
export const priceOverrideSchema = z
  .discriminatedUnion(
    "kind",
    [
      z.strictObject({
        ...base,
        kind: z.literal("discount"),
        percent,
        model: z.string().min(1).nullish(),
      }),
      z.strictObject({
        ...base,
        kind: z.literal("model_prices"),
        model: z.string({ error: "is required" }).min(1, "must not be empty"),
        prices: z.strictObject({
          input: perMTok,
          output: perMTok,
          cache_read: perMTok.optional(),
          cache_write_5m: perMTok.optional(),
          cache_write_1h: perMTok.optional(),
        }),
      }),
    ],
    { error: 'kind must be "discount" or "model_prices"' },
  )
  .refine(
    (override) => override.effective_to === null || override.effective_to > override.effective_from,
    {
      path: ["effective_to"],
      error: "must be after effective_from; it is exclusive",
    },
  );

export interface CompiledOverride {
  id: string;
  kind: "discount" | "model_prices";
  from: string;
  to: string | null;
  provider: ProviderId | null;
  tier: string | null;
  /** Lower-cased model name, or null for a discount on every model. */
  model: string | null;
  percent: string | null;
  /** Multiplier at RATIO_ONE for a discount. */
  factor: bigint | null;
  rates: TokenRates | null;
}

const compiled = new WeakMap<PriceOverride, CompiledOverride>();

/** Validates and compiles an override once; later calls with the same object are free. */
export function compileOverride(override: PriceOverride): CompiledOverride {
  const cached = compiled.get(override);
  if (cached) return cached;
  const parsed = priceOverrideSchema.safeParse(override);
  if (!parsed.success) {
    const label = typeof override?.id === "string" ? override.id : "?";
    const details = parsed.error.issues.map((issue) => ({
      field: `overrides[${label}]${issue.path.length ? `.${issue.path.join(".")}` : ""}`,
      message: issue.message,
    }));
    throw new ValidationError(
      `Invalid price override ${label}: ${details.map((d) => `${d.field}: ${d.message}`).join("; ")}`,
      details,
    );
  }
  const value = parsed.data;
  const result: CompiledOverride = {
    id: value.id,
    kind: value.kind,
    from: value.effective_from,
    to: value.effective_to,
    provider: value.provider ?? null,
    tier: value.service_tier ?? null,
    model: value.model ? value.model.trim().toLowerCase() : null,
    percent: value.kind === "discount" ? value.percent : null,
    factor: value.kind === "discount" ? discountFactor(value.percent) : null,
    rates: value.kind === "model_prices" ? compileTokenPrices(value.prices) : null,
  };
  compiled.set(override, result);
  return result;
}

export interface OverrideChoice {
  modelPrices: CompiledOverride | null;
  discount: CompiledOverride | null;
}

export interface OverrideQuery {
  catalog: Catalog;
  provider: ProviderId;
  /** Canonical model of the record (the catalog id when known). */
  model: string;
  date: string;
  tier: string;
}

/**
 * Picks the overrides that apply to a record: at most one `model_prices` and one `discount`.
 * The latest effective_from wins, a discount for the record's model beats one for every model,
 * and on a full tie the override listed last wins.
 */
export function chooseOverrides(
  overrides: readonly PriceOverride[],
  query: OverrideQuery,
): OverrideChoice {
  let modelPrices: CompiledOverride | null = null;
  let discount: CompiledOverride | null = null;
  for (const raw of overrides) {
    const o = compileOverride(raw);
    if (!applies(o, query)) continue;
    if (o.kind === "model_prices") {
      if (modelPrices === null || o.from >= modelPrices.from) modelPrices = o;
    } else if (discount === null || outranks(o, discount)) {
      discount = o;
    }
  }
  return { modelPrices, discount };
}

function applies(o: CompiledOverride, q: OverrideQuery): boolean {
  if (o.from > q.date || (o.to !== null && q.date >= o.to)) return false;
  if (o.provider !== null && o.provider !== q.provider) return false;
  if (o.tier !== null && o.tier !== q.tier) return false;
  return o.model === null || canonicalModel(q.catalog, q.provider, o.model) === q.model;
}

function outranks(candidate: CompiledOverride, current: CompiledOverride): boolean {
  const specific = candidate.model !== null;
  const currentSpecific = current.model !== null;
  if (specific !== currentSpecific) return specific;
  return candidate.from >= current.from;
}
