/** One-shot faults that a test queues on a fake; the next matching request gets the fault. */

export interface FaultTarget {
  /** Only requests to this exact path take the fault (default: any endpoint). */
  path?: string;
  /** How many matching requests take it before it leaves the queue (default 1). */
  times?: number;
}

export type Fault<Status extends number> = FaultTarget &
  (
    | {
        status: Status;
        /** Seconds, sent as a `retry-after` header. */
        retryAfter?: number;
        /** On a 429: the provider's spend-cap / quota answer instead of a rate limit. */
        spendCap?: boolean;
        message?: string;
      }
    /** 200 with a body cut off mid-JSON. */
    | { malformedJson: true }
    /** 200 with valid JSON that is not the documented envelope. */
    | { wrongShape: true }
    /** Answers normally, but only after this many milliseconds. */
    | { delayMs: number }
  );

/** Removes (or counts down) and returns the first queued fault that applies to `path`. */
export function takeFault<F extends FaultTarget>(queue: F[], path: string): F | undefined {
  const index = queue.findIndex((fault) => fault.path === undefined || fault.path === path);
  const fault = queue[index];
  if (fault === undefined) return undefined;
  const remaining = (fault.times ?? 1) - 1;
  if (remaining > 0) queue[index] = { ...fault, times: remaining };
  else queue.splice(index, 1);
  return fault;
}

/** A short label of the fault for the request log. */
export function faultLabel(fault: Fault<number>): string {
  if ("status" in fault) return fault.spendCap ? `${fault.status} spend cap` : String(fault.status);
  if ("malformedJson" in fault) return "malformed json";
  if ("wrongShape" in fault) return "wrong shape";
  return `delay ${fault.delayMs}ms`;
}

/** The body of a normal answer cut in half: starts like JSON, never parses. */
export function truncateBody(body: string): string {
  return body.slice(0, Math.max(1, Math.floor(body.length / 2)));
}
