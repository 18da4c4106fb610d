/** Calendar months written YYYY-MM (UTC), as manual entries and seat plans use them. */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True for a month written YYYY-MM. */
export function isMonth(text: string): boolean {
  return MONTH.test(text);
}

/** The month after `month`. */
export function nextMonth(month: string): string {
  return shift(month, 1);
}

/** The month before `month`. */
export function previousMonth(month: string): string {
  return shift(month, -1);
}

/** Every month from `first` to `last`, both included; empty when `last` is before `first`. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (let month = first; month <= last; month = nextMonth(month)) months.push(month);
  return months;
}

/** The UTC month of an instant. */
export function monthOfInstant(now: Date): string {
  return now.toISOString().slice(0, 7);
}

/** The first day of a month, YYYY-MM-DD. */
export function firstDay(month: string): string {
  return `${month}-01`;
}

function shift(month: string, by: number): string {
  const year = Number(month.slice(0, 4));
  const index = year * 12 + Number(month.slice(5, 7)) - 1 + by;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}`;
}
