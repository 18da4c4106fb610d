/**
 * The contract between the capture proxy and the usage extractors, and between the extractor
 * machinery (JSON bodies, SSE streams) and the per-provider response formats.
 */

/** What a capture learned about one response. */
export type CaptureStatus = "complete" | "no_usage" | "partial" | "unparsable";

export interface CapturedUsage {
  /** The model the provider returned (fallback: the requested model). */
  model: string | null;
  /** Canonical: all input, cache reads and writes included (docs/providers.md §6). */
  prompt_tokens: number;
  completion_tokens: number;
  cache_read_tokens: number;
  cache_write_5m_tokens: number;
  cache_write_1h_tokens: number;
  reasoning_tokens: number;
  search_queries: number;
  service_tier: string | null;
  /** The provider's own cost for the request as an exact decimal USD string (Perplexity), else null. */
  provider_cost: string | null;
  /** Provider request/response id (Groq `x_groq.id` or `id`, Perplexity/OpenAI `id`, Anthropic message id): an idempotency key. */
  request_id: string | null;
  metadata: Record<string, unknown>;
  /**
   * "complete": the final usage was seen; "no_usage": the response finished without usage (an
   * OpenAI stream without `include_usage`); "partial": the response ended early, usage may be
   * incomplete; "unparsable": the body could not be read.
   */
  status: CaptureStatus;
}

export interface UsageExtractor {
  /** Called with each response body chunk as it passes; cheap, never re-parses what it has seen. */
  push(chunk: Uint8Array): void;
  /** Called once at the end; `ended` is false when the client or upstream disconnected mid-stream. */
  finish(ended: boolean): CapturedUsage;
}

/** The token and count fields of a capture. */
export type TokenCounts = Pick<
  CapturedUsage,
  | "prompt_tokens"
  | "completion_tokens"
  | "cache_read_tokens"
  | "cache_write_5m_tokens"
  | "cache_write_1h_tokens"
  | "reasoning_tokens"
  | "search_queries"
>;

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/** Parses JSON text into an object (quoting cost literals first when the format asks); null when invalid. */
export type ParseJson = (text: string) => Json | null;

/** What one response (or the final state of one stream) says, in canonical terms. */
export interface Reading {
  model: string | null;
  requestId: string | null;
  serviceTier: string | null;
  /** Null when the response carries no usage. */
  tokens: TokenCounts | null;
  providerCost: string | null;
  metadata: Record<string, unknown>;
}

/** What the proxy knows of the request that a response answers. */
export interface RequestFacts {
  /** The requested model, the fallback when the response names none. */
  model: string | null;
  /** The client asked for a streamed answer. */
  stream: boolean;
  /** The client asked for a final usage chunk (`stream_options.include_usage`). */
  includeUsage: boolean;
}

/** One SSE response of a format: sees the raw events and keeps only what the usage needs. */
export interface StreamDecoder {
  /** One event (not the `[DONE]` marker), unparsed: parse it only if it can matter. */
  event(type: string | undefined, data: string, parse: ParseJson): void;
  /** The stream's outcome, once it is over (or cut). */
  end(parse: ParseJson, how: StreamEnd): StreamSummary;
  /** Characters of response content the decoder still holds (a bound, for tests). */
  retainedChars(): number;
}

export interface StreamEnd {
  /** The body ended normally (false: a disconnect mid-stream). */
  ended: boolean;
  /** The OpenAI-style `data: [DONE]` marker was seen. */
  done: boolean;
}

export interface StreamSummary {
  /** The response body the events add up to, readable by the format's `read`; null when nothing was seen. */
  body: Json | null;
  /** The final usage was seen: the capture is complete. */
  usageFinal: boolean;
  /** The format's own end-of-stream event (`message_stop`, `response.completed` …) or `[DONE]` was seen. */
  terminated: boolean;
  /** A choice finished (a `finish_reason`), usage or not. */
  finished: boolean;
  /** The provider sends usage on every finished stream of this kind (else its absence is normal). */
  expectsUsage: boolean;
  /** Facts of the stream itself for the metadata (an error event …). */
  notes?: Json;
}

/** One usage-bearing response format of one provider endpoint. */
export interface ResponseFormat {
  /** Numeric cost literals are quoted before parsing so that they stay exact (Perplexity). */
  exactCosts: boolean;
  /** Reads a whole JSON response body (or the body a stream added up to). */
  read(body: Json): Reading;
  /** A decoder for one SSE response; absent when the endpoint never streams. */
  stream?: (request: RequestFacts) => StreamDecoder;
  /**
   * Reads usage from the last bytes of a body too large to buffer; for endpoints whose usage
   * comes last and whose bodies are legitimately huge (embeddings).
   */
  readTail?: (tail: string, parse: ParseJson) => Reading | null;
}
