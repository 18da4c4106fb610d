import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import { Field } from "../../ui/Field.tsx";
import { Dialog } from "./Dialog.tsx";
import { entryName, noteOf, tokensOf } from "./entry-words.ts";
import { FormProblem } from "./FormMessage.tsx";
import { type ManualRecordView, useRefreshAll } from "./queries.ts";
import { useFormErrors } from "./useFormErrors.ts";
import { type When, WhenFields, whenInput } from "./WhenFields.tsx";

const FIELDS = ["period", "date", "cost", "tokens", "model", "project", "note"] as const;

interface Draft {
  when: When;
  cost: string;
  model: string;
  project: string;
  tokens: string;
  note: string;
}

function draftOf(record: ManualRecordView): Draft {
  const month = record.bucket === "month";
  return {
    when: {
      mode: month ? "month" : "day",
      period: month ? record.date.slice(0, 7) : "",
      date: month ? "" : record.date,
    },
    cost: record.total_cost ?? "",
    model: record.model ?? "",
    project: record.project ?? "",
    tokens: tokensOf(record)?.toString() ?? "",
    note: noteOf(record) ?? "",
  };
}

/** Only what changed, as PATCH takes it: an emptied text field is `null` (cleared). */
function changes(before: Draft, after: Draft): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const at = whenInput(after.when);
  if (at.ok && JSON.stringify(whenInput(before.when)) !== JSON.stringify(at)) {
    Object.assign(body, at.body);
  }
  if (after.cost.trim() !== before.cost.trim()) body.cost = after.cost.trim();
  for (const key of ["model", "project", "note"] as const) {
    if (after[key].trim() !== before[key].trim()) body[key] = after[key].trim() || null;
  }
  if (after.tokens.trim() !== before.tokens.trim()) body.tokens = after.tokens.trim() || null;
  return body;
}

/** Edits a one-off entry; the server keeps the entry before and after in its history. */
export function EditEntryDialog({
  record,
  onClose,
}: {
  record: ManualRecordView;
  onClose: () => void;
}) {
  const refresh = useRefreshAll();
  const [initial] = useState(() => draftOf(record));
  const [draft, setDraft] = useState(initial);
  const form = useFormErrors(FIELDS);
  const body = changes(initial, draft);
  const mutation = useMutation({
    mutationFn: () =>
      api<ManualRecordView>(`usage/manual/${encodeURIComponent(record.id)}`, {
        method: "PATCH",
        body,
      }),
    onSuccess: async () => {
      await refresh();
      onClose();
    },
    onError: (error) => form.fromServer(error),
  });
  const set = (field: keyof Draft, value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    form.clear(field);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const at = whenInput(draft.when);
    if (!at.ok) found[at.field] = at.message;
    if (draft.cost.trim() === "") found.cost = "Enter an amount in USD, such as 228.00";
    if (form.check(found)) return;
    mutation.mutate();
  };
  const unchanged = Object.keys(body).length === 0;
  const text = (label: string, field: "model" | "project" | "note", hint?: string) => (
    <Field label={label} error={form.errors[field]} {...(hint ? { hint } : {})}>
      {(props) => (
        <input {...props} value={draft[field]} onChange={(e) => set(field, e.target.value)} />
      )}
    </Field>
  );
  return (
    <Dialog title={`Edit the entry for ${entryName(record)}`} onClose={onClose}>
      <form ref={form.formRef} className="stack" onSubmit={submit} noValidate>
        <div className="form-grid">
          <WhenFields
            value={draft.when}
            onChange={(when, field) => {
              setDraft((d) => ({ ...d, when }));
              form.clear(field);
            }}
            errors={form.errors}
          />
          <Field label="Amount (USD)" error={form.errors.cost} hint="Exact, e.g. 228.00">
            {(props) => (
              <input
                {...props}
                inputMode="decimal"
                autoComplete="off"
                value={draft.cost}
                onChange={(e) => set("cost", e.target.value)}
              />
            )}
          </Field>
          {text("Model (optional)", "model")}
          {text("Project (optional)", "project")}
          <Field label="Tokens (optional)" error={form.errors.tokens} hint="An estimate, if known">
            {(props) => (
              <input
                {...props}
                inputMode="numeric"
                value={draft.tokens}
                onChange={(e) => set("tokens", e.target.value)}
              />
            )}
          </Field>
          <div className="wide">{text("Note (optional)", "note")}</div>
        </div>
        <FormProblem action="save the entry" message={form.other} />
        <div className="row">
          <button type="submit" className="primary" disabled={mutation.isPending || unchanged}>
            {mutation.isPending ? "Saving…" : "Save changes"}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          {unchanged && <span className="muted">Nothing changed yet.</span>}
        </div>
      </form>
    </Dialog>
  );
}
