import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import { Field } from "../../ui/Field.tsx";
import { formatMoney } from "../../ui/format.ts";
import { Dialog } from "./Dialog.tsx";
import { FormProblem } from "./FormMessage.tsx";
import { currentMonth, monthWords, previousMonth } from "./months.ts";
import { type RecurringPlanView, useRefreshAll } from "./queries.ts";
import { SeatTotal } from "./SeatCalculator.tsx";
import { useFormErrors } from "./useFormErrors.ts";

const FIELDS = ["from_month", "seats", "unit_price", "label", "note"] as const;

/** The first month a change can apply to by default: this month, kept within the plan. */
function defaultFrom(plan: RecurringPlanView): string {
  const now = currentMonth();
  if (now < plan.start_month) return plan.start_month;
  if (plan.end_month !== null && now > plan.end_month) return plan.end_month;
  return now;
}

/**
 * Seats or price from a month on. The server ends this plan the month before and starts a new
 * one, so earlier months keep the price they were recorded with.
 */
export function ChangePlanDialog({
  plan,
  onClose,
  onChanged,
}: {
  plan: RecurringPlanView;
  onClose: () => void;
  onChanged: (message: string) => void;
}) {
  const refresh = useRefreshAll();
  const [from, setFrom] = useState(() => defaultFrom(plan));
  const [seats, setSeats] = useState(String(plan.seats));
  const [price, setPrice] = useState(plan.unit_price);
  const [label, setLabel] = useState(plan.label);
  const [note, setNote] = useState(plan.note ?? "");
  const form = useFormErrors(FIELDS);

  const body: Record<string, unknown> = {};
  if (seats.trim() !== String(plan.seats)) body.seats = seats.trim();
  if (price.trim() !== plan.unit_price) body.unit_price = price.trim();
  if (label.trim() !== plan.label) body.label = label.trim();
  if (note.trim() !== (plan.note ?? "")) body.note = note.trim() || null;
  const unchanged = Object.keys(body).length === 0;

  const mutation = useMutation({
    mutationFn: () =>
      api<{ previous: RecurringPlanView; plan: RecurringPlanView }>(
        `recurring/${encodeURIComponent(plan.id)}`,
        { method: "PATCH", body: { ...body, from_month: from.trim() } },
      ),
    onSuccess: async ({ plan: next }) => {
      onChanged(
        `Changed “${next.label}” from ${monthWords(next.start_month)}: ${next.seats} × ${formatMoney(next.unit_price)} = ${formatMoney(next.monthly_cost)} a month. Earlier months keep their price.`,
      );
      onClose();
      await refresh();
    },
    onError: (error) => form.fromServer(error),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (from.trim() === "") found.from_month = "Choose the first month with the change";
    if (seats.trim() === "") found.seats = "Enter the number of seats";
    if (price.trim() === "") found.unit_price = "Enter the price per seat in USD, such as 19.00";
    if (form.check(found)) return;
    mutation.mutate();
  };

  return (
    <Dialog title={`Change ${plan.label}`} onClose={onClose}>
      <form ref={form.formRef} className="stack" onSubmit={submit} noValidate>
        <p className="muted">
          Now {plan.seats} × <span>{formatMoney(plan.unit_price)}</span> ={" "}
          {formatMoney(plan.monthly_cost)} a month.{" "}
          {from && from > plan.start_month
            ? `Months through ${monthWords(previousMonth(from))} keep this price.`
            : "The change applies from the plan's first month."}
        </p>
        <div className="form-grid">
          <Field
            label="From month"
            error={form.errors.from_month}
            hint="First month with the change"
          >
            {(props) => (
              <input
                {...props}
                type="month"
                placeholder="YYYY-MM"
                value={from}
                min={plan.start_month}
                {...(plan.end_month ? { max: plan.end_month } : {})}
                onChange={(e) => {
                  setFrom(e.target.value);
                  form.clear("from_month");
                }}
              />
            )}
          </Field>
          <Field label="Seats" error={form.errors.seats}>
            {(props) => (
              <input
                {...props}
                inputMode="numeric"
                autoComplete="off"
                value={seats}
                onChange={(e) => {
                  setSeats(e.target.value);
                  form.clear("seats");
                }}
              />
            )}
          </Field>
          <Field label="Price per seat (USD)" error={form.errors.unit_price ?? form.errors.plan}>
            {(props) => (
              <input
                {...props}
                inputMode="decimal"
                autoComplete="off"
                value={price}
                onChange={(e) => {
                  setPrice(e.target.value);
                  form.clear("unit_price");
                }}
              />
            )}
          </Field>
          <Field label="Label" error={form.errors.label}>
            {(props) => (
              <input
                {...props}
                value={label}
                onChange={(e) => {
                  setLabel(e.target.value);
                  form.clear("label");
                }}
              />
            )}
          </Field>
          <Field label="Note (optional)" error={form.errors.note}>
            {(props) => (
              <input
                {...props}
                value={note}
                onChange={(e) => {
                  setNote(e.target.value);
                  form.clear("note");
                }}
              />
            )}
          </Field>
        </div>
        <SeatTotal seats={seats} price={price} unit=" a month" />
        <FormProblem action="change the plan" message={form.other} />
        <div className="row">
          <button type="submit" className="primary" disabled={mutation.isPending || unchanged}>
            {mutation.isPending ? "Saving…" : "Save change"}
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
