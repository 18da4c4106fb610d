/** Ledger months are UTC calendar months, written YYYY-MM. */

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The UTC month before the one `now` falls in: the usual month to reconcile. */
export function lastMonth(now: Date = new Date()): string {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth(); // 0-based, so this is already "last month" 1-based
  return month === 0 ? `${year - 1}-12` : `${year}-${String(month).padStart(2, "0")}`;
}

export function isMonth(value: string): boolean {
  return MONTH_PATTERN.test(value);
}
