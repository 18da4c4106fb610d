import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { ApiError, api } from "../../api/client.ts";
import { Field } from "../../ui/Field.tsx";
import { formatMoney } from "../../ui/format.ts";
import type { CreditView } from "./queries.ts";

const FIELDS = ["amount", "date", "kind", "note"];

function sentence(message: string | undefined): string | undefined {
  return message && message.charAt(0).toUpperCase() + message.slice(1);
}

/** What the server said that no field of this form shows, in words. */
function otherProblem(error: unknown): string | null {
  if (!error) return null;
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const rest = error.details.filter((d) => !d.field || !FIELDS.includes(d.field));
  if (error.details.length > 0 && rest.length === 0) return null;
  return rest.length > 0 ? rest.map((d) => sentence(d.message)).join("; ") : error.message;
}

/** Records a credit purchase or top-up; the server checks the amount exactly (> 0, USD). */
export function TopUpForm({
  accountId,
  accountName,
  hasCredits,
}: {
  accountId: string;
  accountName: string;
  hasCredits: boolean;
}) {
  const queryClient = useQueryClient();
  const kindName = useId();
  const [amount, setAmount] = useState("");
  const [kind, setKind] = useState<"purchase" | "top_up">(hasCredits ? "top_up" : "purchase");
  const [date, setDate] = useState("");
  const [note, setNote] = useState("");
  const [missing, setMissing] = useState<string | undefined>();
  const [saved, setSaved] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: () =>
      api<CreditView>(`accounts/${encodeURIComponent(accountId)}/credits`, {
        method: "POST",
        body: {
          amount: amount.trim(),
          kind,
          ...(date.trim() ? { date: date.trim() } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
        },
      }),
    onSuccess: async (credit) => {
      setSaved(
        `Recorded a ${credit.kind === "top_up" ? "top-up" : "purchase"} of ${formatMoney(credit.amount)} for ${accountName}.`,
      );
      setAmount("");
      setDate("");
      setNote("");
      setKind("top_up");
      // The balance feeds the overview's warnings and reports too: refresh every cached read.
      await queryClient.invalidateQueries({
        predicate: (query) => query.queryKey[0] !== "session",
      });
    },
  });
  const serverError = mutation.error instanceof ApiError ? mutation.error : null;
  const at = (field: string) => sentence(serverError?.fieldMessage(field));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    if (amount.trim() === "") {
      mutation.reset();
      setMissing("Enter the amount bought in USD, such as 50.00");
      (event.currentTarget as HTMLFormElement).querySelector<HTMLInputElement>("input")?.focus();
      return;
    }
    setMissing(undefined);
    mutation.mutate();
  };
  const problem = otherProblem(mutation.error);
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <div className="form-grid">
        <Field label="Amount (USD)" error={missing ?? at("amount")} hint="Exact, e.g. 25.00">
          {(props) => (
            <input
              {...props}
              inputMode="decimal"
              autoComplete="off"
              value={amount}
              onChange={(e) => {
                setAmount(e.target.value);
                setMissing(undefined);
              }}
            />
          )}
        </Field>
        <Field label="Date (optional)" error={at("date")} hint="Empty: today (UTC)">
          {(props) => (
            <input {...props} type="date" value={date} onChange={(e) => setDate(e.target.value)} />
          )}
        </Field>
      </div>
      <fieldset className="choice" aria-describedby={at("kind") ? `${kindName}-error` : undefined}>
        <legend>Kind</legend>
        <label>
          <input
            type="radio"
            name={kindName}
            checked={kind === "top_up"}
            onChange={() => setKind("top_up")}
          />{" "}
          Top-up
        </label>
        <label>
          <input
            type="radio"
            name={kindName}
            checked={kind === "purchase"}
            onChange={() => setKind("purchase")}
          />{" "}
          Purchase
        </label>
        {at("kind") && (
          <small id={`${kindName}-error`} className="field-error" role="alert">
            {at("kind")}
          </small>
        )}
      </fieldset>
      <Field label="Note (optional)" error={at("note")}>
        {(props) => <input {...props} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      {problem && (
        <div className="notice notice-error" role="alert">
          <strong>Could not record the credit:</strong> {problem}
        </div>
      )}
      <div role="status" aria-live="polite">
        {saved && <div className="notice notice-ok">{saved}</div>}
      </div>
      <div className="row">
        <button type="submit" className="primary" disabled={mutation.isPending}>
          {mutation.isPending
            ? "Recording…"
            : kind === "top_up"
              ? "Record top-up"
              : "Record purchase"}
        </button>
      </div>
    </form>
  );
}
