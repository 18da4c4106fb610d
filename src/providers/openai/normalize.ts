/**
 * OpenAI report rows → ledger records. OpenAI already counts input the canonical way (input
 * includes cached tokens, providers.md §6). The costs endpoint holds the official dollars, so
 * usage rows carry an official zero and nothing is counted twice.
 */
import { formatUsd, parseUsd } from "../../core/money.ts";
import { idempotencyKey } from "../shared/idempotency.ts";
import { extraFields, NO_COUNTS } from "../shared/records.ts";
import type { LedgerRecord } from "../types.ts";
import type { CostBucket, CostResult, UsageBucket, UsageResult } from "./schema.ts";

const USAGE_FIELDS = new Set([
  "object",
  "input_tokens",
  "input_cached_tokens",
  "output_tokens",
  "input_audio_tokens",
  "output_audio_tokens",
  "num_model_requests",
  "project_id",
  "user_id",
  "api_key_id",
  "model",
  "batch",
  "service_tier",
]);

const COST_FIELDS = new Set(["object", "amount", "line_item", "project_id"]);

/** A line item such as `"gpt-4o-2024-08-06, batch cached input"`: the model, then the kind. */
const MODEL_LINE_ITEM = /^([A-Za-z0-9][\w.:/-]*), \S.*$/;

/** The records of one completions-usage bucket; rows with nothing counted are skipped. */
export function usageRecords(bucket: UsageBucket): LedgerRecord[] {
  return bucket.results.flatMap((result) => usageRecord(bucket.start_time, result) ?? []);
}

function usageRecord(timestamp: string, result: UsageResult): LedgerRecord | null {
  const counted =
    result.input_tokens +
    result.output_tokens +
    result.input_audio_tokens +
    result.output_audio_tokens +
    result.num_model_requests;
  if (counted === 0) return null;
  const tier = result.batch === true ? "batch" : result.service_tier;
  return {
    provider: "openai",
    timestamp,
    bucket: "1h",
    model: result.model,
    prompt_tokens: result.input_tokens,
    completion_tokens: result.output_tokens,
    total_tokens: result.input_tokens + result.output_tokens,
    cache_read_tokens: result.input_cached_tokens,
    cache_write_5m_tokens: 0,
    cache_write_1h_tokens: 0,
    reasoning_tokens: 0,
    requests: result.num_model_requests,
    search_queries: 0,
    service_tier: tier,
    project: result.project_id,
    total_cost: "0",
    cost_source: "official_report",
    request_type: "api",
    source: "admin_api",
    confidence: "official",
    metadata: {
      endpoint: "usage/completions",
      project_id: result.project_id,
      api_key_id: result.api_key_id,
      user_id: result.user_id,
      batch: result.batch,
      input_audio_tokens: result.input_audio_tokens,
      output_audio_tokens: result.output_audio_tokens,
      cost_reported_in: "costs",
      ...extraFields(result, USAGE_FIELDS),
    },
    idempotency_key: idempotencyKey(`openai:usage:1h:${timestamp}`, [
      result.model ?? "none",
      result.project_id ?? "none",
      result.api_key_id ?? "none",
      result.user_id ?? "none",
      result.batch === null ? "none" : String(result.batch),
      result.service_tier ?? "none",
    ]),
  };
}

/** The records of one costs bucket, dollars kept exact. */
export function costRecords(bucket: CostBucket): LedgerRecord[] {
  return bucket.results.map((result) => costRecord(bucket.start_time, result));
}

function costRecord(timestamp: string, result: CostResult): LedgerRecord {
  return {
    provider: "openai",
    timestamp,
    bucket: "1d",
    model: modelOfLineItem(result.line_item),
    ...NO_COUNTS,
    project: result.project_id,
    total_cost: dollarsToUsd(result.amount.value),
    cost_source: "official_report",
    request_type: "api",
    source: "admin_api",
    confidence: "official",
    metadata: {
      endpoint: "costs",
      line_item: result.line_item,
      project_id: result.project_id,
      ...extraFields(result, COST_FIELDS),
    },
    idempotency_key: idempotencyKey(`openai:cost:1d:${timestamp.slice(0, 10)}`, [
      result.project_id ?? "none",
      result.line_item ?? "none",
    ]),
  };
}

/** The model of a `"<model>, <kind>"` line item, else null (e.g. tool or storage items). */
export function modelOfLineItem(lineItem: string | null): string | null {
  return lineItem === null ? null : (MODEL_LINE_ITEM.exec(lineItem)?.[1] ?? null);
}

/** A plain decimal dollar string → the ledger's USD string (beyond nano-dollars, half-even). */
export function dollarsToUsd(value: string): string {
  return formatUsd(parseUsd(value, "half-even"));
}
