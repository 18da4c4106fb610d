import { useState } from "react";
import { Empty, ErrorMessage, Loading } from "../../ui/states.tsx";
import { ChangePlanDialog } from "./ChangePlanDialog.tsx";
import { PlanHistoryDialog } from "./HistoryDialog.tsx";
import { type PlanAction, PlansTable } from "./PlansTable.tsx";
import { spanWords } from "./plan-words.ts";
import type { AccountView, RecurringPlanView } from "./queries.ts";
import { StopPlanDialog } from "./StopPlanDialog.tsx";

/** The seat plans list, with the dialogs that change, stop and explain them. */
export function PlansSection({
  accounts,
  plans,
}: {
  accounts: readonly AccountView[];
  plans: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    data: RecurringPlanView[] | undefined;
  };
}) {
  const [open, setOpen] = useState<{ action: PlanAction; plan: RecurringPlanView } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const close = () => setOpen(null);
  return (
    <section className="panel" id="seat-plans" aria-labelledby="seat-plans-title" tabIndex={-1}>
      <h2 id="seat-plans-title">Seat plans</h2>
      <div role="status" aria-live="polite">
        {done && <div className="notice notice-ok">{done}</div>}
      </div>
      {plans.isPending ? (
        <Loading what="seat plans" />
      ) : plans.isError ? (
        <ErrorMessage error={plans.error} action="load the seat plans" />
      ) : !plans.data || plans.data.length === 0 ? (
        <Empty>
          No seat plans yet. A seat plan records seats × price per seat every month until it is
          stopped — add one above.
        </Empty>
      ) : (
        <PlansTable
          plans={plans.data}
          accounts={accounts}
          onAction={(action, plan) => {
            setDone(null);
            setOpen({ action, plan });
          }}
        />
      )}
      {open?.action === "change" && (
        <ChangePlanDialog plan={open.plan} onClose={close} onChanged={setDone} />
      )}
      {open?.action === "stop" && (
        <StopPlanDialog plan={open.plan} onClose={close} onStopped={setDone} />
      )}
      {open?.action === "history" && (
        <PlanHistoryDialog
          id={open.plan.id}
          title={`History of ${open.plan.label} (${spanWords(open.plan)})`}
          onClose={close}
        />
      )}
    </section>
  );
}
