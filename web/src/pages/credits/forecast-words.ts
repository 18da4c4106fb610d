/** The depletion forecast in words: "runs out around Dec 14 at the current rate". */
import { formatMoney } from "../../ui/format.ts";
import type { CreditStatus } from "./queries.ts";

const sameYear = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  timeZone: "UTC",
});
const otherYear = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC",
});

/** A ledger day (UTC) as "Dec 14", with the year when it is not the as-of year. */
export function shortDay(day: string, asOf: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return (day.slice(0, 4) === asOf.slice(0, 4) ? sameYear : otherYear).format(date);
}

export interface ForecastWords {
  /** The stat's value: "Dec 14", "Used up", "Not running down". */
  value: string;
  /** Under the value: "about 26 days left". */
  sub: string;
  /** The whole forecast in one sentence, rate included. */
  sentence: string;
}

export function forecastWords(status: CreditStatus): ForecastWords {
  const rate = formatMoney(status.burn_rate_per_day);
  if (status.status === "depleted") {
    return {
      value: "Used up",
      sub: "the balance is spent",
      sentence: "The credits are used up. Record a top-up when you buy more.",
    };
  }
  if (status.runs_out_on === null) {
    return status.days_left === null
      ? {
          value: "Not running down",
          sub: `nothing spent in the last ${status.burn_window.days} days`,
          sentence: `Nothing was spent in the last ${status.burn_window.days} days, so the balance is not going down.`,
        }
      : {
          value: "Years away",
          sub: "at the current rate",
          sentence: `At the current rate of ${rate} a day the balance lasts for years.`,
        };
  }
  const day = shortDay(status.runs_out_on, status.as_of);
  const days = status.days_left ?? 0;
  const left = `about ${days} ${days === 1 ? "day" : "days"} left`;
  return {
    value: day,
    sub: left,
    sentence: `Runs out around ${day} at the current rate (${rate} a day, ${left}).`,
  };
}
