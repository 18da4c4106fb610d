/** UTC calendar helpers. Every date in the ledger is a UTC calendar date. */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// RFC 3339 with a required offset; fractional seconds optional.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2025-02-30 is false). */
export function isIsoDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/**
 * Normalizes an RFC 3339 timestamp to the ledger's fixed form `YYYY-MM-DDTHH:MM:SS.mmmZ`
 * (UTC, milliseconds), which sorts lexicographically in both databases. Returns null when the
 * text is not a valid timestamp.
 */
export function normalizeTimestamp(text: string): string | null {
  if (!TIMESTAMP.test(text)) return null;
  const ms = Date.parse(text.replace(" ", "T"));
  if (Number.isNaN(ms)) return null;
  const normalized = new Date(ms).toISOString();
  // Date.parse rolls 2025-02-30 over into March; a calendar date that changed was invalid.
  const [datePart] = text.split(/[Tt ]/);
  if (datePart && /[Zz]$|\+00:00$/.test(text) && normalized.slice(0, 10) !== datePart) return null;
  return normalized;
}

/** The UTC date of a normalized timestamp. */
export function dateOf(timestamp: string): string {
  return timestamp.slice(0, 10);
}

/** The UTC month (YYYY-MM) of a date or timestamp. */
export function monthOf(dateOrTimestamp: string): string {
  return dateOrTimestamp.slice(0, 7);
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

/** Today's UTC date. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
