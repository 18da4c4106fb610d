import { useMutation } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import { ErrorMessage } from "../../ui/states.tsx";
import { Dialog } from "./Dialog.tsx";
import { entryName } from "./entry-words.ts";
import { type ManualRecordView, useRefreshAll } from "./queries.ts";

/** Asks before deleting: the entry leaves the totals, its history stays. */
export function DeleteEntryDialog({
  record,
  account,
  onClose,
  onDeleted,
}: {
  record: ManualRecordView;
  account: string;
  onClose: () => void;
  onDeleted: (record: ManualRecordView) => void;
}) {
  const refresh = useRefreshAll();
  const mutation = useMutation({
    mutationFn: () => api(`usage/manual/${encodeURIComponent(record.id)}`, { method: "DELETE" }),
    onSuccess: async () => {
      onDeleted(record);
      onClose();
      await refresh();
    },
  });
  return (
    <Dialog title="Delete this entry?" onClose={onClose}>
      <div className="stack">
        <p>
          The Manual Entry for <strong>{entryName(record)}</strong> on {account} leaves every total.
          Its history is kept.
        </p>
        {mutation.isError && <ErrorMessage error={mutation.error} action="delete the entry" />}
        <div className="row">
          <button
            type="button"
            className="danger"
            onClick={() => mutation.mutate()}
            disabled={mutation.isPending}
          >
            {mutation.isPending ? "Deleting…" : "Delete entry"}
          </button>
          <button type="button" onClick={onClose}>
            Keep it
          </button>
        </div>
      </div>
    </Dialog>
  );
}
