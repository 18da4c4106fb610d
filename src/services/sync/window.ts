/** Which days a sync fetches, split into chunks that are checkpointed one by one. */
import { ValidationError } from "../../core/errors.ts";
import { addDays, isIsoDate, todayUtc } from "../../core/time.ts";
import type { SyncWindow } from "../../providers/types.ts";

/** Seven days: one page of hourly buckets at the admin APIs' 168-bucket limit. */
export const CHUNK_DAYS = 7;

export interface DayWindow {
  from: string;
  to: string;
}

/**
 * The window to sync, as whole UTC days [from, to). Defaults: up to and including today; from
 * `trailingDays` before the last success (late data), or `initialDays` back on a first sync.
 */
export function resolveWindow(
  input: { from?: string | undefined; to?: string | undefined },
  lastSuccessAt: string | null,
  now: Date,
  settings: { trailingDays: number; initialDays: number },
): DayWindow {
  for (const [field, value] of [
    ["from", input.from],
    ["to", input.to],
  ] as const) {
    if (value !== undefined && !isIsoDate(value)) {
      throw new ValidationError(`${field} must be a date YYYY-MM-DD`, [
        { field, message: "must be a date YYYY-MM-DD" },
      ]);
    }
  }
  const today = todayUtc(now);
  const to = input.to ?? addDays(today, 1);
  const from =
    input.from ??
    (lastSuccessAt
      ? minDate(
          addDays(lastSuccessAt.slice(0, 10), -settings.trailingDays),
          addDays(today, -settings.trailingDays),
        )
      : addDays(today, -settings.initialDays));
  if (from >= to) {
    throw new ValidationError("from must be before to (to is exclusive)", [
      { field: "to", message: "must be after from" },
    ]);
  }
  return { from, to };
}

/**
 * Splits [from, to) into chunks of CHUNK_DAYS, starting at `resumeAt` (the checkpoint of an
 * interrupted run: the day up to which that endpoint was fully written) or at `from`.
 */
export function chunksOf(window: DayWindow, resumeAt: string | null): SyncWindow[] {
  const chunks: SyncWindow[] = [];
  let start = resumeAt && resumeAt > window.from ? resumeAt : window.from;
  while (start < window.to) {
    const end = minDate(addDays(start, CHUNK_DAYS), window.to);
    chunks.push({ start: `${start}T00:00:00Z`, end: `${end}T00:00:00Z` });
    start = end;
  }
  return chunks;
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
