import { useState } from "react";
import { Field } from "../../ui/Field.tsx";
import { Empty, ErrorMessage, Loading } from "../../ui/states.tsx";
import { EntriesTable } from "./EntriesTable.tsx";
import { entryName } from "./entry-words.ts";
import { EntryHistoryDialog } from "./HistoryDialog.tsx";
import {
  type AccountView,
  type EntryKind,
  type ManualRecordView,
  type RecurringPlanView,
  useManualEntries,
} from "./queries.ts";

/** The list of manual records with its filters, and what happened to a deleted entry. */
export function EntriesSection({
  accounts,
  plans,
}: {
  accounts: readonly AccountView[];
  plans: readonly RecurringPlanView[];
}) {
  const [accountId, setAccountId] = useState("");
  const [kind, setKind] = useState<EntryKind>("");
  const [deleted, setDeleted] = useState<ManualRecordView | null>(null);
  const [deletedHistory, setDeletedHistory] = useState(false);
  const entries = useManualEntries({ account_id: accountId, kind });
  return (
    <section className="panel" aria-labelledby="manual-entries-title">
      <div className="row section-head">
        <h2 id="manual-entries-title">Manual entries</h2>
        <span className="spacer" />
        <div className="row filters">
          <Field label="Account">
            {(props) => (
              <select {...props} value={accountId} onChange={(e) => setAccountId(e.target.value)}>
                <option value="">All accounts</option>
                {accounts.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Show">
            {(props) => (
              <select
                {...props}
                value={kind}
                onChange={(e) => setKind(e.target.value as EntryKind)}
              >
                <option value="">One-off entries and seat-plan months</option>
                <option value="entry">One-off entries</option>
                <option value="recurring">Seat-plan months</option>
              </select>
            )}
          </Field>
        </div>
      </div>
      <div role="status" aria-live="polite">
        {deleted && (
          <div className="notice notice-ok row">
            <span>Deleted the entry for {entryName(deleted)}. Its history is kept.</span>
            <button type="button" className="link" onClick={() => setDeletedHistory(true)}>
              View its history
            </button>
          </div>
        )}
      </div>
      {entries.isPending ? (
        <Loading what="manual entries" />
      ) : entries.isError ? (
        <ErrorMessage error={entries.error} action="load the manual entries" />
      ) : entries.data.length === 0 ? (
        <Empty>
          {accountId || kind
            ? "No manual entries match these filters."
            : "No manual entries yet. Add one above, or a seat plan below."}
        </Empty>
      ) : (
        <EntriesTable
          records={entries.data}
          accounts={accounts}
          plans={plans}
          onDeleted={(record) => {
            setDeleted(record);
            setDeletedHistory(false);
          }}
        />
      )}
      {deleted && deletedHistory && (
        <EntryHistoryDialog
          id={deleted.id}
          title={`History of the deleted entry for ${entryName(deleted)}`}
          onClose={() => setDeletedHistory(false)}
        />
      )}
    </section>
  );
}
