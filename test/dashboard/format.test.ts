/**
 * The dashboard's display formats: money stays exact (bigint from decimal strings, one
 * half-even rounding to the cent), a non-zero amount never shows as $0.00, and a ledger day
 * (a UTC calendar day) never shifts to the day before in a browser west of UTC.
 */
import { describe, expect, test } from "vitest";
import {
  exactMoney,
  formatDay,
  formatMoney,
  formatPercent,
  formatShare,
  utcTitle,
} from "../../web/src/ui/format.ts";

describe("formatMoney", () => {
  test.each([
    ["0", "$0.00"],
    ["0.000000000", "$0.00"],
    ["0.000000001", "< $0.01"],
    ["0.004999999", "< $0.01"],
    // Half-even at the cent: 0.005 rounds to 0.00, and is still not shown as $0.00.
    ["0.005", "< $0.01"],
    ["0.005000001", "$0.01"],
    ["0.015", "$0.02"],
    ["0.025", "$0.02"],
    ["-0.000000001", "> -$0.01"],
    ["-3.1", "-$3.10"],
    ["1234567.891", "$1,234,567.89"],
    ["92233720368.547758070", "$92,233,720,368.55"],
  ])("%s → %s", (amount, shown) => {
    expect(formatMoney(amount)).toBe(shown);
  });

  test("takes nano-dollars as bigint too", () => {
    expect(formatMoney(19_000_000_000n)).toBe("$19.00");
  });

  test("refuses what is not a decimal amount rather than guessing", () => {
    expect(() => formatMoney("1e3")).toThrow();
    expect(() => formatMoney("12.3.4")).toThrow();
  });
});

describe("exactMoney", () => {
  test.each([
    ["26.250004003", "26.250004003 USD"],
    ["19", "19 USD"],
    ["-0.5", "-0.5 USD"],
    ["1234.5", "1,234.5 USD"],
  ])("%s → %s", (amount, shown) => {
    expect(exactMoney(amount)).toBe(shown);
  });
});

describe("percentages", () => {
  test("formatPercent rounds half-even to hundredths with a sign", () => {
    expect(formatPercent(65n, 1280n)).toBe("+5.08%");
    expect(formatPercent(-1n, 8n)).toBe("-12.50%");
    expect(formatPercent(1n, 0n)).toBe("—");
  });

  test("formatShare turns the server's ratio into a percentage with one decimal", () => {
    expect(formatShare("0.1520")).toBe("15.2%");
    expect(formatShare("0.7236")).toBe("72.4%");
    expect(formatShare("1.0000")).toBe("100.0%");
    expect(formatShare("0.0004")).toBe("< 0.1%");
    expect(formatShare("0.0000")).toBe("0.0%");
  });
});

describe("dates", () => {
  test("a ledger day is the same calendar day in any time zone", () => {
    // The browser zone does not matter: the day is formatted in UTC.
    expect(formatDay("2026-06-01")).toMatch(/Jun 1, 2026|1 Jun 2026/);
  });

  test("the UTC title names the instant in UTC", () => {
    expect(utcTitle("2026-06-01T03:04:05.678Z")).toBe("2026-06-01 03:04:05 UTC");
  });
});
