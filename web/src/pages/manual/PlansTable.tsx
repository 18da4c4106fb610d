import { Money } from "../../ui/Money.tsx";
import { accountName } from "./AccountSelect.tsx";
import { isRunning, STATUS_WORDS, sortPlans, spanWords } from "./plan-words.ts";
import type { AccountView, RecurringPlanView } from "./queries.ts";

export type PlanAction = "change" | "stop" | "history";

/** Seat plans with their status, what they recorded, and change / stop / history. */
export function PlansTable({
  plans,
  accounts,
  onAction,
}: {
  plans: readonly RecurringPlanView[];
  accounts: readonly AccountView[];
  onAction: (action: PlanAction, plan: RecurringPlanView) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="seat-plans">
        <thead>
          <tr>
            <th scope="col">Plan</th>
            <th scope="col">Account</th>
            <th scope="col" className="num">
              Seats
            </th>
            <th scope="col" className="num">
              Per seat
            </th>
            <th scope="col" className="num">
              A month
            </th>
            <th scope="col">Months</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Recorded
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sortPlans(plans).map((plan) => (
            <tr key={plan.id}>
              <td>
                <strong>{plan.label}</strong>
                {plan.model && (
                  <div>
                    <code>{plan.model}</code>
                  </div>
                )}
                {plan.note && <div className="muted entry-note">{plan.note}</div>}
              </td>
              <td>{accountName(accounts, plan.account_id)}</td>
              <td className="num">{plan.seats}</td>
              <td className="num">
                <Money amount={plan.unit_price} />
              </td>
              <td className="num">
                <Money amount={plan.monthly_cost} />
              </td>
              <td>{spanWords(plan)}</td>
              <td>
                <span className={`badge plan-status plan-status-${plan.status}`}>
                  {STATUS_WORDS[plan.status]}
                </span>
              </td>
              <td className="num">
                <Money amount={plan.recorded_cost} />
                <div className="muted nowrap">
                  {plan.recorded_months} {plan.recorded_months === 1 ? "month" : "months"}
                </div>
              </td>
              <td>
                <div className="row actions">
                  {isRunning(plan) && (
                    <>
                      <button
                        type="button"
                        aria-label={`Change seats or price of ${plan.label}`}
                        onClick={() => onAction("change", plan)}
                      >
                        Change
                      </button>
                      <button
                        type="button"
                        aria-label={`Stop ${plan.label}`}
                        onClick={() => onAction("stop", plan)}
                      >
                        Stop
                      </button>
                    </>
                  )}
                  <button
                    type="button"
                    aria-label={`History of ${plan.label} (${spanWords(plan)})`}
                    onClick={() => onAction("history", plan)}
                  >
                    History
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
