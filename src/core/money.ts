/**
 * Exact money. Amounts are integer nano-dollars (1e-9 USD) held in a `bigint`: every USD
 * amount any provider bills is a whole number of nano-dollars, and a signed 64-bit column
 * holds up to about $9.2 billion. Decimal strings are parsed and printed without ever
 * passing through a floating-point number.
 */

/** Nano-dollars per dollar. */
export const NANOS_PER_USD = 1_000_000_000n;
/** Digits after the decimal point that a nano-dollar amount can hold. */
export const NANO_SCALE = 9;

export const INT64_MAX = 9_223_372_036_854_775_807n;
export const INT64_MIN = -9_223_372_036_854_775_808n;

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

export class MoneyFormatError extends Error {
  override name = "MoneyFormatError";
}

export type Rounding = "reject" | "half-even";

/**
 * Parses a decimal string into an integer count of 10^-scale units.
 * `parseScaledDecimal("1.5", 2)` is 150n. With `rounding: "reject"` (the default) more
 * fractional digits than `scale` is an error; with "half-even" the value is rounded once,
 * banker's style, so that rounding errors do not drift in one direction over many records.
 */
export function parseScaledDecimal(
  text: string,
  scale: number,
  rounding: Rounding = "reject",
): bigint {
  const match = DECIMAL.exec(text.trim());
  if (!match) {
    throw new MoneyFormatError(
      `"${truncate(text)}" is not a decimal number (expected e.g. "12.345")`,
    );
  }
  const [, sign, whole = "0", fraction = ""] = match;
  let units = BigInt(whole + fraction.padEnd(scale, "0").slice(0, scale));
  const rest = fraction.slice(scale);
  if (rest !== "" && /[1-9]/.test(rest)) {
    if (rounding === "reject") {
      throw new MoneyFormatError(
        `"${truncate(text)}" has more than ${scale} digits after the decimal point`,
      );
    }
    units += roundUpHalfEven(units, rest) ? 1n : 0n;
  }
  return sign === "-" ? -units : units;
}

/** True when dropping the digits `rest` from `kept` should round the magnitude up. */
function roundUpHalfEven(kept: bigint, rest: string): boolean {
  const first = rest.charCodeAt(0) - 48;
  if (first > 5) return true;
  if (first < 5) return false;
  if (/[1-9]/.test(rest.slice(1))) return true;
  return kept % 2n === 1n;
}

/** Parses a USD decimal string ("0.000000123") into nano-dollars; more than 9 decimals is an error. */
export function parseUsd(text: string, rounding: Rounding = "reject"): bigint {
  return parseScaledDecimal(text, NANO_SCALE, rounding);
}

/**
 * Formats nano-dollars as a plain decimal string with at least two decimals and no trailing
 * zeros beyond them: 1_230_000n → "0.00123", 12_500_000_000n → "12.50", 0n → "0.00".
 */
export function formatUsd(nanos: bigint): string {
  const negative = nanos < 0n;
  const magnitude = negative ? -nanos : nanos;
  const whole = magnitude / NANOS_PER_USD;
  let fraction = (magnitude % NANOS_PER_USD).toString().padStart(NANO_SCALE, "0");
  fraction = fraction.replace(/0+$/, "");
  if (fraction.length < 2) fraction = fraction.padEnd(2, "0");
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

/** Divides with rounding half to even; used once per priced record. */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("division by zero");
  if (denominator < 0n) return divideHalfEven(-numerator, -denominator);
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  let quotient = magnitude / denominator;
  const twiceRemainder = (magnitude % denominator) * 2n;
  if (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n)) {
    quotient += 1n;
  }
  return negative ? -quotient : quotient;
}

/** Reads an integer that a database driver returned as bigint, number or string. */
export function toBigInt(value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new RangeError(`not an exact integer: ${value}`);
    return BigInt(value);
  }
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  if (value === null || value === undefined) return 0n;
  throw new TypeError(`not an integer: ${String(value)}`);
}

/** Reads a token count from a driver value; counts above 2^53 are refused rather than rounded. */
export function toSafeNumber(value: unknown): number {
  const big = toBigInt(value);
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`count ${big} exceeds the exact range of a JSON number`);
  }
  return Number(big);
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
