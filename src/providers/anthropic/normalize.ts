/**
 * Anthropic report rows → ledger records in the canonical token semantics (providers.md §6).
 *
 * One true number: the account's spend is the cost report (official, in cents) plus Priority
 * Tier usage, which the cost report leaves out. So a priority usage row carries no cost and is
 * priced from the price table at ingest; every other usage row carries an official zero, its
 * dollars being in the cost rows, and nothing is counted twice.
 */
import { formatUsd, parseScaledDecimal } from "../../core/money.ts";
import { idempotencyKey } from "../shared/idempotency.ts";
import { extraFields, NO_COUNTS } from "../shared/records.ts";
import type { LedgerRecord } from "../types.ts";
import type { CostBucket, CostResult, UsageBucket, UsageResult } from "./schema.ts";

/** Service tiers the cost report omits: their usage is priced from the table. */
const TABLE_PRICED_TIERS: ReadonlySet<string> = new Set(["priority"]);

/** Nano-dollars per cent is 10^7, so cents parsed at scale 7 are nano-dollars. */
const CENTS_TO_NANOS_SCALE = 7;

const USAGE_FIELDS = new Set([
  "uncached_input_tokens",
  "cache_creation",
  "cache_read_input_tokens",
  "output_tokens",
  "server_tool_use",
  "model",
  "workspace_id",
  "api_key_id",
  "service_tier",
  "context_window",
]);

const COST_FIELDS = new Set([
  "currency",
  "amount",
  "workspace_id",
  "description",
  "cost_type",
  "token_type",
  "model",
  "service_tier",
  "context_window",
  "inference_geo",
]);

/** The records of one usage-report bucket; rows without any token or search are skipped. */
export function usageRecords(bucket: UsageBucket): LedgerRecord[] {
  return bucket.results.flatMap((result) => usageRecord(bucket.starting_at, result) ?? []);
}

function usageRecord(timestamp: string, result: UsageResult): LedgerRecord | null {
  const uncached = result.uncached_input_tokens;
  const cacheRead = result.cache_read_input_tokens;
  const write5m = result.cache_creation?.ephemeral_5m_input_tokens ?? 0;
  const write1h = result.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  const output = result.output_tokens;
  const searches = result.server_tool_use?.web_search_requests ?? 0;
  const prompt = uncached + cacheRead + write5m + write1h;
  if (prompt + output + searches === 0) return null;
  const tablePriced = result.service_tier !== null && TABLE_PRICED_TIERS.has(result.service_tier);
  return {
    provider: "anthropic",
    timestamp,
    bucket: "1h",
    model: result.model,
    prompt_tokens: prompt,
    completion_tokens: output,
    total_tokens: prompt + output,
    cache_read_tokens: cacheRead,
    cache_write_5m_tokens: write5m,
    cache_write_1h_tokens: write1h,
    reasoning_tokens: 0,
    // The usage report has no request count.
    requests: 0,
    search_queries: searches,
    service_tier: result.service_tier,
    workspace_id: result.workspace_id,
    request_type: "api",
    source: "admin_api",
    confidence: tablePriced ? "estimated" : "official",
    ...(tablePriced ? {} : { total_cost: "0", cost_source: "official_report" as const }),
    metadata: {
      endpoint: "usage_report",
      api_key_id: result.api_key_id,
      context_window: result.context_window,
      workspace_id: result.workspace_id,
      service_tier: result.service_tier,
      uncached_input_tokens: uncached,
      ...(tablePriced ? { label: result.service_tier } : { cost_reported_in: "cost_report" }),
      ...extraFields(result, USAGE_FIELDS),
    },
    idempotency_key: idempotencyKey(`anthropic:usage:1h:${timestamp}`, [
      result.model ?? "none",
      result.workspace_id ?? "default",
      result.api_key_id ?? "none",
      result.service_tier ?? "none",
      result.context_window ?? "none",
    ]),
  };
}

/** The records of one cost-report bucket, amounts converted exactly from cents to USD. */
export function costRecords(bucket: CostBucket): LedgerRecord[] {
  return bucket.results.map((result) => costRecord(bucket.starting_at, result));
}

function costRecord(timestamp: string, result: CostResult): LedgerRecord {
  return {
    provider: "anthropic",
    timestamp,
    bucket: "1d",
    model: result.model,
    ...NO_COUNTS,
    service_tier: result.service_tier,
    workspace_id: result.workspace_id,
    total_cost: centsToUsd(result.amount),
    cost_source: "official_report",
    request_type: "api",
    source: "admin_api",
    confidence: "official",
    metadata: {
      endpoint: "cost_report",
      description: result.description,
      cost_type: result.cost_type,
      token_type: result.token_type,
      context_window: result.context_window,
      inference_geo: result.inference_geo,
      ...extraFields(result, COST_FIELDS),
    },
    idempotency_key: idempotencyKey(`anthropic:cost:1d:${timestamp.slice(0, 10)}`, [
      result.workspace_id ?? "default",
      result.description ?? "none",
      result.cost_type ?? "none",
      result.token_type ?? "none",
      result.model ?? "none",
      result.service_tier ?? "none",
      result.context_window ?? "none",
      result.inference_geo ?? "none",
    ]),
  };
}

/** `"123.78912"` cents → `"1.2378912"` USD, exactly (sub-nano digits rounded half-even). */
export function centsToUsd(cents: string): string {
  return formatUsd(parseScaledDecimal(cents, CENTS_TO_NANOS_SCALE, "half-even"));
}
