import { type ReactNode, useState } from "react";
import { ConfidenceBadge } from "../../ui/ConfidenceBadge.tsx";
import { formatCount, formatMonth } from "../../ui/format.ts";
import { Money } from "../../ui/Money.tsx";
import { inForce, type PeriodEstimate, type ReconciliationView } from "./api.ts";
import { BilledForm } from "./BilledForm.tsx";
import { DifferenceCell } from "./Difference.tsx";
import { keyLabel } from "./labels.ts";
import { StaleWarning } from "./StaleWarning.tsx";
import { UndoButton } from "./UndoButton.tsx";

interface KeyLine {
  suffix: string | null;
  estimate: string;
  records: number;
}

/**
 * The month's estimate split by API key, each key named by its last 4 characters only — as
 * Perplexity's invoices name them — with a billed amount per key.
 */
export function KeyLines({
  accountId,
  accountName,
  provider,
  estimate,
  reconciliations,
  onNotice,
}: {
  accountId: string;
  accountName: string;
  provider: string;
  estimate: PeriodEstimate;
  reconciliations: readonly ReconciliationView[];
  onNotice: (notice: ReactNode) => void;
}) {
  const period = estimate.period;
  const whole = inForce(reconciliations, period, null);
  const lines: KeyLine[] = estimate.keys.map((k) => ({
    suffix: k.api_key_suffix,
    estimate: k.estimated_total,
    records: k.records,
  }));
  // A key reconciled earlier whose records have since gone still needs its line (to undo it).
  for (const r of reconciliations) {
    if (
      r.period === period &&
      r.api_key_suffix !== null &&
      (r.status === "current" || r.status === "stale") &&
      !lines.some((line) => line.suffix === r.api_key_suffix)
    ) {
      lines.push({ suffix: r.api_key_suffix, estimate: r.estimated_total, records: 0 });
    }
  }
  const keyed = lines.filter((line) => line.suffix !== null);
  const keyReconciled = reconciliations.some(
    (r) => r.period === period && r.api_key_suffix !== null && r.status !== "replaced",
  );
  // Perplexity bills per key; elsewhere the split only helps when there is more than one key.
  const show = keyed.length > 0 && (provider === "perplexity" || keyed.length > 1 || keyReconciled);
  if (!show) return null;

  return (
    <section className="panel" aria-labelledby="rec-keys-title">
      <h2 id="rec-keys-title">By API key</h2>
      <p className="muted rec-explain">
        {provider === "perplexity"
          ? "Perplexity's invoice history names each API key by its last 4 characters. "
          : ""}
        Keys are shown by their last 4 characters only. Reconcile a key on its own when the bill
        lists keys separately
        {whole
          ? "; this month is already reconciled as a whole, so the lines are for reference."
          : "."}
      </p>
      <ul className="rec-keys">
        {lines.map((line) => (
          <KeyCard
            key={line.suffix ?? "(none)"}
            accountId={accountId}
            what={`key ${keyLabel(line.suffix)} in ${formatMonth(period)} of ${accountName}`}
            period={period}
            line={line}
            reconciliation={
              line.suffix === null ? undefined : inForce(reconciliations, period, line.suffix)
            }
            wholeMonth={Boolean(whole)}
            onNotice={onNotice}
          />
        ))}
      </ul>
    </section>
  );
}

function KeyCard({
  accountId,
  what,
  period,
  line,
  reconciliation,
  wholeMonth,
  onNotice,
}: {
  accountId: string;
  what: string;
  period: string;
  line: KeyLine;
  reconciliation: ReconciliationView | undefined;
  wholeMonth: boolean;
  onNotice: (notice: ReactNode) => void;
}) {
  const [editing, setEditing] = useState(false);
  const label = keyLabel(line.suffix);
  return (
    <li className="rec-key">
      <div className="row rec-heading">
        <h3 className="rec-key-name">
          {line.suffix === null ? (
            label
          ) : (
            <>
              Key <code>{label}</code>
            </>
          )}
        </h3>
        <div className="spacer" />
        <ConfidenceBadge level={reconciliation ? "reconciled" : "estimated"} />
      </div>
      <dl className="rec-key-figures">
        <div>
          <dt>Estimated</dt>
          <dd>
            <Money amount={line.estimate} />
          </dd>
        </div>
        <div>
          <dt>Records</dt>
          <dd>{formatCount(line.records)}</dd>
        </div>
        {reconciliation && (
          <>
            <div>
              <dt>Billed</dt>
              <dd>
                <Money amount={reconciliation.amount} />
              </dd>
            </div>
            <div>
              <dt>Difference</dt>
              <dd>
                <DifferenceCell
                  delta={reconciliation.delta}
                  estimate={reconciliation.estimated_total}
                />
              </dd>
            </div>
          </>
        )}
      </dl>

      {line.suffix === null ? (
        <p className="muted rec-explain">
          Requests captured without a key cannot be matched to an invoice line; they count in the
          whole month.
        </p>
      ) : reconciliation && !editing ? (
        <>
          {reconciliation.status === "stale" && (
            <StaleWarning
              reconciliation={reconciliation}
              subject={`key ${label}`}
              onReconcile={() => setEditing(true)}
            />
          )}
          <div className="row">
            <UndoButton
              reconciliation={reconciliation}
              what={what}
              onUndone={() => onNotice(<>Undone: {what} counts its estimate again.</>)}
            />
          </div>
        </>
      ) : wholeMonth ? (
        <p className="muted rec-explain">Included in the whole-month reconciliation.</p>
      ) : (
        <BilledForm
          accountId={accountId}
          period={period}
          suffix={line.suffix}
          label={`Billed for key ${label} (USD)`}
          initialAmount={reconciliation?.amount ?? ""}
          withNote={false}
          confirmLabel={`Confirm ${label}`}
          onConfirmed={(view) => {
            setEditing(false);
            onNotice(
              <>
                Reconciled {what} at <Money amount={view.amount} />.
              </>,
            );
          }}
          {...(editing ? { onCancel: () => setEditing(false) } : {})}
        />
      )}
    </li>
  );
}
