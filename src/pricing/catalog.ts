import type { z } from "zod";
import type { Plan } from "./calculate.ts";
import type { ErrorDetail } from "../core/errors.ts";
import type { ProviderId } from "../providers/registry.ts";
import anthropic from "./catalog/anthropic.json" with { type: "json" };
import githubCopilot from "./catalog/github_copilot.json" with { type: "json" };
import groq from "./catalog/groq.json" with { type: "json" };
import openai from "./catalog/openai.json" with { type: "json" };
import perplexity from "./catalog/perplexity.json" with { type: "json" };
import { type CatalogEntry, type CatalogTokenPrices, catalogFileSchema } from "./catalog-schema.ts";
import { discountFactor, SCALE, toUnits } from "./decimal.ts";
import { CatalogError } from "./errors.ts";
import type { SearchContextSize } from "./types.ts";

/** Token prices in femto-dollars per token; null where the model has no price of that class. */
export interface TokenRates {
  input: bigint;
  output: bigint;
  cache_read: bigint | null;
  cache_write_5m: bigint | null;
  cache_write_1h: bigint | null;
  reasoning: bigint | null;
  citation: bigint | null;
}

/** Everything a record can be charged for, as exact integers (see decimal.ts for the scales). */
export interface RateSet {
  tokens: TokenRates | null;
  longContext: { aboveInputTokens: number; tokens: TokenRates } | null;
  /** Multiplier at RATIO_ONE applied to token classes on the batch tier. */
  batchFactor: bigint | null;
  batchPercent: string | null;
  /** Femto-dollars per search query. */
  searchQuery: bigint | null;
  /** Femto-dollars per request, by search context size. */
  requestFee: Readonly<Record<SearchContextSize, bigint>> | null;
  /** Femto-dollars per seat-month. */
  seat: bigint | null;
  includedPremiumRequests: number;
  /** Femto-dollars per premium request. */
  premiumRequest: bigint | null;
}

export interface CompiledEntry {
  provider: ProviderId;
  model: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  sourceUrl: string;
  /** Stable name of this entry: provider/model@effective_from. */
  version: string;
  rates: RateSet;
  unconfirmed: readonly string[];
  /** The validated entry as written, for listing. */
  entry: CatalogEntry;
  /** Plans built from this entry, by plan key (see pricer.ts), so records share them. */
  plans: (Plan | undefined)[];
}

/** All entries of one model, oldest first; their windows never overlap. */
export interface ModelSlot {
  provider: ProviderId;
  model: string;
  entries: readonly CompiledEntry[];
}

export interface CatalogMatch {
  slot: ModelSlot;
  /** The id that matched when it is an alias, else null. */
  alias: string | null;
}

export interface Catalog {
  readonly entries: readonly CompiledEntry[];
  /** provider → model id or alias (lower case) → model. */
  readonly ids: ReadonlyMap<ProviderId, ReadonlyMap<string, CatalogMatch>>;
}

/** The catalog files shipped with TokenLedger, by file name. */
export const BUNDLED_CATALOG_FILES: Readonly<Record<string, unknown>> = {
  "anthropic.json": anthropic,
  "openai.json": openai,
  "groq.json": groq,
  "perplexity.json": perplexity,
  "github_copilot.json": githubCopilot,
};

let bundled: Catalog | undefined;

/** The bundled catalog, validated and compiled once. */
export function defaultCatalog(): Catalog {
  bundled ??= loadCatalog(BUNDLED_CATALOG_FILES);
  return bundled;
}

/**
 * Validates catalog files (file name → parsed JSON) and compiles their prices to integers.
 * Any problem fails loudly with a CatalogError naming the file, the entry and the field.
 */
export function loadCatalog(files: Readonly<Record<string, unknown>>): Catalog {
  const problems: ErrorDetail[] = [];
  const entries: CompiledEntry[] = [];
  for (const [file, content] of Object.entries(files)) {
    const parsed = catalogFileSchema.safeParse(content, { reportInput: true });
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((issue) => describeIssue(file, content, issue)));
      continue;
    }
    for (const entry of parsed.data.entries)
      entries.push(compileEntry(parsed.data.provider, entry));
  }
  if (problems.length === 0) problems.push(...checkWindows(entries));
  const ids = problems.length === 0 ? indexIds(entries, problems) : new Map();
  if (problems.length > 0) {
    const lines = problems.map((problem) => `  ${problem.field}: ${problem.message}`);
    throw new CatalogError(`Invalid price catalog:\n${lines.join("\n")}`, problems);
  }
  return { entries, ids };
}

