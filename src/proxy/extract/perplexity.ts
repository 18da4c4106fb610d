/**
 * Perplexity: Sonar chat completions, the Responses-style Agent API and embeddings. Each
 * reports its own dollar cost, as JSON floats; the parser quotes those literals first
 * (exact-numbers.ts) so the cost stays exact. Sonar streams repeat the running usage on every
 * chunk; the final one is the chunk whose choice finished.
 */
import { formatUsd, parseUsd } from "../../core/money.ts";
import { chatCompletionsFormat, chatTokens } from "./chat-completions.ts";
import { embeddingsFormat, embeddingTokens } from "./embeddings.ts";
import { plainDecimal } from "./exact-numbers.ts";
import { asArray, asObject, asString, CountReader, objectAt, put } from "./fields.ts";
import { responsesFormat } from "./responses.ts";
import type { Json, Reading, ResponseFormat, TokenCounts } from "./types.ts";

function readSonar(body: Json): Reading {
  const counts = new CountReader();
  const usage = asObject(body.usage);
  const metadata: Json = {};
  let tokens: TokenCounts | null = null;
  if (usage !== null) {
    tokens = chatTokens(usage, counts);
    // Deep research bills reasoning tokens on their own: kept as given, even above completion tokens.
    const reasoning = counts.optional(usage.reasoning_tokens, "reasoning_tokens");
    if (reasoning !== null) tokens.reasoning_tokens = reasoning;
    const searches = counts.optional(usage.num_search_queries, "num_search_queries");
    tokens.search_queries = searches ?? 0;
    put(metadata, "search_context_size", asString(usage.search_context_size));
    put(metadata, "citation_tokens", counts.optional(usage.citation_tokens, "citation_tokens"));
    put(metadata, "num_search_queries", searches);
  }
  put(metadata, "citations_count", asArray(body.citations)?.length);
  put(metadata, "search_results_count", asArray(body.search_results)?.length);
  return {
    model: asString(body.model),
    requestId: asString(body.id),
    serviceTier: null,
    tokens,
    providerCost: usage === null ? null : readCost(usage.cost, metadata),
    metadata: counts.note(metadata),
  };
}

function readAgent(body: Json): Reading {
  const counts = new CountReader();
  const usage = asObject(body.usage);
  const metadata: Json = {};
  put(metadata, "status", asString(body.status));
  let tokens: TokenCounts | null = null;
  if (usage !== null) {
    const input = counts.read(usage.input_tokens, "input_tokens");
    const details = objectAt(usage, "input_tokens_details");
    const cacheRead = counts.read(
      details?.cache_read_input_tokens ?? details?.cached_tokens,
      "input_tokens_details.cache_read_input_tokens",
    );
    const cacheWrite = counts.read(
      details?.cache_creation_input_tokens,
      "input_tokens_details.cache_creation_input_tokens",
    );
    // Whether `input_tokens` includes cached tokens is not documented (it proxies other
    // providers' models). When the cache parts exceed it, it cannot: they are added.
    const excludesCache = cacheRead + cacheWrite > input;
    if (excludesCache) metadata.input_tokens_exclude_cache = true;
    const tools = toolCalls(usage.tool_calls_details, counts);
    if (Object.keys(tools).length > 0) metadata.tool_calls = tools;
    tokens = {
      prompt_tokens: excludesCache
        ? counts.sum("prompt_tokens", input, cacheRead, cacheWrite)
        : input,
      completion_tokens: counts.read(usage.output_tokens, "output_tokens"),
      cache_read_tokens: cacheRead,
      cache_write_5m_tokens: cacheWrite,
      cache_write_1h_tokens: 0,
      reasoning_tokens: counts.read(
        objectAt(usage, "output_tokens_details")?.reasoning_tokens,
        "output_tokens_details.reasoning_tokens",
      ),
      search_queries: Object.entries(tools)
        .filter(([name]) => name.includes("search"))
        .reduce((sum, [, calls]) => sum + calls, 0),
    };
  }
  return {
    model: asString(body.model),
    requestId: asString(body.id),
    serviceTier: null,
    tokens,
    providerCost: usage === null ? null : readCost(usage.cost, metadata),
    metadata: counts.note(metadata),
  };
}

function readEmbeddings(body: Json): Reading {
  const counts = new CountReader();
  const usage = asObject(body.usage);
  const metadata: Json = {};
  return {
    model: asString(body.model),
    requestId: asString(body.id),
    serviceTier: null,
    tokens: usage === null ? null : embeddingTokens(usage, counts),
    providerCost: usage === null ? null : readCost(usage.cost, metadata),
    metadata: counts.note(metadata),
  };
}

/** `{ web_search: { invocation: 2 } }` → `{ web_search: 2 }`. */
function toolCalls(value: unknown, counts: CountReader): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const [name, detail] of Object.entries(asObject(value) ?? {})) {
    calls[name] = counts.read(asObject(detail)?.invocation, `tool_calls_details.${name}`);
  }
  return calls;
}

/**
 * The provider's cost: the breakdown into `metadata.cost` as exact decimal strings, the total
 * as the returned exact USD amount (null when absent, not USD or not a number).
 */
function readCost(value: unknown, metadata: Json): string | null {
  const object = asObject(value);
  const breakdown: Record<string, string> = {};
  // A bare number or string is the total itself.
  const members: [string, unknown][] = object ? Object.entries(object) : [["total_cost", value]];
  for (const [key, member] of members) {
    const text = decimalText(member) ?? (typeof member === "string" ? member : null);
    if (text !== null) breakdown[key] = text;
  }
  if (Object.keys(breakdown).length === 0) return null;
  metadata.cost = breakdown;
  const currency = breakdown.currency;
  if (currency !== undefined && currency.toUpperCase() !== "USD") {
    metadata.cost_error = `cost is in ${currency}, not USD`;
    return null;
  }
  const total = breakdown.total_cost;
  if (total === undefined) return null;
  try {
    return formatUsd(parseUsd(total, "half-even"));
  } catch {
    metadata.cost_error = `total_cost ${JSON.stringify(total)} is not a decimal amount`;
    return null;
  }
}

/** A cost member as a plain decimal: strings as quoted from the raw text, numbers only if one escaped quoting. */
function decimalText(value: unknown): string | null {
  if (typeof value === "string") return plainDecimal(value);
  if (typeof value === "number" && Number.isFinite(value)) return plainDecimal(String(value));
  return null;
}

export const perplexityChat: ResponseFormat = chatCompletionsFormat({
  read: readSonar,
  exactCosts: true,
  usageOnEveryChunk: true,
  expectsUsage: () => true,
});
export const perplexityAgent: ResponseFormat = responsesFormat(readAgent, true);
export const perplexityEmbeddings: ResponseFormat = embeddingsFormat(readEmbeddings, true);
