import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import { Field } from "../../ui/Field.tsx";
import { Dialog } from "./Dialog.tsx";
import { FormProblem } from "./FormMessage.tsx";
import { currentMonth, monthWords, previousMonth } from "./months.ts";
import { type RecurringPlanView, useRefreshAll } from "./queries.ts";
import { useFormErrors } from "./useFormErrors.ts";

/** Stops a plan after a month; months recorded after it leave the totals (audited). */
export function StopPlanDialog({
  plan,
  onClose,
  onStopped,
}: {
  plan: RecurringPlanView;
  onClose: () => void;
  onStopped: (message: string) => void;
}) {
  const refresh = useRefreshAll();
  const beforeStart = previousMonth(plan.start_month);
  const [end, setEnd] = useState(() =>
    plan.status === "scheduled" ? beforeStart : currentMonth(),
  );
  const form = useFormErrors(["end_month"]);
  const mutation = useMutation({
    mutationFn: () =>
      api<RecurringPlanView>(`recurring/${encodeURIComponent(plan.id)}/stop`, {
        method: "POST",
        body: { end_month: end.trim() },
      }),
    onSuccess: async (stopped) => {
      onStopped(
        stopped.status === "cancelled"
          ? `Cancelled “${stopped.label}”: nothing is recorded for it.`
          : `Stopped “${stopped.label}” after ${monthWords(stopped.end_month)}.`,
      );
      onClose();
      await refresh();
    },
    onError: (error) => form.fromServer(error),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.check(end.trim() === "" ? { end_month: "Choose the last month to record" } : {}))
      return;
    mutation.mutate();
  };
  return (
    <Dialog title={`Stop ${plan.label}`} onClose={onClose}>
      <form ref={form.formRef} className="stack" onSubmit={submit} noValidate>
        <p>
          {plan.seats} seats from {monthWords(plan.start_month)}. Months after the last month leave
          the totals; the history keeps them.
        </p>
        <Field
          label="Last month recorded"
          error={form.errors.end_month}
          hint={`${monthWords(beforeStart)}, the month before the start, cancels the plan`}
        >
          {(props) => (
            <input
              {...props}
              type="month"
              placeholder="YYYY-MM"
              value={end}
              min={beforeStart}
              onChange={(e) => {
                setEnd(e.target.value);
                form.clear("end_month");
              }}
            />
          )}
        </Field>
        <FormProblem action="stop the plan" message={form.other} />
        <div className="row">
          <button type="submit" className="danger" disabled={mutation.isPending}>
            {mutation.isPending ? "Stopping…" : "Stop plan"}
          </button>
          <button type="button" onClick={onClose}>
            Keep it running
          </button>
        </div>
      </form>
    </Dialog>
  );
}
