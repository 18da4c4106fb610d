import { describe, expect, test } from "vitest";
import { forecastCredits } from "../../src/services/credits/index.ts";

const AS_OF = "2025-06-20";

describe("credit depletion forecast", () => {
  test.each([
    // window spend (nanos) → burn per day (nanos), rounded half-even once
    [21n, 2n], // 1.5 → 2
    [35n, 2n], // 2.5 → 2
    [49n, 4n], // 3.5 → 4
    [36n, 3n], // 2.57… → 3
    [6n, 0n], // 0.43… → 0
    [7n, 0n], // 0.5 → 0
  ])("a 14-day spend of %i nanos burns %i nanos a day", (spend, burn) => {
    const forecast = forecastCredits({
      balanceNanos: 1_000n,
      windowSpendNanos: spend,
      asOf: AS_OF,
      warnDays: 7,
    });
    expect(forecast.burnRateNanos).toBe(burn);
  });

  test.each([
    // balance, burn/day (× 14 as window spend), days left, runs out on, status
    [10_000_000_000n, 1_000_000_000n, 10, "2025-07-01", "ok"],
    [10_500_000_000n, 1_000_000_000n, 10, "2025-07-01", "ok"],
    [7_999_999_999n, 1_000_000_000n, 7, "2025-06-28", "low"],
    [1n, 1_000_000_000n, 0, "2025-06-21", "low"],
    [0n, 1_000_000_000n, 0, "2025-06-20", "depleted"],
    [-1n, 0n, 0, "2025-06-20", "depleted"],
  ])(
    "a balance of %i nanos burning %i a day lasts %i days, runs out on %s (%s)",
    (balance, burn, days, date, status) => {
      const forecast = forecastCredits({
        balanceNanos: balance,
        windowSpendNanos: burn * 14n,
        asOf: AS_OF,
        warnDays: 7,
      });
      expect(forecast).toMatchObject({ daysLeft: days, runsOutOn: date, status });
    },
  );

  test("a net refund in the window burns nothing and forecasts nothing", () => {
    const forecast = forecastCredits({
      balanceNanos: 5n,
      windowSpendNanos: -140n,
      asOf: AS_OF,
      warnDays: 7,
    });
    expect(forecast).toEqual({
      burnRateNanos: -10n,
      daysLeft: null,
      runsOutOn: null,
      status: "ok",
      warning: null,
    });
  });

  test("one day left is worded in the singular", () => {
    const forecast = forecastCredits({
      balanceNanos: 15n,
      windowSpendNanos: 140n,
      asOf: AS_OF,
      warnDays: 7,
    });
    expect(forecast.warning).toBe("balance runs out in 1 day (before 2025-06-22)");
  });

  test("a forecast beyond the year 9999 has days left but no date", () => {
    const forecast = forecastCredits({
      balanceNanos: 9_000_000_000_000_000_000n,
      windowSpendNanos: 14n,
      asOf: AS_OF,
      warnDays: 7,
    });
    expect(forecast).toMatchObject({
      burnRateNanos: 1n,
      daysLeft: Number.MAX_SAFE_INTEGER,
      runsOutOn: null,
      status: "ok",
    });
  });
});
