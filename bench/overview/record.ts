/** One ledger record as the storage layer stores it, built from the parts that vary. */
import type { Bucket, Confidence, CostSource, Source } from "../../src/core/enums.ts";
import type { NewUsageRecord } from "../../src/core/usage-record.ts";
import type { ProviderId } from "../../src/providers/registry.ts";
import type { AccountKey } from "./ledger.ts";

export interface Tokens {
  prompt: number;
  completion: number;
  cacheRead: number;
  /** What the tokens cost at the model's prices. */
  nanos: bigint;
}

/** The parts of a record that vary by kind; the rest is filled in by the record maker. */
export interface Parts {
  account: AccountKey;
  provider: ProviderId;
  date: string;
  time: string;
  bucket: Bucket;
  model: string | null;
  tokens?: Tokens | undefined;
  requests: number;
  searches?: number;
  cost: bigint | null;
  costSource: CostSource | null;
  priceVersion?: string | null;
  confidence: Confidence;
  source: Source;
  requestType?: "api" | "manual" | "reconciled";
  serviceTier?: string | null;
  workspace?: string | null;
  suffix?: string | null;
  project?: string | null;
  metadata: Record<string, unknown>;
  key: string;
}

/** Builds records for the accounts stored under `accountIds`. */
export function recordMaker(
  accountIds: Record<AccountKey, string>,
): (parts: Parts) => NewUsageRecord {
  // One flat literal per record: spreading several objects into one literal takes V8's slow
  // path and made generating the ledger slower than writing it.
  return (p) => ({
    account_id: accountIds[p.account],
    provider: p.provider,
    timestamp: `${p.date}T${p.time}Z`,
    date: p.date,
    month: p.date.slice(0, 7),
    bucket: p.bucket,
    model: p.model,
    prompt_tokens: p.tokens?.prompt ?? 0,
    completion_tokens: p.tokens?.completion ?? 0,
    total_tokens: p.tokens ? p.tokens.prompt + p.tokens.completion : 0,
    cache_read_tokens: p.tokens?.cacheRead ?? 0,
    cache_write_5m_tokens: 0,
    cache_write_1h_tokens: 0,
    reasoning_tokens: 0,
    requests: p.requests,
    search_queries: p.searches ?? 0,
    service_tier: p.serviceTier ?? null,
    cost_nanos: p.cost,
    currency: "USD",
    cost_source: p.costSource,
    unpriced: p.cost === null,
    price_version: p.priceVersion ?? null,
    request_type: p.requestType ?? "api",
    confidence: p.confidence,
    source: p.source,
    workspace_id: p.workspace ?? null,
    api_key_suffix: p.suffix ?? null,
    project: p.project ?? null,
    metadata: p.metadata,
    idempotency_key: p.key,
  });
}
