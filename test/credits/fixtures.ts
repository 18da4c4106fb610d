/**
 * A hand-worked month of Perplexity spend. Credits: $50.00 bought 2025-06-01, $25.00 topped up
 * 2025-06-10. Ledger spend (all on the one account):
 *
 *   2025-05-31            3.00            before the first purchase: not in "spent"
 *   2025-06-01 … 06-06    2.00 a day      = 12.00
 *   2025-06-07 … 06-20    3.10 a day      = 43.40   (the 14 days ending 06-20)
 *   2025-06-15            0.123456789     one extra request
 *   2025-06-12            unpriced        an unknown model: counted, never as $0
 *   2025-06-21            9.99            after 06-20
 *
 * As of 2025-06-20:
 *   purchased   50 + 25                                 = 75.00
 *   spent       12.00 + 43.40 + 0.123456789             = 55.523456789
 *   balance     75.00 − 55.523456789                    = 19.476543211
 *   burn/day    43.523456789 / 14 = 3.10881834207… → half-even to nanos = 3.108818342
 *   days left   floor(19.476543211 / 3.108818342) = floor(6.26…) = 6
 *   runs out on 2025-06-20 + 6 + 1                      = 2025-06-27
 */
export const PURCHASE = { date: "2025-06-01", amount: "50.00" };
export const TOP_UP = { date: "2025-06-10", amount: "25.00", kind: "top_up" as const };

function day(accountId: string, date: string, totalCost: string | null, key: string) {
  return {
    account_id: accountId,
    date,
    bucket: "1d",
    model: totalCost === null ? "sonar-imaginary" : "sonar",
    prompt_tokens: 1000,
    completion_tokens: 100,
    requests: 10,
    ...(totalCost === null ? {} : { total_cost: totalCost }),
    idempotency_key: key,
  };
}

function june(dayOfMonth: number): string {
  return `2025-06-${String(dayOfMonth).padStart(2, "0")}`;
}

export function juneSpend(accountId: string) {
  const records = [day(accountId, "2025-05-31", "3.00", "may-31")];
  for (let d = 1; d <= 6; d++) records.push(day(accountId, june(d), "2.00", `day-${d}`));
  for (let d = 7; d <= 20; d++) records.push(day(accountId, june(d), "3.10", `day-${d}`));
  records.push(day(accountId, "2025-06-15", "0.123456789", "extra-15"));
  records.push(day(accountId, "2025-06-12", null, "unpriced-12"));
  records.push(day(accountId, "2025-06-21", "9.99", "day-21"));
  return { records };
}

/** The status of the account above as of 2025-06-20 with the default 7 warning days. */
export const STATUS_JUNE_20 = {
  as_of: "2025-06-20",
  first_purchase_date: "2025-06-01",
  purchased_total: "75.00",
  spent_since_first_purchase: "55.523456789",
  balance: "19.476543211",
  currency: "USD",
  burn_window: { from: "2025-06-07", to: "2025-06-21", days: 14 },
  burn_rate_per_day: "3.108818342",
  days_left: 6,
  runs_out_on: "2025-06-27",
  warn_days: 7,
  warning: "balance runs out in 6 days (before 2025-06-27)",
  status: "low",
  unpriced_records: 1,
};
