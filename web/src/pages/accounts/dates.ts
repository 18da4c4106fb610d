import { addDays } from "../../../../src/core/time.ts";

/** The last day of a window whose end is exclusive (`to` is the first day after it). */
export function lastDayOf(exclusiveEnd: string): string {
  return addDays(exclusiveEnd, -1);
}

/** Today as a UTC calendar day, the form the API takes dates in. */
export { todayUtc } from "../../../../src/core/time.ts";
