import { useState } from "react";
import { ConfidenceBadge } from "../../ui/ConfidenceBadge.tsx";
import { Day } from "../../ui/DateTime.tsx";
import { toNanos } from "../../ui/format.ts";
import { Money } from "../../ui/Money.tsx";
import { accountName } from "./AccountSelect.tsx";
import { DeleteEntryDialog } from "./DeleteEntryDialog.tsx";
import { EditEntryDialog } from "./EditEntryDialog.tsx";
import { entryName, isPlanMonth, noteOf, planIdOf } from "./entry-words.ts";
import { EntryHistoryDialog } from "./HistoryDialog.tsx";
import { monthWords } from "./months.ts";
import type { AccountView, ManualRecordView, RecurringPlanView } from "./queries.ts";

type Open = { kind: "edit" | "delete" | "history"; record: ManualRecordView } | null;

/** Manual records, newest first, with edit, delete and history for one-off entries. */
export function EntriesTable({
  records,
  accounts,
  plans,
  onDeleted,
}: {
  records: readonly ManualRecordView[];
  accounts: readonly AccountView[];
  plans: readonly RecurringPlanView[];
  onDeleted: (record: ManualRecordView) => void;
}) {
  const [open, setOpen] = useState<Open>(null);
  const rows = [...records].reverse();
  const total = records.reduce(
    (sum, r) => sum + (r.total_cost === null ? 0n : toNanos(r.total_cost)),
    0n,
  );
  return (
    <>
      <div className="table-wrap">
        <table className="manual-entries">
          <caption className="visually-hidden">Manual entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Account</th>
              <th scope="col">What</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Confidence</th>
              <th scope="col">Source</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((record) => {
              const planId = planIdOf(record);
              const plan = plans.find((p) => p.id === planId);
              const note = noteOf(record);
              return (
                <tr key={record.idempotency_key}>
                  <td className="nowrap">
                    {record.bucket === "month" ? (
                      <time
                        dateTime={record.date.slice(0, 7)}
                        title={`${record.date.slice(0, 7)} (UTC month)`}
                      >
                        {monthWords(record.date.slice(0, 7))}
                      </time>
                    ) : (
                      <Day day={record.date} />
                    )}
                  </td>
                  <td>{accountName(accounts, record.account_id)}</td>
                  <td>
                    {record.model ? <code>{record.model}</code> : null}
                    {record.project ? <span className="muted"> · {record.project}</span> : null}
                    {note ? <div className="muted entry-note">{note}</div> : null}
                    {!record.model && !record.project && !note ? (
                      <span className="muted">—</span>
                    ) : null}
                  </td>
                  <td className="num">
                    <Money amount={record.total_cost} />
                  </td>
                  <td>
                    <ConfidenceBadge level={record.confidence} />
                  </td>
                  <td>
                    {planId ? (
                      <>
                        Seat plan <span className="muted">{plan?.label ?? planId}</span>
                      </>
                    ) : (
                      "One-off entry"
                    )}
                  </td>
                  <td>
                    {isPlanMonth(record) ? (
                      <a href="#seat-plans" className="nowrap">
                        Change in seat plans
                      </a>
                    ) : (
                      <div className="row actions">
                        <button
                          type="button"
                          aria-label={`Edit entry ${entryName(record)}`}
                          onClick={() => setOpen({ kind: "edit", record })}
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          aria-label={`History of entry ${entryName(record)}`}
                          onClick={() => setOpen({ kind: "history", record })}
                        >
                          History
                        </button>
                        <button
                          type="button"
                          className="danger"
                          aria-label={`Delete entry ${entryName(record)}`}
                          onClick={() => setOpen({ kind: "delete", record })}
                        >
                          Delete
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                Total of {rows.length} {rows.length === 1 ? "entry" : "entries"} listed
              </th>
              <td className="num">
                <strong>
                  <Money amount={total} />
                </strong>
              </td>
              <td colSpan={3} />
            </tr>
          </tfoot>
        </table>
      </div>
      {open?.kind === "edit" && (
        <EditEntryDialog record={open.record} onClose={() => setOpen(null)} />
      )}
      {open?.kind === "delete" && (
        <DeleteEntryDialog
          record={open.record}
          account={accountName(accounts, open.record.account_id)}
          onClose={() => setOpen(null)}
          onDeleted={onDeleted}
        />
      )}
      {open?.kind === "history" && (
        <EntryHistoryDialog
          id={open.record.id}
          title={`History of the entry for ${entryName(open.record)}`}
          onClose={() => setOpen(null)}
        />
      )}
    </>
  );
}