function compileEntry(provider: ProviderId, entry: CatalogEntry): CompiledEntry {
  const fee = entry.request_fee_per_1k;
  return {
    provider,
    model: entry.model,
    effectiveFrom: entry.effective_from,
    effectiveTo: entry.effective_to,
    sourceUrl: entry.source_url,
    version: `${provider}/${entry.model}@${entry.effective_from}`,
    unconfirmed: entry.unconfirmed ?? [],
    entry,
    plans: [],
    rates: {
      tokens: entry.prices ? compileTokenPrices(entry.prices) : null,
      longContext: entry.long_context
        ? {
            aboveInputTokens: entry.long_context.above_input_tokens,
            tokens: compileTokenPrices(entry.long_context.prices),
          }
        : null,
      batchFactor:
        entry.batch_discount_percent === undefined
          ? null
          : discountFactor(entry.batch_discount_percent),
      batchPercent: entry.batch_discount_percent ?? null,
      searchQuery: optionalUnits(entry.search_queries_per_1k, SCALE.perThousand),
      requestFee: fee
        ? {
            low: toUnits(fee.low, SCALE.perThousand),
            medium: toUnits(fee.medium, SCALE.perThousand),
            high: toUnits(fee.high, SCALE.perThousand),
          }
        : null,
      seat: optionalUnits(entry.seat_per_month, SCALE.perUnit),
      includedPremiumRequests: entry.included_premium_requests ?? 0,
      premiumRequest: optionalUnits(entry.premium_request, SCALE.perUnit),
    },
  };
}

/** Compiles per-million-token decimal prices to femto-dollars per token. */
export function compileTokenPrices(prices: CatalogTokenPrices): TokenRates {
  return {
    input: toUnits(prices.input, SCALE.perMTok),
    output: toUnits(prices.output, SCALE.perMTok),
    cache_read: optionalUnits(prices.cache_read, SCALE.perMTok),
    cache_write_5m: optionalUnits(prices.cache_write_5m, SCALE.perMTok),
    cache_write_1h: optionalUnits(prices.cache_write_1h, SCALE.perMTok),
    reasoning: optionalUnits(prices.reasoning, SCALE.perMTok),
    citation: optionalUnits(prices.citation, SCALE.perMTok),
  };
}

function optionalUnits(text: string | undefined, scale: number): bigint | null {
  return text === undefined ? null : toUnits(text, scale);
}

/** Entries of one model must not overlap in time: a price change ends the old entry. */
function checkWindows(entries: CompiledEntry[]): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const group of groupByModel(entries).values()) {
    group.sort((a, b) =>
      a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0,
    );
    for (let i = 1; i < group.length; i++) {
      const before = group[i - 1];
      const after = group[i];
      if (!before || !after) continue;
      if (before.effectiveTo === null || before.effectiveTo > after.effectiveFrom) {
        problems.push({
          field: `${after.provider}/${after.model}`,
          message: `entries overlap: ${before.version} runs until ${before.effectiveTo ?? "open end"} but ${after.version} starts ${after.effectiveFrom}; give the older entry effective_to = ${after.effectiveFrom}`,
        });
      }
    }
  }
  return problems;
}

function groupByModel(entries: CompiledEntry[]): Map<string, CompiledEntry[]> {
  const groups = new Map<string, CompiledEntry[]>();
  for (const entry of entries) {
    const key = `${entry.provider}/${entry.model}`;
    const group = groups.get(key) ?? [];
    group.push(entry);
    groups.set(key, group);
  }
  return groups;
}

/** Builds the id index; an id that would name two models of one provider is a problem. */
function indexIds(
  entries: CompiledEntry[],
  problems: ErrorDetail[],
): Map<ProviderId, Map<string, CatalogMatch>> {
  const ids = new Map<ProviderId, Map<string, CatalogMatch>>();
  for (const [key, group] of groupByModel(entries)) {
    const first = group[0];
    if (!first) continue;
    const slot: ModelSlot = { provider: first.provider, model: first.model, entries: group };
    const byId = ids.get(first.provider) ?? new Map<string, CatalogMatch>();
    ids.set(first.provider, byId);
    const names = new Set([first.model, ...group.flatMap((entry) => entry.entry.aliases)]);
    for (const id of names) {
      const existing = byId.get(id);
      if (existing && existing.slot !== slot) {
        problems.push({
          field: key,
          message: `id "${id}" already names ${first.provider}/${existing.slot.model}; an id may name one model only`,
        });
        continue;
      }
      byId.set(id, { slot, alias: id === first.model ? null : id });
    }
  }
  return ids;
}

function describeIssue(file: string, content: unknown, issue: z.core.$ZodIssue): ErrorDetail {
  const path = issue.path;
  let where = file;
  let rest = path;
  if (path[0] === "entries" && typeof path[1] === "number") {
    const model = modelAt(content, path[1]);
    where = `${file} entries[${path[1]}]${model ? ` (${model})` : ""}`;
    rest = path.slice(2);
  }
  const field = rest.map(String).join(".");
  const message =
    issue.code === "unrecognized_keys"
      ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`
      : issue.code === "invalid_type" && issue.input === undefined
        ? "is required"
        : issue.message;
  return { field: field ? `${where} ${field}` : where, message };
}

function modelAt(content: unknown, index: number): string | null {
  if (typeof content !== "object" || content === null) return null;
  const entries = (content as { entries?: unknown }).entries;
  if (!Array.isArray(entries)) return null;
  const entry: unknown = entries[index];
  if (typeof entry !== "object" || entry === null) return null;
  const model = (entry as { model?: unknown }).model;
  return typeof model === "string" ? model : null;
}
