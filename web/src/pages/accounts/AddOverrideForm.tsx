/** Adds a discount or per-model prices to an account; the server's messages sit at the fields. */
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import { Field } from "../../ui/Field.tsx";
import { optionalText } from "./AddAccountForm.tsx";
import { todayUtc } from "./dates.ts";
import { FormProblem } from "./FormProblem.tsx";
import { overrideTitle, PRICE_PARTS } from "./overrideWords.ts";
import { accountPath } from "./queries.ts";
import type { PriceOverrideWire } from "./types.ts";
import { fieldError, useAction } from "./useAction.ts";

type Kind = PriceOverrideWire["kind"];

function bodyOf(kind: Kind, data: FormData): Record<string, unknown> {
  const text = (name: string) => String(data.get(name) ?? "").trim();
  const dates = {
    effective_from: text("effective_from"),
    effective_to: optionalText(data, "effective_to") ?? null,
    note: optionalText(data, "note") ?? null,
  };
  if (kind === "discount") {
    return { kind, percent: text("percent"), model: optionalText(data, "model") ?? null, ...dates };
  }
  const prices: Record<string, string> = { input: text("input"), output: text("output") };
  for (const [key] of PRICE_PARTS.slice(2)) {
    const value = optionalText(data, key);
    if (value !== undefined) prices[key] = value;
  }
  return { kind, model: text("model"), prices, ...dates };
}

export function AddOverrideForm({ accountId }: { accountId: string }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>("discount");
  const [added, setAdded] = useState<PriceOverrideWire | null>(null);
  const { pending, error, run, clear } = useAction();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setAdded(null);
    const created = await run(() =>
      api<PriceOverrideWire>(accountPath(accountId, "/prices"), {
        method: "POST",
        body: bodyOf(kind, new FormData(form)),
      }),
    );
    if (!created) return;
    form.reset();
    setAdded(created);
    await queryClient.invalidateQueries();
  }

  return (
    <form
      className="stack add-override"
      onSubmit={submit}
      aria-label="Add a price override"
      noValidate
    >
      <h3>Add an override</h3>
      {added && (
        <p className="notice notice-ok" role="status">
          Added “{overrideTitle(added)}”.
        </p>
      )}
      <FormProblem error={error} action="add the override" />
      <div className="form-grid">
        <Field label="Kind" error={fieldError(error, "kind")}>
          {(props) => (
            <select
              {...props}
              value={kind}
              onChange={(event) => {
                setKind(event.target.value as Kind);
                clear();
              }}
            >
              <option value="discount">A discount (percent off)</option>
              <option value="model_prices">Prices for one model</option>
            </select>
          )}
        </Field>
        {kind === "discount" ? (
          <>
            <Field
              label="Discount (%)"
              error={fieldError(error, "percent")}
              hint="e.g. 15 for 15% off"
            >
              {(props) => (
                <input {...props} name="percent" inputMode="decimal" autoComplete="off" />
              )}
            </Field>
            <Field
              label="Model (optional)"
              error={fieldError(error, "model")}
              hint="Leave empty for every model"
            >
              {(props) => <input {...props} name="model" autoComplete="off" />}
            </Field>
          </>
        ) : (
          <>
            <Field label="Model" error={fieldError(error, "model")} hint="e.g. claude-sonnet-4-5">
              {(props) => <input {...props} name="model" autoComplete="off" />}
            </Field>
            {PRICE_PARTS.map(([key, label], index) => (
              <Field
                key={key}
                label={`${label} $ per million tokens${index < 2 ? "" : " (optional)"}`}
                error={fieldError(error, key)}
              >
                {(props) => <input {...props} name={key} inputMode="decimal" autoComplete="off" />}
              </Field>
            ))}
          </>
        )}
        <Field
          label="From"
          error={fieldError(error, "effective_from")}
          hint="First day it applies (UTC)"
        >
          {(props) => (
            <input
              {...props}
              name="effective_from"
              type="date"
              defaultValue={todayUtc()}
              required
            />
          )}
        </Field>
        <Field
          label="Ends on (optional)"
          error={fieldError(error, "effective_to")}
          hint="The first day it no longer applies; empty for no end"
        >
          {(props) => <input {...props} name="effective_to" type="date" />}
        </Field>
        <Field label="Note (optional)" error={fieldError(error, "note")}>
          {(props) => <input {...props} name="note" maxLength={500} autoComplete="off" />}
        </Field>
      </div>
      <div className="row">
        <button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add override"}
        </button>
      </div>
    </form>
  );
}
