import { DateTime } from "../../ui/DateTime.tsx";
import { Money } from "../../ui/Money.tsx";
import type { ReconciliationView } from "./api.ts";
import { Difference } from "./Difference.tsx";

/** In words: usage arrived after the reconciliation, so its difference changed; act on it. */
export function StaleWarning({
  reconciliation,
  onReconcile,
  subject = "this month",
}: {
  reconciliation: ReconciliationView;
  onReconcile: () => void;
  subject?: string;
}) {
  return (
    <div className="notice notice-warn rec-stale">
      <p>
        <strong>New usage arrived after this reconciliation.</strong> When it was confirmed
        {reconciliation.created_at && (
          <>
            {" "}
            (<DateTime iso={reconciliation.created_at} />)
          </>
        )}{" "}
        the estimate for {subject} was{" "}
        <Money amount={reconciliation.estimated_at_confirmation ?? "0"} />; it is now{" "}
        <Money amount={reconciliation.estimated_total} />. The billed{" "}
        <Money amount={reconciliation.amount} /> is now{" "}
        <Difference delta={reconciliation.delta} estimate={reconciliation.estimated_total} />. The
        total stays at the billed amount until you reconcile again.
      </p>
      <button type="button" onClick={onReconcile}>
        Re-reconcile
      </button>
    </div>
  );
}
