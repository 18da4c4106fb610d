/** Provider floats as exact decimal strings: shortest round-trip text, out of exponent form. */
import { describe, expect, it } from "vitest";
import { roundDecimal } from "../../packages/sdk/src/decimal.ts";
import { decimalFromFloat } from "../../packages/sdk/src/index.ts";

describe("decimalFromFloat", () => {
  it.each([
    [0.008727, "0.008727"],
    [2.5e-7, "0.00000025"],
    [1e-9, "0.000000001"],
    [1.2345e-12, "0.0000000000012345"],
    [0.1 + 0.2, "0.30000000000000004"],
    [12, "12"],
    [1.5e21, "1500000000000000000000"],
    [-3e-7, "-0.0000003"],
  ])("%s → %s", (value, text) => {
    expect(decimalFromFloat(value)).toBe(text);
  });

  it("refuses NaN and infinities", () => {
    expect([Number.NaN, Number.POSITIVE_INFINITY].map(decimalFromFloat)).toEqual([null, null]);
  });
});

describe("roundDecimal to nano-dollars", () => {
  it.each([
    ["0.008727", "0.008727"],
    ["0.0123456789012", "0.012345679"],
    ["0.30000000000000004", "0.3"],
    ["0.0000000005", "0"],
    ["0.0000000015", "0.000000002"],
    ["0.0000000025", "0.000000002"],
    ["9.9999999996", "10"],
  ])("%s → %s", (text, rounded) => {
    expect(roundDecimal(text)).toBe(rounded);
  });
});
