import type { ReconciliationView } from "./api.ts";
import { STATUS_BADGE, STATUS_EXPLANATIONS, STATUS_WORDS } from "./labels.ts";

/** A reconciliation's status in the history: Active, Stale, Replaced or Undone. */
export function StatusBadge({ status }: { status: ReconciliationView["status"] }) {
  return (
    <span className={`badge ${STATUS_BADGE[status]}`} title={STATUS_EXPLANATIONS[status]}>
      {STATUS_WORDS[status]}
    </span>
  );
}
