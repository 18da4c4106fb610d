import { parseScaledDecimal } from "../core/money.ts";

/**
 * Fixed scales of the pricing arithmetic. Every price is held as an integer count of
 * femto-dollars (1e-15 USD) per unit, so every token count times a price is an exact integer:
 * a price per million tokens with up to 9 decimals is a whole number of femto-dollars per token.
 */
export const SCALE = {
  /** USD per million tokens → femto-dollars per token. */
  perMTok: 9,
  /** USD per 1,000 units → femto-dollars per unit. */
  perThousand: 12,
  /** USD per unit → femto-dollars per unit. */
  perUnit: 15,
  /** A percentage, to 4 decimals; 100% is RATIO_ONE. */
  percent: 4,
} as const;

/** 100% at the percent scale. */
export const RATIO_ONE = 1_000_000n;

/** Amounts priced straight from a rate: femto-dollars, 1e-15 USD. */
export const FEMTO_SCALE = 15;

/** Amounts after a batch factor: femto-dollars times RATIO_ONE, 1e-21 USD. */
export const AMOUNT_SCALE = 21;

const PLAIN_DECIMAL = /^\d+(?:\.\d+)?$/;

/** True for an unsigned plain decimal ("3", "0.075") with at most `maxDecimals` decimals. */
export function isDecimal(text: string, maxDecimals: number): boolean {
  if (!PLAIN_DECIMAL.test(text)) return false;
  const point = text.indexOf(".");
  return point < 0 || text.length - point - 1 <= maxDecimals;
}

/** Parses a validated decimal string into units of 10^-scale. */
export function toUnits(text: string, scale: number): bigint {
  return parseScaledDecimal(text, scale);
}

/** The multiplier that takes `percent` off: (100 - percent)% at RATIO_ONE. */
export function discountFactor(percent: string): bigint {
  return RATIO_ONE - toUnits(percent, SCALE.percent);
}

/**
 * Formats `value × 10^-scale` exactly, trailing zeros trimmed but at least two decimals:
 * formatScaled(4_500_000n, 9) is "0.0045".
 */
export function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  let fraction = digits.slice(digits.length - scale).replace(/0+$/, "");
  if (fraction.length < 2) fraction = fraction.padEnd(2, "0");
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}
