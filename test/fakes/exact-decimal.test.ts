import { describe, expect, test } from "vitest";
import { formatDecimal, parseDecimal, perMillion, sumDecimalStrings } from "./exact-decimal.ts";
import { hoursOfMonth, pseudoRandom } from "./seed-random.ts";

describe("exact decimals", () => {
  test.each([
    [["0.1", "0.2"], "0.3"],
    [["123.78912", "0.00000001"], "123.78912001"],
    [["1.50", "2.50"], "4"],
    [["9007199254740993", "0.000000000000000001"], "9007199254740993.000000000000000001"],
    [["-0.5", "0.25"], "-0.25"],
    [[], "0"],
  ])("%j sums to %s", (values, total) => {
    expect(sumDecimalStrings(values)).toBe(total);
  });

  test.each(["1e-9", ".5", "1.", "0x10", " 1", "NaN"])("refuses %j", (text) => {
    expect(() => parseDecimal(text)).toThrow(/not a plain decimal/);
  });

  test("tokens × USD per million, in cents and in dollars", () => {
    expect(formatDecimal(perMillion(1_234_567, "3.75", 2))).toBe("462.962625");
    expect(formatDecimal(perMillion(7, "0.075"))).toBe("0.000000525");
  });
});

describe("seed helpers", () => {
  test("the same seed gives the same sequence, another seed another one", () => {
    const draw = (seed: number) => {
      const random = pseudoRandom(seed);
      return Array.from({ length: 5 }, () => random(0, 1_000_000));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  test("hoursOfMonth covers the whole month in UTC", () => {
    const hours = hoursOfMonth("2024-02");
    expect(hours).toHaveLength(29 * 24);
    expect(new Date(hours.at(-1) ?? 0).toISOString()).toBe("2024-02-29T23:00:00.000Z");
  });
});
