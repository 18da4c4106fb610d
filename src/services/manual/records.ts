/** The ledger record behind a manual entry or one month of a seat plan. */
import { CONFIDENCE_LABELS } from "../../core/enums.ts";
import { formatUsd } from "../../core/money.ts";
import { toWire, type UsageRecord, type UsageRecordWire } from "../../core/usage-record.ts";

/** "Manual Entry": how the API and CLI name the confidence of these records. */
export const MANUAL_LABEL = CONFIDENCE_LABELS.manual;

/** A record on the wire, with its confidence in words. */
export type ManualRecordView = UsageRecordWire & { confidence_label: typeof MANUAL_LABEL };

export interface ManualRecordSpec {
  account_id: string;
  /** The day the cost belongs to; the first of the month for a month. */
  date: string;
  bucket: "1d" | "month";
  model: string | null;
  /** Estimated total tokens, stored as prompt tokens (0 when not given). */
  tokens: number;
  cost_nanos: bigint;
  project: string | null;
  metadata: Record<string, unknown>;
  idempotency_key: string;
}

/**
 * The record as ingest takes it: confidence, request type, source and cost source all
 * "manual", the cost exactly as entered (never repriced), and no requests counted.
 */
export function manualRecordInput(spec: ManualRecordSpec): Record<string, unknown> {
  return {
    account_id: spec.account_id,
    date: spec.date,
    bucket: spec.bucket,
    model: spec.model,
    prompt_tokens: spec.tokens,
    completion_tokens: 0,
    requests: 0,
    total_cost: formatUsd(spec.cost_nanos),
    currency: "USD",
    cost_source: "manual",
    request_type: "manual",
    confidence: "manual",
    source: "manual",
    project: spec.project,
    metadata: spec.metadata,
    idempotency_key: spec.idempotency_key,
  };
}

export function toManualView(record: UsageRecord): ManualRecordView {
  return { ...toWire(record), confidence_label: MANUAL_LABEL };
}
