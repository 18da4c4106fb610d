/**
 * Turns one observed response into the wire record. The ingest API takes a batch all or
 * nothing, so the record is made valid here: counts whole and non-negative, cache tokens within
 * prompt tokens, reasoning within output (except Perplexity), total = prompt + completion.
 */
import type { Provider, UsageRecordPayload } from "./types.ts";
import type { Dict, Observation } from "./usage.ts";

export interface Attribution {
  account: string;
  project: string | null;
  apiKeySuffix: string | null;
}

export function toRecord(
  who: Attribution,
  seen: Observation,
  timestamp: string,
  metadata: Dict,
): UsageRecordPayload {
  const t = seen.tokens;
  const prompt = Math.max(t.prompt, t.cacheWrite5m + t.cacheWrite1h);
  const cacheRead = Math.min(t.cacheRead, prompt - t.cacheWrite5m - t.cacheWrite1h);
  const reasoning =
    seen.provider === "perplexity" ? t.reasoning : Math.min(t.reasoning, t.completion);
  const record: UsageRecordPayload = {
    account_id: who.account,
    provider: seen.provider,
    timestamp,
    bucket: "request",
    model: clip(seen.model, 200),
    prompt_tokens: prompt,
    completion_tokens: t.completion,
    total_tokens: prompt + t.completion,
    cache_read_tokens: cacheRead,
    cache_write_5m_tokens: t.cacheWrite5m,
    cache_write_1h_tokens: t.cacheWrite1h,
    reasoning_tokens: reasoning,
    requests: 1,
    search_queries: t.searchQueries,
    service_tier: clip(seen.serviceTier, 64),
    request_type: "api",
    confidence: "estimated",
    source: "sdk",
    api_key_suffix: who.apiKeySuffix,
    project: clip(who.project, 200),
    metadata: { ...seen.metadata, ...metadata },
    idempotency_key: idempotencyKey(seen.provider, seen.id),
  };
  if (seen.totalCost !== null) {
    record.total_cost = seen.totalCost;
    record.cost_source = "provider_reported";
  }
  return record;
}

/** `provider:response-id`, the key the capture proxy uses too; a random one when there is no id. */
function idempotencyKey(provider: Provider, id: string | null): string {
  return `${provider}:${id ?? `sdk-${globalThis.crypto.randomUUID()}`}`.slice(0, 256);
}

function clip(value: string | null, max: number): string | null {
  return value === null ? null : value.slice(0, max);
}

/** The last 4 characters of a provider key: what invoices show, never enough to use it. */
export function keySuffix(apiKey: unknown): string | null {
  return typeof apiKey === "string" && apiKey.length >= 12 ? apiKey.slice(-4) : null;
}
