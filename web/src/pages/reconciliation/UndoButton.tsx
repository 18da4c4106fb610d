import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Money } from "../../ui/Money.tsx";
import { ErrorMessage } from "../../ui/states.tsx";
import { RECONCILIATION_KEY, type ReconciliationView, undoReconciliation } from "./api.ts";

/**
 * Undo with a confirmation step in the page (not a browser dialog): says what will happen,
 * then asks again. Undoing puts the estimates back in the month's total; the history keeps it.
 */
export function UndoButton({
  reconciliation,
  what,
  onUndone,
}: {
  reconciliation: ReconciliationView;
  /** What is reconciled, for the question: "November 2025 of Groq · fast". */
  what: string;
  onUndone?: (view: ReconciliationView) => void;
}) {
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const keepRef = useRef<HTMLButtonElement>(null);
  const undo = useMutation({
    mutationFn: () => undoReconciliation(reconciliation.id ?? ""),
    onSuccess: async (view) => {
      await queryClient.invalidateQueries({ queryKey: RECONCILIATION_KEY });
      setAsking(false);
      onUndone?.(view);
    },
  });
  useEffect(() => {
    if (asking) keepRef.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <button type="button" className="danger" onClick={() => setAsking(true)}>
        Undo reconciliation
      </button>
    );
  }
  return (
    <fieldset className="rec-undo">
      <legend>Undo this reconciliation?</legend>
      <p>
        Undoing the reconciliation of {what} puts the estimates back: the total goes back to the
        estimate of <Money amount={reconciliation.estimated_total} /> instead of the billed{" "}
        <Money amount={reconciliation.amount} />. It stays in the history.
      </p>
      {undo.error && <ErrorMessage error={undo.error} action="undo" />}
      <div className="row">
        <button
          type="button"
          className="danger"
          onClick={() => undo.mutate()}
          disabled={undo.isPending}
        >
          {undo.isPending ? "Undoing…" : "Yes, undo it"}
        </button>
        <button
          ref={keepRef}
          type="button"
          onClick={() => {
            setAsking(false);
            undo.reset();
          }}
          disabled={undo.isPending}
        >
          Keep it
        </button>
      </div>
    </fieldset>
  );
}
