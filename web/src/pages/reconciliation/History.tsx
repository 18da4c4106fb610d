import { useId, useState } from "react";
import { formatUsd } from "../../../../src/core/money.ts";
import { DateTime } from "../../ui/DateTime.tsx";
import { formatMonth, toNanos } from "../../ui/format.ts";
import { Money } from "../../ui/Money.tsx";
import { Empty, ErrorMessage, Loading } from "../../ui/states.tsx";
import { type AccountView, type ReconciliationView, useReconciliations } from "./api.ts";
import { DifferenceCell } from "./Difference.tsx";
import { accountLabel, keyLabel } from "./labels.ts";
import { StatusBadge } from "./StatusBadge.tsx";

const inForce = (r: ReconciliationView) => r.status === "current" || r.status === "stale";

/** Live for one in force; as it stood when confirmed for one replaced or undone. */
function difference(r: ReconciliationView): { delta: string; estimate: string } {
  if (inForce(r) || r.estimated_at_confirmation === null) {
    return { delta: r.delta, estimate: r.estimated_total };
  }
  const then = toNanos(r.estimated_at_confirmation);
  return { delta: formatUsd(toNanos(r.amount) - then), estimate: r.estimated_at_confirmation };
}

/**
 * Every reconciliation ever confirmed — of the chosen account or of all accounts — with what it
 * compared, when, and its live status (Active, Stale, Replaced, Undone). Nothing is deleted.
 */
export function History({
  account,
  accounts,
}: {
  account: AccountView | undefined;
  accounts: readonly AccountView[];
}) {
  const [scope, setScope] = useState<"account" | "all">("account");
  const selectId = useId();
  const noteId = useId();
  const all = scope === "all" || !account;
  const list = useReconciliations(all ? null : account.id);
  const names = new Map(accounts.map((a) => [a.id, accountLabel(a)]));

  return (
    <section className="panel" aria-labelledby="rec-history-title">
      <div className="row rec-heading">
        <h2 id="rec-history-title">History</h2>
        <div className="spacer" />
        {account && (
          <div className="row rec-scope">
            <label htmlFor={selectId}>Show</label>
            <select
              id={selectId}
              value={scope}
              onChange={(e) => setScope(e.target.value as "account" | "all")}
            >
              <option value="account">{accountLabel(account)}</option>
              <option value="all">All accounts</option>
            </select>
          </div>
        )}
      </div>
      {list.isPending ? (
        <Loading what="reconciliations" />
      ) : list.isError ? (
        <ErrorMessage error={list.error} action="load the reconciliations" />
      ) : list.data.length === 0 ? (
        <Empty>
          {all ? "No reconciliations yet." : `No reconciliations of ${accountLabel(account)} yet.`}{" "}
          Confirmed ones appear here with their estimate, billed amount and status.
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="rec-history" aria-describedby={noteId}>
            <thead>
              <tr>
                {all && <th scope="col">Account</th>}
                <th scope="col">Month</th>
                <th scope="col">Key</th>
                <th scope="col">Confirmed</th>
                <th scope="col" className="num">
                  Estimate then
                </th>
                <th scope="col" className="num">
                  Estimate now
                </th>
                <th scope="col" className="num">
                  Billed
                </th>
                <th scope="col" className="num">
                  Difference
                </th>
                <th scope="col">Status</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((r) => (
                <tr key={r.id ?? `${r.account_id}:${r.period}:${r.created_at}`}>
                  {all && <td>{names.get(r.account_id) ?? r.account_id}</td>}
                  <td className="nowrap">{formatMonth(r.period)}</td>
                  <td className="nowrap">
                    {r.api_key_suffix ? (
                      <code>{keyLabel(r.api_key_suffix)}</code>
                    ) : (
                      <span className="muted">Whole month</span>
                    )}
                  </td>
                  <td className="nowrap">
                    {r.created_at ? <DateTime iso={r.created_at} /> : "—"}
                    {r.undone_at && (
                      <div className="muted">
                        undone <DateTime iso={r.undone_at} />
                      </div>
                    )}
                  </td>
                  <td className="num">
                    {r.estimated_at_confirmation === null ? (
                      "—"
                    ) : (
                      <Money amount={r.estimated_at_confirmation} />
                    )}
                  </td>
                  <td className="num">{inForce(r) ? <Money amount={r.estimated_total} /> : "—"}</td>
                  <td className="num">
                    <Money amount={r.amount} />
                  </td>
                  <td className="num nowrap">
                    <DifferenceCell {...difference(r)} />
                  </td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td className="rec-note">{r.note ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && list.data.length > 0 && (
        <p id={noteId} className="muted rec-table-note">
          Difference is billed − estimate: against the estimate now while a reconciliation is in
          force (active or stale), against the estimate when it was confirmed once it was replaced
          or undone.
        </p>
      )}
    </section>
  );
}
