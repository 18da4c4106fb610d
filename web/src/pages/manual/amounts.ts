/**
 * Exact amounts typed into the manual-entry forms: parsed by the server's own money module
 * into bigint nano-dollars (never a float), so a preview total is the total the ledger stores.
 */
import { formatUsd, MoneyFormatError, parseUsd } from "../../../../src/core/money.ts";

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A non-negative USD amount typed as text; the words match the server's for the same input. */
export function parseAmount(text: string): Parsed<bigint> {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, message: "Enter an amount in USD, such as 19.00" };
  let nanos: bigint;
  try {
    nanos = parseUsd(trimmed);
  } catch (error) {
    if (!(error instanceof MoneyFormatError)) throw error;
    return { ok: false, message: `${error.message}; enter USD such as 19.00` };
  }
  if (nanos < 0n) return { ok: false, message: `Must not be negative, got ${trimmed}` };
  return { ok: true, value: nanos };
}

/** A whole number of seats, at least 1. */
export function parseSeats(text: string): Parsed<bigint> {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, message: "Enter the number of seats" };
  if (!/^\d+$/.test(trimmed) || BigInt(trimmed) < 1n) {
    return { ok: false, message: `Must be a whole number of at least 1, got ${trimmed}` };
  }
  return { ok: true, value: BigInt(trimmed) };
}

/** seats × price per seat, exact; null while either is not a valid input yet. */
export function seatTotal(seats: string, price: string): bigint | null {
  const count = parseSeats(seats);
  const each = parseAmount(price);
  return count.ok && each.ok ? count.value * each.value : null;
}

/** The decimal string the API takes for an exact amount: 228000000000n → "228.00". */
export function toDecimal(nanos: bigint): string {
  return formatUsd(nanos);
}
