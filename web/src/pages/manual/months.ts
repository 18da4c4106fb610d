/** Months as the ledger writes them (YYYY-MM, UTC calendar months) and how they read. */
import { formatMonth } from "../../ui/format.ts";

/** The current month on this computer's calendar, as a default for month inputs. */
export function currentMonth(now: Date = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
}

/** `November 2026`, or the text itself when it is not a month. */
export function monthWords(month: string | null | undefined): string {
  if (!month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return month ?? "";
  return formatMonth(month);
}

/** The month before `month` (YYYY-MM). */
export function previousMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const index = year * 12 + Number(month.slice(5, 7)) - 2;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}
