/** Turns what the proxy saw of one request into a ledger record (the wire format). */
import { randomUUID } from "node:crypto";
import type { CapturedUsage } from "./extract/index.ts";
import type { CaptureProvider } from "./upstream.ts";

export interface Exchange {
  provider: CaptureProvider;
  accountId: string;
  keySuffix: string | null;
  project: string | null;
  apiPath: string;
  startedAt: Date;
  requestedModel: string | null;
  upstreamStatus: number;
  latencyMs: number;
  ttfbMs: number | null;
  stream: boolean;
  /** Null when the endpoint carries no usage (the request is still recorded). */
  usage: CapturedUsage | null;
}

export function toRecord(x: Exchange): Record<string, unknown> {
  const failed = x.upstreamStatus >= 400;
  const usage = x.usage;
  const usageMissing =
    !failed && (!usage || usage.status === "no_usage" || usage.status === "unparsable");
  const metadata: Record<string, unknown> = {
    ...(usage?.metadata ?? {}),
    api_path: x.apiPath,
    upstream_status: x.upstreamStatus,
    latency_ms: x.latencyMs,
    ttfb_ms: x.ttfbMs,
    stream: x.stream,
    capture_status: usage?.status ?? "no_usage",
  };
  if (usage?.status === "partial") metadata.partial = true;
  if (failed) metadata.failed = true;
  // Without usage there is nothing to price: the record stays unpriced rather than a guessed $0.
  if (usageMissing) metadata.usage_missing = true;

  const record: Record<string, unknown> = {
    account_id: x.accountId,
    provider: x.provider,
    timestamp: x.startedAt.toISOString(),
    bucket: "request",
    model: usage?.model ?? x.requestedModel,
    prompt_tokens: failed ? 0 : (usage?.prompt_tokens ?? 0),
    completion_tokens: failed ? 0 : (usage?.completion_tokens ?? 0),
    cache_read_tokens: failed ? 0 : (usage?.cache_read_tokens ?? 0),
    cache_write_5m_tokens: failed ? 0 : (usage?.cache_write_5m_tokens ?? 0),
    cache_write_1h_tokens: failed ? 0 : (usage?.cache_write_1h_tokens ?? 0),
    reasoning_tokens: failed ? 0 : (usage?.reasoning_tokens ?? 0),
    search_queries: failed ? 0 : (usage?.search_queries ?? 0),
    // A failed request is counted in metadata, not as a billed request.
    requests: failed ? 0 : 1,
    service_tier: usage?.service_tier ?? null,
    confidence: "estimated",
    source: "proxy",
    request_type: "api",
    api_key_suffix: x.keySuffix,
    project: x.project,
    metadata,
    idempotency_key: `${x.provider}:${usage?.request_id ?? randomUUID()}`,
  };
  if (failed) {
    // Providers do not bill failed requests (Groq: "5xx are not charged").
    record.total_cost = "0";
    record.cost_source = "provider_reported";
  } else if (usage?.provider_cost) {
    record.total_cost = usage.provider_cost;
    record.cost_source = "provider_reported";
  }
  return record;
}
