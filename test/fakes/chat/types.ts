/** The shapes a test sees on a fake chat upstream: flavours, state, request log, served log. */
import type { FaultTarget } from "../faults.ts";

/** Which provider's dialect a request is answered in. */
export type ChatFlavour = "openai" | "groq" | "perplexity" | "anthropic";

/**
 * What one answer bills, in TokenLedger's convention (providers.md §6): `promptTokens` counts all
 * input, cached or not; cache reads and writes are parts of it.
 */
export interface ChatTokens {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  reasoningTokens: number;
  /** Perplexity deep research only. */
  citationTokens: number;
  /** Perplexity deep research only. */
  searchQueries: number;
}

/** Replaces parts of the next answer's derived usage (taken from `state.nextUsage`, in order). */
export interface UsageOverride {
  promptTokens?: number;
  completionTokens?: number;
  cacheReadTokens?: number;
  cacheWrite5mTokens?: number;
  cacheWrite1hTokens?: number;
  reasoningTokens?: number;
  citationTokens?: number;
  searchQueries?: number;
  /** Perplexity `usage.search_context_size` (default: the request's, else "low"). */
  searchContextSize?: "low" | "medium" | "high";
  /** The model the answer names (default: the dated id of the requested alias, or the same). */
  model?: string;
  serviceTier?: string;
  /** The assistant text (default: a fixed sentence). */
  text?: string;
  /**
   * Perplexity `usage.cost` fields printed verbatim as JSON number literals, e.g.
   * `{ total_cost: "0.30000000000000004" }` or `{ input_tokens_cost: "3.7e-05" }`.
   */
  cost?: Record<string, string>;
}

/** One answer the upstream finished sending (JSON body ended, or the stream reached its end). */
export interface ServedChat {
  flavour: ChatFlavour;
  /** The `x-request-id` (Anthropic: `request-id`) header; Groq's `x_groq.id` is the same value. */
  requestId: string;
  /** The body's `id`: `chatcmpl-…`, or `msg_…` for Anthropic. */
  id: string;
  requestedModel: string;
  /** The model the answer named. */
  model: string;
  stream: boolean;
  keySuffix: string | null;
  serviceTier: string | null;
  /** What the provider bills for this answer, whether or not the usage was sent. */
  tokens: ChatTokens;
  /**
   * The usage object exactly as printed, or null when none was sent (OpenAI stream without
   * `stream_options.include_usage`). Groq streams: the `x_groq.usage` object. Anthropic streams:
   * `message_start`'s usage with `message_delta`'s `output_tokens` applied.
   */
  usageJson: string | null;
  /** Perplexity `usage.cost`: each field's JSON number literal as printed; null elsewhere. */
  cost: Record<string, string> | null;
}

/** One request as the upstream saw it. Auth values are never kept. */
export interface ChatRequestLog {
  time: Date;
  method: string;
  /** The path as received, mount prefix included. */
  path: string;
  flavour: ChatFlavour | null;
  query: Record<string, string[]>;
  /** Every header received except `authorization` and `x-api-key`. */
  headers: Record<string, string | string[] | undefined>;
  /** Whether a non-empty key arrived (`Authorization: Bearer …` or `x-api-key`). */
  hasAuth: boolean;
  /** How the key came; Anthropic accepts both, OpenAI-compatible flavours only a bearer. */
  authScheme: "bearer" | "x-api-key" | null;
  /** The key's last 4 characters. */
  keySuffix: string | null;
  /** The body byte for byte (as UTF-8). */
  rawBody: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: unknown;
  stream: boolean;
  status: number;
  /** Which injected fault answered, if one did. */
  fault: string | null;
  /** The upstream request id sent back in the response headers. */
  requestId: string;
  /** "completed", "cut" (fault), "client closed" (the client hung up first), or "pending". */
  outcome: "pending" | "completed" | "cut" | "client closed";
}

/** A one-shot fault; `path` matches the provider path (`/v1/messages`) or the full path. */
export type ChatFault = FaultTarget & { flavour?: ChatFlavour } & (
    | {
        /** Answered in the flavour's error format; 498 is Groq's flex capacity answer. */
        status: number;
        /** Seconds, sent as a `retry-after` header. */
        retryAfter?: number;
        message?: string;
      }
    /** Streams: the socket is destroyed after this many SSE frames. JSON: after half the body. */
    | { cutAfterChunks: number }
    /** The whole answer (headers included) is held back this long: a slow first byte. */
    | { delayMs: number }
  );

export interface ChatUpstreamState {
  /** Keys that pass auth; null accepts any non-empty key. */
  validKeys: string[] | null;
  /** Usage for the next answers, one entry each, in order; derived from the request when empty. */
  nextUsage: UsageOverride[];
  faults: ChatFault[];
  requests: ChatRequestLog[];
  served: ServedChat[];
}
