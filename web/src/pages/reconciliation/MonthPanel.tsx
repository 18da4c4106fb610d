import { type ReactNode, useState } from "react";
import { ConfidenceBadge } from "../../ui/ConfidenceBadge.tsx";
import { DateTime } from "../../ui/DateTime.tsx";
import { formatCount, formatMonth, toNanos } from "../../ui/format.ts";
import { Money } from "../../ui/Money.tsx";
import { inForce, type PeriodEstimate, type ReconciliationView } from "./api.ts";
import { BilledForm } from "./BilledForm.tsx";
import { DifferenceCell } from "./Difference.tsx";
import { keyLabel } from "./labels.ts";
import { StaleWarning } from "./StaleWarning.tsx";
import { UndoButton } from "./UndoButton.tsx";

/**
 * One account's month as a whole: Estimated until a billed amount is confirmed, then
 * Reconciled at that amount (with a warning when usage arrived later), and undoable.
 */
export function MonthPanel({
  accountId,
  accountName,
  estimate,
  reconciliations,
  onNotice,
}: {
  accountId: string;
  accountName: string;
  estimate: PeriodEstimate;
  reconciliations: readonly ReconciliationView[];
  onNotice: (notice: ReactNode) => void;
}) {
  const period = estimate.period;
  const month = formatMonth(period);
  const what = `${month} of ${accountName}`;
  const reconciliation = inForce(reconciliations, period, null);
  const byKey = reconciliations.filter(
    (r) =>
      r.period === period &&
      r.api_key_suffix !== null &&
      (r.status === "current" || r.status === "stale"),
  );
  const [editing, setEditing] = useState(false);
  const confirmed = (view: ReconciliationView) => {
    setEditing(false);
    onNotice(
      <>
        Reconciled {what}: the month now totals <Money amount={view.amount} />, the billed amount.
      </>,
    );
  };

  return (
    <section className="panel" aria-labelledby="rec-month-title">
      <div className="row rec-heading">
        <h2 id="rec-month-title">
          {month} · {accountName}
        </h2>
        {reconciliation || byKey.length === 0 ? (
          <ConfidenceBadge level={reconciliation ? "reconciled" : "estimated"} />
        ) : (
          <span
            className="badge badge-reconciled"
            title="Some API keys of this month are reconciled to their bills; the others count their estimates"
          >
            Reconciled per key
          </span>
        )}
      </div>

      <div className="grid grid-3 rec-stats">
        <div className="stat">
          <div className="label">Estimated total</div>
          <div className="value" data-testid="estimated-total">
            <Money amount={estimate.estimated_total} />
          </div>
          <div className="sub">
            {formatCount(estimate.records)} {estimate.records === 1 ? "record" : "records"} in{" "}
            {month}
          </div>
        </div>
        <div className="stat">
          <div className="label">Billed total</div>
          <div className="value" data-testid="billed-total">
            {reconciliation ? (
              <Money amount={reconciliation.amount} />
            ) : byKey.length > 0 ? (
              <Money amount={byKey.reduce((sum, r) => sum + toNanos(r.amount), 0n)} />
            ) : (
              <span className="muted rec-none">Not entered</span>
            )}
          </div>
          <div className="sub">
            {reconciliation?.created_at ? (
              <>
                Confirmed <DateTime iso={reconciliation.created_at} />
              </>
            ) : byKey.length > 0 ? (
              `For ${byKey.map((r) => keyLabel(r.api_key_suffix)).join(", ")}; any other key counts its estimate`
            ) : (
              "The month counts its estimate until a bill is confirmed"
            )}
          </div>
        </div>
        <div className="stat">
          <div className="label">Difference (billed − estimated)</div>
          <div className="value rec-diff-value">
            {reconciliation ? (
              <DifferenceCell
                delta={reconciliation.delta}
                estimate={reconciliation.estimated_total}
              />
            ) : (
              <span className="muted rec-none">—</span>
            )}
          </div>
          {!reconciliation && byKey.length > 0 && <div className="sub">Per key, below</div>}
          {reconciliation?.note && <div className="sub">Note: {reconciliation.note}</div>}
        </div>
      </div>

      {estimate.unpriced_records > 0 && (
        <p className="notice notice-warn">
          {formatCount(estimate.unpriced_records)}{" "}
          {estimate.unpriced_records === 1 ? "record has" : "records have"} no known price and{" "}
          {estimate.unpriced_records === 1 ? "is" : "are"} left out of the estimate, so the real
          estimate is higher. Add a price on the Prices page to include{" "}
          {estimate.unpriced_records === 1 ? "it" : "them"}.
        </p>
      )}

      {reconciliation?.status === "stale" && !editing && (
        <StaleWarning reconciliation={reconciliation} onReconcile={() => setEditing(true)} />
      )}

      {reconciliation && !editing && (
        <div className="row rec-actions">
          <p className="muted rec-explain">
            {month} counts <Money amount={reconciliation.amount} /> in every total; its estimates
            stay stored but no longer add dollars.
          </p>
          <div className="spacer" />
          {reconciliation.status === "current" && (
            <button type="button" onClick={() => setEditing(true)}>
              Change billed amount
            </button>
          )}
          <UndoButton
            reconciliation={reconciliation}
            what={what}
            onUndone={(view) =>
              onNotice(
                <>
                  Undone: {what} counts its estimate of <Money amount={view.estimated_total} />{" "}
                  again.
                </>,
              )
            }
          />
        </div>
      )}

      {!reconciliation && byKey.length > 0 && (
        <p className="notice">
          {month} is reconciled key by key (
          {byKey.map((r) => keyLabel(r.api_key_suffix)).join(", ")}
          ). To enter one bill for the whole month, undo those below first — a month is reconciled
          as a whole or per key, never both, so nothing is counted twice.
        </p>
      )}

      {(editing || (!reconciliation && byKey.length === 0)) && (
        <>
          <h3 className="rec-subtitle">
            {reconciliation ? "Reconcile again" : "Enter the billed amount"}
          </h3>
          <p className="muted rec-explain">
            The amount {accountName} billed for {month}, from the provider's invoice or usage
            dashboard. Confirming makes the month total exactly this amount.
            {reconciliation && " The earlier reconciliation is kept in the history as replaced."}
          </p>
          <BilledForm
            key={reconciliation?.id ?? "new"}
            accountId={accountId}
            period={period}
            suffix={null}
            label="Billed amount (USD)"
            initialAmount={reconciliation?.amount ?? ""}
            initialNote={reconciliation?.note ?? ""}
            confirmLabel={reconciliation ? "Confirm again" : "Confirm reconciliation"}
            onConfirmed={confirmed}
            {...(editing ? { onCancel: () => setEditing(false) } : {})}
          />
        </>
      )}
    </section>
  );
}
