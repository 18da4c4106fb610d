/**
 * Exact decimal arithmetic for the fake providers: a value is an integer count of 10^-scale
 * units held in a `bigint`, so sums and products of money never pass through a float.
 */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses "123.78912" (optional leading "-") exactly; anything else throws. */
export function parseDecimal(text: string): Decimal {
  const match = DECIMAL.exec(text);
  if (!match) throw new Error(`"${text}" is not a plain decimal number`);
  const [, sign, whole = "0", fraction = ""] = match;
  const units = BigInt(whole + fraction);
  return { units: sign === "-" ? -units : units, scale: fraction.length };
}

/** Prints a decimal without trailing fractional zeros: 1.50 → "1.5", 2.000 → "2". */
export function formatDecimal(value: Decimal): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, "0");
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = digits.slice(digits.length - value.scale).replace(/0+$/, "");
  const text = fraction === "" ? whole : `${whole}.${fraction}`;
  return negative && text !== "0" ? `-${text}` : text;
}

function rescale(value: Decimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

export function addDecimals(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

export function multiplyDecimals(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** Divides by 10^places exactly (moves the decimal point left). */
export function shiftDecimal(value: Decimal, places: number): Decimal {
  return { units: value.units, scale: value.scale + places };
}

export const ZERO: Decimal = { units: 0n, scale: 0 };

/** Sums decimal strings exactly and prints the result with `formatDecimal`. */
export function sumDecimalStrings(values: Iterable<string>): string {
  let total = ZERO;
  for (const value of values) total = addDecimals(total, parseDecimal(value));
  return formatDecimal(total);
}

/** `count × pricePerMillion / 10^6 × 10^unitShift` exactly; `unitShift` 2 turns USD into cents. */
export function perMillion(
  count: number,
  pricePerMillion: Decimal | string,
  unitShift = 0,
): Decimal {
  const price =
    typeof pricePerMillion === "string" ? parseDecimal(pricePerMillion) : pricePerMillion;
  return shiftDecimal(multiplyDecimals(parseDecimal(String(count)), price), 6 - unitShift);
}
