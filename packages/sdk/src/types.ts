/** The public vocabulary of the SDK. */

export type Provider = "openai" | "groq" | "anthropic" | "perplexity";

/**
 * Why records were dropped:
 * - `buffer_full`: TokenLedger was unreachable long enough that the buffer overflowed; the
 *   oldest records went first.
 * - `rejected`: TokenLedger answered a 4xx other than 408/429 (bad key, unknown account, an
 *   invalid record); resending the same batch cannot succeed.
 * - `undelivered`: still unsent at `shutdown()` (or at process exit) after the last attempts.
 * - `no_account` / `not_configured`: the `account` option (or `endpoint`/`key`) is missing.
 */
export type DropReason =
  | "buffer_full"
  | "rejected"
  | "undelivered"
  | "no_account"
  | "not_configured";

export interface TokenLedgerOptions {
  /** Base URL of the TokenLedger server, e.g. `http://127.0.0.1:7340`. */
  endpoint: string;
  /** A TokenLedger token with the ingest scope (sent as `Authorization: Bearer …`). */
  key: string;
  /** The TokenLedger account the usage belongs to. Required: without it records are dropped. */
  account?: string;
  /** Free-form project label stored with every record. */
  project?: string;
  /** Overrides provider detection (from the client's base URL and the responses). */
  provider?: Provider;
  /** Records per request to TokenLedger; a full batch is sent at once. Default 20. */
  batchSize?: number;
  /** Longest a record waits in the buffer before it is sent. Default 1,000 ms. */
  flushIntervalMs?: number;
  /** Records kept while TokenLedger is unreachable; beyond it the oldest are dropped. Default 1,000. */
  maxBuffer?: number;
  /** Attempts per batch on network errors, 408, 429 and 5xx before it waits for the next flush. Default 4. */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt, with jitter; `Retry-After` is honoured. Default 250 ms. */
  retryDelayMs?: number;
  /** Timeout of one request to TokenLedger. Default 10,000 ms. */
  timeoutMs?: number;
  /**
   * OpenAI streaming chat completions carry usage only when `stream_options.include_usage` is
   * set. When the application did not set it, the wrapper sets it and hides the extra usage
   * chunk (and the `usage: null` fields) so the application sees the stream it asked for. Default true.
   */
  includeStreamUsage?: boolean;
  /** Deliver what is buffered when the process is about to exit (`beforeExit`). Default true. */
  flushOnExit?: boolean;
  /** The fetch used to reach TokenLedger. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /**
   * Told when records are dropped, instead of `console.warn`. Like the warning it is called once
   * per reason until a batch is delivered again; `stats()` counts every dropped record.
   */
  onDrop?: (count: number, reason: DropReason, message: string) => void;
}

export interface TokenLedgerStats {
  /** Records waiting to be sent. */
  buffered: number;
  /** Records TokenLedger accepted. */
  delivered: number;
  /** Records dropped, by reason. */
  dropped: Record<DropReason, number>;
  /** The last delivery error, if any. */
  lastError: string | null;
}

/** What the wrapper adds to the client, as `client.tokenLedger`. */
export interface TokenLedger {
  /** Sends everything buffered now; resolves when done or when the attempts are used up. Never rejects. */
  flush(): Promise<void>;
  /** Flushes, then stops: later records are dropped. Gives up after `timeoutMs` (default 5,000). Never rejects. */
  shutdown(options?: { timeoutMs?: number }): Promise<void>;
  stats(): TokenLedgerStats;
}

/** One usage record as `POST /api/v1/usage` accepts it. */
export interface UsageRecordPayload {
  account_id: string;
  provider: Provider;
  timestamp: string;
  bucket: "request";
  model: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cache_read_tokens: number;
  cache_write_5m_tokens: number;
  cache_write_1h_tokens: number;
  reasoning_tokens: number;
  requests: 1;
  search_queries: number;
  service_tier: string | null;
  total_cost?: string;
  cost_source?: "provider_reported";
  request_type: "api";
  confidence: "estimated";
  source: "sdk";
  api_key_suffix: string | null;
  project: string | null;
  metadata: Record<string, unknown>;
  idempotency_key: string;
}
