/**
 * Display formats. Money stays exact: amounts arrive as decimal strings, are parsed to bigint
 * nano-dollars by the server's own money module and rounded half-even to cents for display;
 * an amount that is not zero but rounds to zero shows as `< $0.01`, never as `$0.00`.
 */
import { divideHalfEven, NANOS_PER_USD, parseUsd } from "../../../src/core/money.ts";

const NANOS_PER_CENT = NANOS_PER_USD / 100n;
const grouping = new Intl.NumberFormat("en-US");

function groupDigits(value: bigint): string {
  return grouping.format(value);
}

/** Nano-dollars from a decimal string; throws on anything that is not a decimal amount. */
export function toNanos(amount: string): bigint {
  return parseUsd(amount, "half-even");
}

/** `$1,234.57`, `-$3.10`, `$0.00` for exact zero, `< $0.01` / `> -$0.01` for tiny amounts. */
export function formatMoney(amount: string | bigint): string {
  const nanos = typeof amount === "bigint" ? amount : toNanos(amount);
  if (nanos === 0n) return "$0.00";
  const cents = divideHalfEven(nanos, NANOS_PER_CENT);
  if (cents === 0n) return nanos > 0n ? "< $0.01" : "> -$0.01";
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const text = `$${groupDigits(abs / 100n)}.${(abs % 100n).toString().padStart(2, "0")}`;
  return negative ? `-${text}` : text;
}

/** The full stored precision, for hover titles: `12.345678901 USD`. */
export function exactMoney(amount: string | bigint): string {
  const nanos = typeof amount === "bigint" ? amount : toNanos(amount);
  const negative = nanos < 0n;
  const abs = negative ? -nanos : nanos;
  const whole = abs / NANOS_PER_USD;
  const fraction = (abs % NANOS_PER_USD).toString().padStart(9, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${groupDigits(whole)}${fraction ? `.${fraction}` : ""} USD`;
}

/** A money amount as a number, for chart geometry only (bar heights); never for printing. */
export function chartNumber(amount: string): number {
  return Number(toNanos(amount)) / 1e9;
}

/** A signed percentage with two decimals, from bigint numerator and denominator. */
export function formatPercent(numerator: bigint, denominator: bigint): string {
  if (denominator === 0n) return "—";
  const basisPoints = divideHalfEven(numerator * 10_000n, denominator);
  const negative = basisPoints < 0n;
  const abs = negative ? -basisPoints : basisPoints;
  return `${negative ? "-" : "+"}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}%`;
}

/** A share the server sends as a 4-decimal ratio string ("0.1520") as a percentage: "15.2%" (a tiny share is "< 0.1%", never "0.0%"). */
export function formatShare(ratio: string): string {
  const nanos = toNanos(ratio);
  const tenthsOfPercent = divideHalfEven(nanos, 1_000_000n);
  if (tenthsOfPercent === 0n && nanos !== 0n) return nanos > 0n ? "< 0.1%" : "> -0.1%";
  const negative = tenthsOfPercent < 0n;
  const abs = negative ? -tenthsOfPercent : tenthsOfPercent;
  return `${negative ? "-" : ""}${abs / 10n}.${abs % 10n}%`;
}

export function formatCount(value: number | bigint): string {
  return grouping.format(value);
}

const localDateTime = new Intl.DateTimeFormat(undefined, {
  dateStyle: "medium",
  timeStyle: "short",
});
const utcDate = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });
const monthFormat = new Intl.DateTimeFormat(undefined, {
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** A timestamp in the browser's time zone. */
export function formatDateTime(iso: string): string {
  return localDateTime.format(new Date(iso));
}

/** The same instant in UTC, for the hover title: `2026-11-03 14:05:09 UTC`. */
export function utcTitle(iso: string): string {
  return `${new Date(iso)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "")} UTC`;
}

/** A ledger day (`YYYY-MM-DD`, a UTC calendar day) shown without shifting it a day. */
export function formatDay(day: string): string {
  return utcDate.format(new Date(`${day}T00:00:00Z`));
}

/** `November 2026` from `2026-11` or `2026-11-01`. */
export function formatMonth(month: string): string {
  return monthFormat.format(new Date(`${month.slice(0, 7)}-01T00:00:00Z`));
}
