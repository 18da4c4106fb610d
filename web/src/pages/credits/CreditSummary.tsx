import { formatDay } from "../../ui/format.ts";
import { Money } from "../../ui/Money.tsx";
import { forecastWords, shortDay } from "./forecast-words.ts";
import type { CreditStatus } from "./queries.ts";

const STATUS_WORDS: Record<CreditStatus["status"], string> = {
  ok: "Enough credit",
  low: "Running low",
  depleted: "Used up",
};

export function CreditStatusBadge({ status }: { status: CreditStatus["status"] }) {
  return <span className={`badge credit-status-${status}`}>{STATUS_WORDS[status]}</span>;
}

/** Balance, spend per day, when it runs out, and what was bought and spent. */
export function CreditSummary({ status }: { status: CreditStatus }) {
  const words = forecastWords(status);
  const notice =
    status.status === "depleted"
      ? "notice notice-error"
      : status.status === "low"
        ? "notice notice-warn"
        : "notice";
  return (
    <>
      <p className={`${notice} forecast`} role={status.status === "ok" ? undefined : "alert"}>
        {words.sentence}
      </p>
      <div className="grid grid-4 credit-stats">
        <div className="stat">
          <div className="label">Balance</div>
          <div className="value">
            <Money amount={status.balance} />
          </div>
          <div className="sub">as of {formatDay(status.as_of)} (UTC)</div>
        </div>
        <div className="stat">
          <div className="label">Spending a day</div>
          <div className="value">
            <Money amount={status.burn_rate_per_day} />
          </div>
          <div className="sub">average of the last {status.burn_window.days} days</div>
        </div>
        <div className="stat">
          <div className="label">Runs out</div>
          <div className="value">{words.value}</div>
          <div className="sub">{words.sub}</div>
        </div>
        <div className="stat">
          <div className="label">Bought</div>
          <div className="value">
            <Money amount={status.purchased_total} />
          </div>
          <div className="sub">
            <Money amount={status.spent_since_first_purchase} /> spent since{" "}
            {shortDay(status.first_purchase_date, status.as_of)}
          </div>
        </div>
      </div>
      {status.unpriced_records > 0 && (
        <p className="notice notice-warn">
          {status.unpriced_records} {status.unpriced_records === 1 ? "record" : "records"} since the
          first purchase {status.unpriced_records === 1 ? "has" : "have"} no known price, so{" "}
          {status.unpriced_records === 1 ? "its" : "their"} cost is not subtracted: the real balance
          is lower than shown.
        </p>
      )}
    </>
  );
}
