import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError } from "../../api/client.ts";
import { Field } from "../../ui/Field.tsx";
import { Money } from "../../ui/Money.tsx";
import { ErrorMessage } from "../../ui/states.tsx";
import { amountProblem } from "./amount.ts";
import {
  confirmReconciliation,
  RECONCILIATION_KEY,
  type ReconciliationView,
  usePreview,
} from "./api.ts";
import { Difference } from "./Difference.tsx";
import { useDebounced } from "./useDebounced.ts";

/**
 * The billed amount for a month (or one key's share of it): typed as a decimal string and sent
 * as typed, previewed by the server's dry run while typing, then confirmed.
 */
export function BilledForm({
  accountId,
  period,
  suffix,
  label,
  initialAmount = "",
  initialNote = "",
  withNote = true,
  confirmLabel = "Confirm reconciliation",
  onConfirmed,
  onCancel,
}: {
  accountId: string;
  period: string;
  suffix: string | null;
  label: string;
  initialAmount?: string;
  initialNote?: string;
  withNote?: boolean;
  confirmLabel?: string;
  onConfirmed: (view: ReconciliationView) => void;
  onCancel?: () => void;
}) {
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState(initialAmount);
  const [note, setNote] = useState(initialNote);
  const typed = amount.trim();
  const settled = useDebounced(typed);
  const localProblem = amountProblem(settled);
  const preview = usePreview(
    settled === "" || localProblem
      ? null
      : { account_id: accountId, period, amount: settled, api_key_suffix: suffix },
  );
  const confirm = useMutation({
    mutationFn: () =>
      confirmReconciliation({
        account_id: accountId,
        period,
        amount: typed,
        api_key_suffix: suffix,
        note: withNote ? note : null,
      }),
    onSuccess: async (view) => {
      await queryClient.invalidateQueries({ queryKey: RECONCILIATION_KEY });
      onConfirmed(view);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typed !== "") confirm.mutate();
  };

  const confirmError = confirm.error instanceof ApiError ? confirm.error : null;
  const previewError = preview.error instanceof ApiError ? preview.error : null;
  const amountMessage =
    confirmError?.fieldMessage("amount") ??
    (settled === typed ? (localProblem ?? previewError?.fieldMessage("amount")) : undefined);
  const noteMessage = confirmError?.fieldMessage("note");
  const otherError =
    confirm.error && !confirmError?.fieldMessage("amount") && !noteMessage ? confirm.error : null;
  const previewOtherError =
    preview.error && !previewError?.fieldMessage("amount") ? preview.error : null;
  const current = settled === typed && !preview.isFetching;
  const shown = typed !== "" && !localProblem && !preview.isError ? preview.data : undefined;

  return (
    <form className="rec-form" onSubmit={submit} noValidate>
      <div className="rec-form-fields">
        <Field
          label={label}
          error={amountMessage ? `The amount ${amountMessage}.` : undefined}
          hint="US dollars, as on the invoice, e.g. 21.50"
        >
          {(props) => (
            <input
              {...props}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              spellCheck={false}
              value={amount}
              onChange={(e) => {
                setAmount(e.target.value);
                confirm.reset();
              }}
            />
          )}
        </Field>
        {withNote && (
          <Field
            label="Note (optional)"
            error={noteMessage ? `The note ${noteMessage}.` : undefined}
            hint="Where the figure came from, e.g. invoice INV-42"
          >
            {(props) => (
              <input
                {...props}
                type="text"
                maxLength={500}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
            )}
          </Field>
        )}
      </div>
      <output className="rec-preview" aria-live="polite" aria-busy={!current}>
        {typed === "" ? (
          <span className="muted">Enter the billed amount to see the difference.</span>
        ) : shown ? (
          <span className={current ? "" : "rec-updating"}>
            Billed <Money amount={shown.amount} /> against an estimate of{" "}
            <Money amount={shown.estimated_total} />:{" "}
            <Difference delta={shown.delta} estimate={shown.estimated_total} />
          </span>
        ) : amountMessage ? null : preview.isFetching || settled !== typed ? (
          <span className="muted">Working out the difference…</span>
        ) : null}
      </output>
      {previewOtherError && <ErrorMessage error={previewOtherError} action="preview" />}
      {otherError && <ErrorMessage error={otherError} action="confirm the reconciliation" />}
      <div className="row">
        <button
          type="submit"
          className="primary"
          disabled={
            typed === "" ||
            confirm.isPending ||
            Boolean(amountMessage) ||
            Boolean(amountProblem(typed))
          }
        >
          {confirm.isPending ? "Confirming…" : confirmLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
