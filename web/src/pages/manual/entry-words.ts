/** How a manual record reads in the list: its period, what it is, where it came from. */
import { formatDay, formatMoney } from "../../ui/format.ts";
import { monthWords } from "./months.ts";
import type { ManualRecordView } from "./queries.ts";

export function isPlanMonth(record: ManualRecordView): boolean {
  return record.idempotency_key.startsWith("recurring:");
}

/** The plan id of a seat-plan month (`recurring:<plan>:<month>`). */
export function planIdOf(record: ManualRecordView): string | null {
  const id = record.metadata.recurring_id;
  return typeof id === "string"
    ? id
    : isPlanMonth(record)
      ? (record.idempotency_key.split(":")[1] ?? null)
      : null;
}

export function periodWords(record: ManualRecordView): string {
  return record.bucket === "month" ? monthWords(record.date.slice(0, 7)) : formatDay(record.date);
}

export function noteOf(record: ManualRecordView): string | null {
  return typeof record.metadata.note === "string" ? record.metadata.note : null;
}

/** Estimated tokens, when the entry gave them. */
export function tokensOf(record: ManualRecordView): number | null {
  return record.metadata.estimated_tokens === true ? record.prompt_tokens : null;
}

/** "November 2026, $228.00": names one entry in button labels and dialogs. */
export function entryName(record: ManualRecordView): string {
  return `${periodWords(record)}, ${record.total_cost === null ? "unpriced" : formatMoney(record.total_cost)}`;
}
