import { type Catalog, type CompiledEntry, defaultCatalog, type RateSet } from "./catalog.ts";
import { buildBreakdown, buildPriceInfo, isLongWindow, type PricedContext } from "./breakdown.ts";
import { exactSum, type Plan, roundRecord, sumScale } from "./calculate.ts";
import { entryAt, findModel, pricingDate } from "./lookup.ts";
import { chooseOverrides, type CompiledOverride, type OverrideChoice } from "./overrides.ts";
import { type ListedPrice, type ListPricesOptions, listCatalogPrices, toQuote } from "./quote.ts";
import type {
  Breakdown,
  PriceInfo,
  PriceInput,
  PriceResult,
  PricingUsage,
  Quote,
  SearchContextSize,
} from "./types.ts";

/** The search context size assumed when a record does not say: the Sonar API's default. */
export const DEFAULT_SEARCH_CONTEXT_SIZE: SearchContextSize = "low";

const STANDARD_TIERS = new Set(["standard", "default", "on_demand", "auto"]);
const NO_OVERRIDES: OverrideChoice = { modelPrices: null, discount: null };

export interface Pricer {
  /**
   * Prices one record. The total is computed at once; `breakdown` and `price` are built from the
   * same input when first read, so do not change the input object before reading them.
   */
  price(input: PriceInput): PriceResult;
  /** Prices one record as JSON-ready output. */
  quote(input: PriceInput): Quote;
  /** The catalog entries, all or those in effect on `at`. */
  listPrices(options?: ListPricesOptions): ListedPrice[];
  readonly catalog: Catalog;
}

/** A pricer over a catalog (the bundled one by default). */
export function createPricer(catalog: Catalog = defaultCatalog()): Pricer {
  const price = (input: PriceInput): PriceResult => priceRecord(catalog, input);
  return {
    catalog,
    price,
    quote: (input) => toQuote(price(input)),
    listPrices: (options) => listCatalogPrices(catalog, options),
  };
}

let standard: Pricer | undefined;

/** The pricer over the bundled catalog. */
export function defaultPricer(): Pricer {
  standard ??= createPricer();
  return standard;
}

/** Prices one record as JSON-ready output with the bundled catalog (or the given pricer). */
export function quote(input: PriceInput, pricer: Pricer = defaultPricer()): Quote {
  return pricer.quote(input);
}

/** Catalog entries as JSON, all or those in effect on `at`, optionally of one provider. */
export function listPrices(
  options: ListPricesOptions = {},
  pricer: Pricer = defaultPricer(),
): ListedPrice[] {
  return pricer.listPrices(options);
}

/** A priced record; `breakdown` and `price` are derived from the decisions on first read. */
class PricedRecord implements PriceResult {
  readonly totalNanos: bigint | null;
  readonly unpriced: boolean;
  readonly priceVersion: string | null;
  #context: PricedContext;
  #breakdown: Breakdown | undefined;
  #price: PriceInfo | null | undefined;

  constructor(context: PricedContext) {
    this.totalNanos = context.totalNanos;
    this.unpriced = context.totalNanos === null;
    this.priceVersion = context.version;
    this.#context = context;
  }

  get breakdown(): Breakdown {
    this.#breakdown ??= buildBreakdown(this.#context);
    return this.#breakdown;
  }

