import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import { Field } from "../../ui/Field.tsx";
import { formatMoney } from "../../ui/format.ts";
import { AccountSelect, accountName } from "./AccountSelect.tsx";
import { parseAmount, parseSeats, toDecimal } from "./amounts.ts";
import { FormProblem, FormSaved } from "./FormMessage.tsx";
import { currentMonth, monthWords } from "./months.ts";
import type { AccountView, ListedPrice, ManualRecordView } from "./queries.ts";
import { useRefreshAll } from "./queries.ts";
import { SeatCalculator } from "./SeatCalculator.tsx";
import { seatPricesOn } from "./seat-prices.ts";
import { useFormErrors } from "./useFormErrors.ts";
import { type When, WhenFields, whenInput } from "./WhenFields.tsx";

const FIELDS = [
  "account_id",
  "period",
  "date",
  "cost",
  "tokens",
  "model",
  "project",
  "note",
] as const;

type AmountMode = "seats" | "total";

/** A one-off Manual Entry: any account, a month or a day, an exact amount or seats × price. */
export function EntryForm({
  accounts,
  copilotPrices,
}: {
  accounts: readonly AccountView[];
  copilotPrices: readonly ListedPrice[];
}) {
  const refresh = useRefreshAll();
  const firstCopilot = accounts.find((a) => a.provider === "github_copilot");
  const [accountId, setAccountId] = useState(firstCopilot?.id ?? accounts[0]?.id ?? "");
  const [when, setWhen] = useState<When>({ mode: "month", period: currentMonth(), date: "" });
  const [mode, setMode] = useState<AmountMode>(firstCopilot ? "seats" : "total");
  const [cost, setCost] = useState("");
  const [seats, setSeats] = useState("");
  const [price, setPrice] = useState("");
  const [model, setModel] = useState("");
  const [project, setProject] = useState("");
  const [tokens, setTokens] = useState("");
  const [note, setNote] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const form = useFormErrors(FIELDS);

  const account = accounts.find((a) => a.id === accountId);
  const day = when.mode === "month" ? `${when.period || currentMonth()}-01` : when.date;
  const catalog =
    account?.provider === "github_copilot" ? seatPricesOn(copilotPrices, day || "9999-12-31") : [];

  const mutation = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<ManualRecordView>("usage/manual", { method: "POST", body }),
    onSuccess: async (record) => {
      form.reset();
      setSaved(
        `Added a Manual Entry of ${formatMoney(record.total_cost ?? "0")} for ${
          record.bucket === "month" ? monthWords(record.date.slice(0, 7)) : record.date
        } on ${accountName(accounts, record.account_id)}.`,
      );
      setCost("");
      setSeats("");
      setNote("");
      setTokens("");
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
    if (accountId === "") found.account_id = "Choose the account the cost belongs to";
    const at = whenInput(when);
    if (!at.ok) found[at.field] = at.message;
    let amount: string | null = null;
    let seatNote: string | null = null;
    if (mode === "total") {
      // Only "is it there": the server checks the amount exactly and says what is wrong.
      if (cost.trim() === "") found.cost = "Enter an amount in USD, such as 228.00";
      else amount = cost.trim();
    } else {
      const count = parseSeats(seats);
      const each = parseAmount(price);
      if (!count.ok) found.seats = count.message;
      if (!each.ok) found.price = each.message;
      if (count.ok && each.ok) {
        amount = toDecimal(count.value * each.value);
        seatNote = `${count.value} ${count.value === 1n ? "seat" : "seats"} × ${toDecimal(each.value)} USD per seat`;
      }
    }
    if (form.check(found) || !at.ok || amount === null) return;
    const text = (value: string) => (value.trim() === "" ? undefined : value.trim());
    mutation.mutate({
      account_id: accountId,
      ...at.body,
      cost: amount,
      model: text(model),
      project: text(project),
      tokens: text(tokens),
      note: text(note) ?? seatNote ?? undefined,
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
        <WhenFields
          value={when}
          onChange={(next, field) => {
            setWhen(next);
            edit(field);
          }}
          errors={errors}
        />
      </div>

      <fieldset className="choice">
        <legend>Amount</legend>
        <label>
          <input
            type="radio"
            name="entry-amount-mode"
            checked={mode === "seats"}
            onChange={() => setMode("seats")}
          />{" "}
          Seats × price per seat
        </label>
        <label>
          <input
            type="radio"
            name="entry-amount-mode"
            checked={mode === "total"}
            onChange={() => setMode("total")}
          />{" "}
          A total amount
        </label>
      </fieldset>
      <div className="form-grid">
        {mode === "seats" ? (
          <SeatCalculator
            seats={seats}
            price={price}
            onSeats={(value) => {
              setSeats(value);
              edit("seats");
            }}
            onPrice={(value, plan) => {
              setPrice(value);
              if (plan && model.trim() === "") setModel(plan.model);
              edit("price");
              edit("cost");
            }}
            catalog={catalog}
            errors={{ seats: errors.seats, price: errors.price ?? errors.cost }}
          />
        ) : (
          <Field label="Amount (USD)" error={errors.cost} hint="Exact, e.g. 228.00">
            {(props) => (
              <input
                {...props}
                inputMode="decimal"
                autoComplete="off"
                value={cost}
                onChange={(e) => {
                  setCost(e.target.value);
                  edit("cost");
                }}
              />
            )}
          </Field>
        )}
      </div>

      <div className="form-grid">
        <Field label="Model (optional)" error={errors.model} hint="e.g. copilot-business">
          {(props) => (
            <input
              {...props}
              value={model}
              onChange={(e) => {
                setModel(e.target.value);
                edit("model");
              }}
            />
          )}
        </Field>
        <Field label="Project (optional)" error={errors.project}>
          {(props) => (
            <input
              {...props}
              value={project}
              onChange={(e) => {
                setProject(e.target.value);
                edit("project");
              }}
            />
          )}
        </Field>
        <Field label="Tokens (optional)" error={errors.tokens} hint="An estimate, if known">
          {(props) => (
            <input
              {...props}
              inputMode="numeric"
              value={tokens}
              onChange={(e) => {
                setTokens(e.target.value);
                edit("tokens");
              }}
            />
          )}
        </Field>
        <Field
          label="Note (optional)"
          error={errors.note}
          hint={
            mode === "seats"
              ? "Left empty, it records the seats and price"
              : "Up to 1,000 characters"
          }
        >
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

      <FormProblem action="add the entry" message={form.other} />
      <FormSaved message={saved} />
      <div className="row">
        <button type="submit" className="primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Adding…" : "Add entry"}
        </button>
      </div>
    </form>
  );
}
