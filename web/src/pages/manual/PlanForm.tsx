import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import { Field } from "../../ui/Field.tsx";
import { formatMoney } from "../../ui/format.ts";
import { Money } from "../../ui/Money.tsx";
import { AccountSelect } from "./AccountSelect.tsx";
import { FormProblem, FormSaved } from "./FormMessage.tsx";
import { currentMonth } from "./months.ts";
import {
  type AccountView,
  type ListedPrice,
  type RecurringPlanView,
  useRefreshAll,
} from "./queries.ts";
import { SeatTotal } from "./SeatCalculator.tsx";
import { type SeatPlanName, seatPricesOn } from "./seat-prices.ts";
import { useFormErrors } from "./useFormErrors.ts";

const FIELDS = [
  "account_id",
  "seats",
  "unit_price",
  "plan",
  "label",
  "start_month",
  "end_month",
  "model",
  "note",
] as const;

type PriceSource = SeatPlanName | "custom";

/**
 * A recurring seat plan: seats × a price per seat, recorded as one Manual Entry per month from
 * the start month until it is stopped. Copilot plans take their price from the catalog.
 */
export function PlanForm({
  accounts,
  copilotPrices,
}: {
  accounts: readonly AccountView[];
  copilotPrices: readonly ListedPrice[];
}) {
  const refresh = useRefreshAll();
  const firstCopilot = accounts.find((a) => a.provider === "github_copilot");
  const [accountId, setAccountId] = useState(firstCopilot?.id ?? accounts[0]?.id ?? "");
  const [source, setSource] = useState<PriceSource>(firstCopilot ? "copilot_business" : "custom");
  const [seats, setSeats] = useState("");
  const [price, setPrice] = useState("");
  const [start, setStart] = useState(currentMonth());
  const [end, setEnd] = useState("");
  const [label, setLabel] = useState("");
  const [note, setNote] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const form = useFormErrors(FIELDS);

  const isCopilot = accounts.find((a) => a.id === accountId)?.provider === "github_copilot";
  const catalog = seatPricesOn(copilotPrices, `${start || currentMonth()}-01`);
  const namedPlan = isCopilot && source !== "custom";
  const named = namedPlan ? catalog.find((p) => p.plan === source) : undefined;
  const unitPrice = namedPlan ? (named?.price ?? "") : price;

  const mutation = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<RecurringPlanView>("recurring", { method: "POST", body }),
    onSuccess: async (plan) => {
      form.reset();
      const months = plan.recorded_months;
      setSaved(
        `Added the seat plan “${plan.label}”: ${plan.seats} × ${formatMoney(plan.unit_price)} = ${formatMoney(plan.monthly_cost)} a month. ${
          months === 0
            ? "Its first month is recorded when it comes."
            : `${months} ${months === 1 ? "month" : "months"} recorded so far (${formatMoney(plan.recorded_cost)}).`
        }`,
      );
      setSeats("");
      setEnd("");
      setLabel("");
      setNote("");
      await refresh();
    },
    onError: (error) => form.fromServer(error),
  });

  const edit = (field: string) => {
    form.clear(field);
    setSaved(null);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (accountId === "") found.account_id = "Choose the account the seats are billed to";
    if (seats.trim() === "") found.seats = "Enter the number of seats";
    if (start.trim() === "") found.start_month = "Choose the first month to record";
    const custom = !namedPlan;
    if (custom && price.trim() === "")
      found.unit_price = "Enter the price per seat in USD, such as 19.00";
    if (form.check(found)) return;
    const text = (value: string) => (value.trim() === "" ? undefined : value.trim());
    mutation.mutate({
      account_id: accountId,
      seats: seats.trim(),
      ...(custom ? { unit_price: price.trim() } : { plan: source }),
      start_month: start.trim(),
      end_month: text(end),
      label: text(label),
      note: text(note),
    });
  };

  const errors = form.errors;
  return (
    <form ref={form.formRef} className="stack manual-form" onSubmit={submit} noValidate>
      <div className="form-grid">
        <AccountSelect
          label="Account"
          accounts={accounts}
          value={accountId}
          onChange={(id) => {
            setAccountId(id);
            edit("account_id");
          }}
          error={errors.account_id}
        />
        {isCopilot && (
          <Field label="Seat plan" error={errors.plan}>
            {(props) => (
              <select
                {...props}
                value={source}
                onChange={(e) => {
                  setSource(e.target.value as PriceSource);
                  edit("plan");
                  edit("unit_price");
                }}
              >
                <option value="copilot_business">Copilot Business (catalog price)</option>
                <option value="copilot_enterprise">Copilot Enterprise (catalog price)</option>
                <option value="custom">Another price per seat</option>
              </select>
            )}
          </Field>
        )}
        <Field label="Seats" error={errors.seats}>
          {(props) => (
            <input
              {...props}
              inputMode="numeric"
              autoComplete="off"
              value={seats}
              onChange={(e) => {
                setSeats(e.target.value);
                edit("seats");
              }}
            />
          )}
        </Field>
        {namedPlan ? (
          <div className="field">
            <span className="field-label">Price per seat</span>
            <span className="catalog-price">
              {named ? (
                <>
                  <Money amount={named.price} /> a month
                </>
              ) : (
                "The catalog's price a month"
              )}
            </span>
            <small className="hint">From the price catalog, as of the start month</small>
          </div>
        ) : (
          <Field label="Price per seat (USD)" error={errors.unit_price} hint="A month, e.g. 19.00">
            {(props) => (
              <input
                {...props}
                inputMode="decimal"
                autoComplete="off"
                value={price}
                onChange={(e) => {
                  setPrice(e.target.value);
                  edit("unit_price");
                }}
              />
            )}
          </Field>
        )}
        <Field label="First month" error={errors.start_month} hint="UTC calendar month">
          {(props) => (
            <input
              {...props}
              type="month"
              placeholder="YYYY-MM"
              value={start}
              onChange={(e) => {
                setStart(e.target.value);
                edit("start_month");
              }}
            />
          )}
        </Field>
        <Field label="Last month (optional)" error={errors.end_month} hint="Empty: until stopped">
          {(props) => (
            <input
              {...props}
              type="month"
              placeholder="YYYY-MM"
              value={end}
              onChange={(e) => {
                setEnd(e.target.value);
                edit("end_month");
              }}
            />
          )}
        </Field>
        <Field
          label="Label (optional)"
          error={errors.label}
          hint={
            named
              ? `Default: GitHub ${named.label}`
              : namedPlan
                ? "Default: the plan's name"
                : "Default: Seat plan"
          }
        >
          {(props) => (
            <input
              {...props}
              value={label}
              onChange={(e) => {
                setLabel(e.target.value);
                edit("label");
              }}
            />
          )}
        </Field>
        <Field label="Note (optional)" error={errors.note}>
          {(props) => (
            <input
              {...props}
              value={note}
              onChange={(e) => {
                setNote(e.target.value);
                edit("note");
              }}
            />
          )}
        </Field>
      </div>
      <SeatTotal seats={seats} price={unitPrice} unit=" a month" />
      <FormProblem action="add the seat plan" message={form.other} />
      <FormSaved message={saved} />
      <div className="row">
        <button type="submit" className="primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Adding…" : "Add seat plan"}
        </button>
      </div>
    </form>
  );
}