  get price(): PriceInfo | null {
    if (this.#price === undefined) this.#price = buildPriceInfo(this.#context);
    return this.#price;
  }
}

function priceRecord(catalog: Catalog, input: PriceInput): PriceResult {
  const date = pricingDate(input.at);
  const usage = input.usage;
  const tier = normalizeTier(usage.service_tier);
  const match = input.model === null ? undefined : findModel(catalog, input.provider, input.model);
  const entry = match === undefined ? undefined : entryAt(match.slot, date);
  const overrides = input.overrides;
  const choice =
    overrides === undefined || overrides.length === 0 || input.model === null
      ? NO_OVERRIDES
      : chooseOverrides(overrides, {
          catalog,
          provider: input.provider,
          model: match?.slot.model ?? input.model.trim().toLowerCase(),
          date,
          tier,
        });
  const context: PricedContext = {
    input,
    date,
    tier,
    match,
    entry,
    choice,
    plan: null,
    long: false,
    size: null,
    unpricedReason: null,
    version: null,
    sum: 0n,
    totalNanos: null,
  };
  if (entry === undefined && choice.modelPrices === null) {
    context.unpricedReason = unpricedReason(input, match !== undefined, date);
    return new PricedRecord(context);
  }
  const rates = entry?.rates;
  const long = rates !== undefined && choice.modelPrices === null && isLong(rates, usage);
  const size = rates?.requestFee ? searchContextSize(usage.search_context_size) : null;
  const plan =
    entry !== undefined && choice.modelPrices === null
      ? cachedPlan(entry, tier, long, size, usage)
      : makePlan(rates, choice.modelPrices, tier, long, size, usage);
  context.plan = plan;
  context.long = long;
  context.size = size;
  context.sum = exactSum(usage, plan);
  context.totalNanos = roundRecord(context.sum, sumScale(plan), choice.discount?.factor ?? null);
  context.version =
    choice === NO_OVERRIDES && entry !== undefined
      ? entry.version
      : versionOf(input, entry, choice);
  return new PricedRecord(context);
}

const SIZE_INDEX = { low: 1, medium: 2, high: 3 } as const;

/** Plans depend on few decisions: build each once per entry and share it between records. */
function cachedPlan(
  entry: CompiledEntry,
  tier: string,
  long: boolean,
  size: SearchContextSize | null,
  usage: PricingUsage,
): Plan {
  const single = usage.bucket === undefined || usage.bucket === "request";
  const key =
    (tier === "batch" ? 1 : 0) |
    (long ? 2 : 0) |
    ((size === null ? 0 : SIZE_INDEX[size]) << 2) |
    (single ? 16 : 0);
  const cached = entry.plans[key];
  if (cached !== undefined) return cached;
  const plan = makePlan(entry.rates, null, tier, long, size, usage);
  entry.plans[key] = plan;
  return plan;
}

function makePlan(
  rates: RateSet | undefined,
  modelPrices: CompiledOverride | null,
  tier: string,
  long: boolean,
  size: SearchContextSize | null,
  usage: PricingUsage,
): Plan {
  // An override scoped to the batch tier states the batch price itself: no discount on top.
  const batch =
    tier === "batch" && modelPrices?.tier !== "batch" ? (rates?.batchFactor ?? null) : null;
  return {
    tokens:
      modelPrices?.rates ?? (long ? (rates?.longContext?.tokens ?? null) : (rates?.tokens ?? null)),
    batchFactor: batch,
    searchQuery: rates?.searchQuery ?? null,
    requestFee: rates?.requestFee && size ? rates.requestFee[size] : null,
    seat: rates?.seat ?? null,
    includedPremiumRequests: rates?.includedPremiumRequests ?? 0,
    premiumRequest: rates?.premiumRequest ?? null,
    defaultRequests: usage.bucket === undefined || usage.bucket === "request" ? 1 : 0,
  };
}

/**
 * Long context: a single request is judged by its own input; an aggregate bucket only by the
 * provider's `context_window` dimension, because summed tokens say nothing about any request.
 */
function isLong(rates: RateSet, usage: PricingUsage): boolean {
  const tier = rates.longContext;
  if (tier === null) return false;
  if (usage.bucket === undefined || usage.bucket === "request") {
    return (usage.prompt_tokens ?? 0) > tier.aboveInputTokens;
  }
  return isLongWindow(usage.context_window);
}

function searchContextSize(size: string | null | undefined): SearchContextSize {
  return size === "low" || size === "medium" || size === "high"
    ? size
    : DEFAULT_SEARCH_CONTEXT_SIZE;
}

function normalizeTier(tier: string | null | undefined): string {
  if (tier === undefined || tier === null || tier === "" || tier === "standard") return "standard";
  if (tier === "batch" || tier === "priority") return tier;
  const lower = tier.toLowerCase();
  return STANDARD_TIERS.has(lower) ? "standard" : lower;
}

function versionOf(
  input: PriceInput,
  entry: CompiledEntry | undefined,
  choice: OverrideChoice,
): string {
  const mp = choice.modelPrices;
  let version = mp
    ? `${input.provider}/${entry?.model ?? mp.model}+override:${mp.id}`
    : (entry?.version ?? `${input.provider}/${input.model}`);
  if (choice.discount) version += `+override:${choice.discount.id}`;
  return version;
}

function unpricedReason(input: PriceInput, known: boolean, date: string): string {
  if (input.model === null) return "the record names no model: it cannot be priced";
  return known
    ? `no price of ${input.provider}/${input.model} is in effect on ${date}`
    : `${input.provider}/${input.model} is not in the price catalog`;
}
