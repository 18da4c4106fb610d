/**
 * Depletion forecast for prepaid credits, in exact integer nano-dollars. Pure: the service
 * feeds it the balance and the spend of the trailing window.
 */
import { divideHalfEven, formatUsd } from "../../core/money.ts";
import { addDays } from "../../core/time.ts";

/** The burn rate is the spend of this many days, ending on the as-of date, divided by it. */
export const BURN_WINDOW_DAYS = 14;
/** A balance that lasts this many days or fewer is "low" unless the caller says otherwise. */
export const DEFAULT_WARN_DAYS = 7;

export type CreditState = "ok" | "low" | "depleted";

export interface ForecastInput {
  balanceNanos: bigint;
  /** Spend of the BURN_WINDOW_DAYS days ending on `asOf` (inclusive). */
  windowSpendNanos: bigint;
  asOf: string;
  warnDays: number;
}

export interface Forecast {
  /** Window spend / window days, rounded half-even to a nano-dollar once. */
  burnRateNanos: bigint;
  /**
   * Whole days of burn the balance still covers after `asOf` (rounded down); 0 when the
   * balance is used up; null when nothing is being spent.
   */
  daysLeft: number | null;
  /**
   * The first day the balance no longer covers a full day's burn (`asOf + daysLeft + 1`);
   * `asOf` itself when already depleted; null when nothing is being spent (or the date would
   * fall after 9999-12-31).
   */
  runsOutOn: string | null;
  status: CreditState;
  warning: string | null;
}

const LAST_DATE_MS = Date.UTC(9999, 11, 31);
const DAY_MS = 86_400_000;

export function forecastCredits(input: ForecastInput): Forecast {
  const burnRateNanos = divideHalfEven(input.windowSpendNanos, BigInt(BURN_WINDOW_DAYS));
  if (input.balanceNanos <= 0n) {
    return {
      burnRateNanos,
      daysLeft: 0,
      runsOutOn: input.asOf,
      status: "depleted",
      warning: `balance is depleted (${formatUsd(input.balanceNanos)} USD as of ${input.asOf})`,
    };
  }
  // A net refund in the window (negative spend) burns nothing either.
  if (burnRateNanos <= 0n) {
    return { burnRateNanos, daysLeft: null, runsOutOn: null, status: "ok", warning: null };
  }
  const days = input.balanceNanos / burnRateNanos;
  const daysLeft = days > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(days);
  const runsOutOn = dateAfter(input.asOf, days + 1n);
  if (daysLeft > input.warnDays) {
    return { burnRateNanos, daysLeft, runsOutOn, status: "ok", warning: null };
  }
  const unit = daysLeft === 1 ? "day" : "days";
  return {
    burnRateNanos,
    daysLeft,
    runsOutOn,
    status: "low",
    warning: `balance runs out in ${daysLeft} ${unit} (before ${runsOutOn})`,
  };
}

function dateAfter(date: string, days: bigint): string | null {
  const start = Date.parse(`${date}T00:00:00Z`);
  if (days > BigInt(Math.floor((LAST_DATE_MS - start) / DAY_MS))) return null;
  return addDays(date, Number(days));
}
