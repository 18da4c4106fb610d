import { describe, expect, test } from "vitest";
import {
  divideHalfEven,
  formatUsd,
  MoneyFormatError,
  parseScaledDecimal,
  parseUsd,
  toBigInt,
} from "../../src/core/money.ts";

describe("parseUsd", () => {
  test.each([
    ["0.000000123", 123n],
    ["1", 1_000_000_000n],
    ["12.5", 12_500_000_000n],
    ["-0.01", -10_000_000n],
    ["+3.000000000", 3_000_000_000n],
    ["92233720.368547758", 92_233_720_368_547_758n],
  ])("%s is %s nano-dollars", (text, nanos) => {
    expect(parseUsd(text)).toBe(nanos);
  });

  test.each(["", "1e-9", "0x10", "1.", ".5", "1,5", "NaN", "1 2", "0.0000000001"])(
    "refuses %j",
    (text) => {
      expect(() => parseUsd(text)).toThrow(MoneyFormatError);
    },
  );

  test("trailing zeros beyond nine decimals are exact, not an error", () => {
    expect(parseUsd("0.1230000000000")).toBe(123_000_000n);
  });
});

describe("parseScaledDecimal with half-even rounding", () => {
  test.each([
    ["0.5", 0, 0n],
    ["1.5", 0, 2n],
    ["2.5", 0, 2n],
    ["2.51", 0, 3n],
    ["-2.5", 0, -2n],
    ["-3.5", 0, -4n],
    // Anthropic cost report: cents with fractions, to nano-dollars (scale 7 in cents).
    ["123.78912", 7, 1_237_891_200n],
  ])("%s at scale %i is %s", (text, scale, expected) => {
    expect(parseScaledDecimal(text, scale, "half-even")).toBe(expected);
  });
});

describe("formatUsd", () => {
  test.each([
    [0n, "0.00"],
    [1_230_000n, "0.00123"],
    [12_500_000_000n, "12.50"],
    [1n, "0.000000001"],
    [-10_000_000n, "-0.01"],
    [9_223_372_036_854_775_807n, "9223372036.854775807"],
  ])("%s nano-dollars print as %s", (nanos, text) => {
    expect(formatUsd(nanos)).toBe(text);
  });

  test("round-trips every printed amount exactly", () => {
    for (const nanos of [0n, 1n, 99n, 123_456_789n, 10n ** 15n + 7n, -5n]) {
      expect(parseUsd(formatUsd(nanos))).toBe(nanos);
    }
  });
});

describe("divideHalfEven", () => {
  test.each([
    [5n, 2n, 2n],
    [7n, 2n, 4n],
    [-5n, 2n, -2n],
    [10n, 3n, 3n],
    [11n, 3n, 4n],
    [1n, -2n, 0n],
  ])("%s / %s = %s", (n, d, q) => {
    expect(divideHalfEven(n, d)).toBe(q);
  });
});

describe("toBigInt reads driver integers exactly", () => {
  test.each([
    [12n, 12n],
    [12, 12n],
    ["9223372036854775807", 9_223_372_036_854_775_807n],
    [null, 0n],
  ])("%s", (value, expected) => {
    expect(toBigInt(value)).toBe(expected);
  });

  test("refuses a float", () => {
    expect(() => toBigInt(0.1)).toThrow(RangeError);
  });
});
