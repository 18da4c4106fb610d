/**
 * Reads usage out of a provider response (or out of what a stream accumulated) into the
 * canonical token semantics: prompt tokens count ALL input, cached or not; the cache classes
 * are parts of them; reasoning is part of output except where billed apart (Perplexity).
 */
import { decimalOf, roundDecimal } from "./decimal.ts";
import type { Provider } from "./types.ts";

export type Dict = Record<string, unknown>;

export interface Tokens {
  prompt: number;
  completion: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  reasoning: number;
  searchQueries: number;
}

export interface Observation {
  provider: Provider;
  id: string | null;
  model: string | null;
  serviceTier: string | null;
  tokens: Tokens;
  /** USD decimal string with at most 9 decimals, only when the provider reported a cost. */
  totalCost: string | null;
  metadata: Dict;
}

/** Chat completions and embeddings: OpenAI, Groq, Perplexity and other compatible APIs. */
export function fromChatCompletion(body: Dict, provider: Provider, guessed: boolean): Observation {
  const xGroq = dict(body.x_groq);
  const usage = dict(body.usage) ?? dict(xGroq?.usage) ?? {};
  const resolved = (guessed && refine(body, usage)) || provider;
  const details = dict(usage.completion_tokens_details);
  const metadata: Dict = {};
  if (resolved === "groq") metadata.groq = groqInfo(usage, xGroq);
  if (resolved === "perplexity") metadata.perplexity = perplexityInfo(body, usage);
  return {
    ...head(body, resolved),
    tokens: tokens({
      prompt: count(usage.prompt_tokens),
      completion: count(usage.completion_tokens),
      cacheRead: count(dict(usage.prompt_tokens_details)?.cached_tokens),
      reasoning: count(details?.reasoning_tokens ?? usage.reasoning_tokens),
      searchQueries: count(usage.num_search_queries),
    }),
    ...providerCost(usage.cost, metadata),
    metadata: compact(metadata),
  };
}

/** The OpenAI Responses API (and Responses-style APIs that report a `cost`). */
export function fromResponse(body: Dict, provider: Provider): Observation {
  const usage = dict(body.usage) ?? {};
  const metadata: Dict = {};
  return {
    ...head(body, provider),
    tokens: tokens({
      prompt: count(usage.input_tokens),
      completion: count(usage.output_tokens),
      cacheRead: count(dict(usage.input_tokens_details)?.cached_tokens),
      reasoning: count(dict(usage.output_tokens_details)?.reasoning_tokens),
    }),
    ...providerCost(usage.cost ?? body.cost, metadata),
    metadata: compact(metadata),
  };
}

/** Anthropic Messages: `input_tokens` excludes the cache, so prompt = uncached + read + writes. */
export function fromAnthropicMessage(body: Dict): Observation {
  const usage = dict(body.usage) ?? {};
  const creation = dict(usage.cache_creation);
  const write1h = count(creation?.ephemeral_1h_input_tokens);
  const writes = Math.max(
    count(usage.cache_creation_input_tokens),
    count(creation?.ephemeral_5m_input_tokens) + write1h,
  );
  const read = count(usage.cache_read_input_tokens);
  const tools = dict(usage.server_tool_use);
  return {
    ...head(body, "anthropic"),
    serviceTier: text(usage.service_tier),
    tokens: tokens({
      prompt: count(usage.input_tokens) + read + writes,
      completion: count(usage.output_tokens),
      cacheRead: read,
      cacheWrite5m: writes - write1h,
      cacheWrite1h: write1h,
      searchQueries: count(tools?.web_search_requests),
    }),
    totalCost: null,
    metadata: compact({ web_fetch_requests: tools?.web_fetch_requests }),
  };
}

function head(body: Dict, provider: Provider) {
  return {
    provider,
    id: text(body.id),
    model: text(body.model),
    serviceTier: text(body.service_tier),
  };
}

function tokens(parts: Partial<Tokens>): Tokens {
  return {
    prompt: 0,
    completion: 0,
    cacheRead: 0,
    cacheWrite5m: 0,
    cacheWrite1h: 0,
    reasoning: 0,
    searchQueries: 0,
    ...parts,
  };
}

/** Which OpenAI-compatible provider answered, when the base URL did not say. */
function refine(body: Dict, usage: Dict): Provider | undefined {
  if (body.x_groq !== undefined) return "groq";
  const perplexity =
    body.citations !== undefined ||
    body.search_results !== undefined ||
    dict(usage.cost) !== undefined ||
    usage.search_context_size !== undefined;
  return perplexity ? "perplexity" : undefined;
}

function groqInfo(usage: Dict, xGroq: Dict | undefined): Dict {
  const extra = dict(xGroq?.usage) ?? {};
  return {
    request_id: xGroq?.id,
    queue_time: usage.queue_time,
    prompt_time: usage.prompt_time,
    completion_time: usage.completion_time,
    total_time: usage.total_time,
    dram_cached_tokens: extra.dram_cached_tokens ?? usage.dram_cached_tokens,
    sram_cached_tokens: extra.sram_cached_tokens ?? usage.sram_cached_tokens,
  };
}

function perplexityInfo(body: Dict, usage: Dict): Dict {
  return {
    search_context_size: usage.search_context_size,
    citation_tokens: usage.citation_tokens,
    citations: Array.isArray(body.citations) ? body.citations.length : undefined,
    search_results: Array.isArray(body.search_results) ? body.search_results.length : undefined,
  };
}

/**
 * A provider-reported cost (`usage.cost` as a number, or an object with `total_cost` and a
 * breakdown). Every figure goes to `metadata.provider_cost` exactly as reported; `total_cost`
 * is that figure rounded half-even to nano-dollars, which is what the ledger stores.
 */
function providerCost(value: unknown, metadata: Dict): { totalCost: string | null } {
  const breakdown = dict(value);
  const currency = breakdown?.currency;
  if (typeof currency === "string" && currency.toUpperCase() !== "USD") return { totalCost: null };
  const total = decimalOf(breakdown ? breakdown.total_cost : value);
  if (breakdown) {
    const exact: Dict = {};
    for (const [key, figure] of Object.entries(breakdown)) exact[key] = decimalOf(figure) ?? figure;
    metadata.provider_cost = exact;
  } else if (total !== null) {
    metadata.provider_cost = { total_cost: total };
  }
  return { totalCost: total === null || total.startsWith("-") ? null : roundDecimal(total) };
}

export function dict(value: unknown): Dict | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Dict)
    : undefined;
}

/** A token count: a non-negative whole number (numbers may arrive as strings), else 0. */
export function count(value: unknown): number {
  const parsed = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return typeof parsed === "number" && Number.isSafeInteger(parsed) && parsed >= 0 ? parsed : 0;
}

export function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** Drops null and undefined values, and nested objects left empty. */
export function compact(value: Dict): Dict {
  const out: Dict = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null || item === undefined) continue;
    const nested = dict(item);
    if (nested && !Array.isArray(item)) {
      const inner = compact(nested);
      if (Object.keys(inner).length > 0) out[key] = inner;
    } else out[key] = item;
  }
  return out;
}
