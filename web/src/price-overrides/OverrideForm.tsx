/**
 * Adds a price override: a discount or a model's own prices, with effective dates and a note.
 * For one account (`accountId`, no account field) or with a choice of `accounts`; either way
 * it can start from a prefilled `draft`. The server's messages sit at their fields.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { ApiError } from "../api/client.ts";
import { Field } from "../ui/Field.tsx";
import { providerName } from "../ui/providers.ts";
import { ErrorMessage } from "../ui/states.tsx";
import { addOverride, invalidateOverrides } from "./api.ts";
import { overrideBody } from "./body.ts";
import {
  newOverrideDraft,
  type OverrideDraft,
  type OverrideKind,
  type OverrideValues,
  PRICE_PARTS,
  valuesFrom,
} from "./draft.ts";
import { PriceFields } from "./PriceFields.tsx";
import type { AccountView, PriceOverrideWire } from "./types.ts";
import "./price-overrides.css";

type Accounts =
  | { accountId: string; accounts?: never }
  | { accounts: AccountView[]; accountId?: never };

export type OverrideFormProps = Accounts & {
  draft?: OverrideDraft;
  onAdded: (override: PriceOverrideWire) => void;
  /** Given, the form shows Cancel (a form opened on demand). */
  onCancel?: () => void;
  /** Scroll to the form and move focus to its heading when it opens. */
  focusOnMount?: boolean;
};

/** The server fields this form shows a message beside, for an override of `kind`. */
function shownFields(kind: OverrideKind): string[] {
  const own = kind === "discount" ? ["percent"] : PRICE_PARTS.map((p) => `prices.${p.key}`);
  return ["kind", "model", "effective_from", "effective_to", "note", ...own];
}

export function OverrideForm(props: OverrideFormProps) {
  const { onAdded, onCancel, focusOnMount = false } = props;
  const queryClient = useQueryClient();
  const [start] = useState(() => props.draft ?? newOverrideDraft());
  const fixedAccount = props.accountId;
  const [values, setValues] = useState<OverrideValues>(() =>
    valuesFrom({ ...start, account_id: fixedAccount ?? start.account_id }),
  );
  const [noAccount, setNoAccount] = useState(false);
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!focusOnMount) return;
    heading.current?.scrollIntoView({ block: "nearest" });
    heading.current?.focus({ preventScroll: true });
  }, [focusOnMount]);

  const mutation = useMutation({
    mutationFn: (sent: OverrideValues) => addOverride(sent.account_id, overrideBody(sent)),
    onSuccess: async (override) => {
      await invalidateOverrides(queryClient);
      // Ready for the next one: same account and kind, empty amounts.
      setValues((v) => ({ ...valuesFrom(start), account_id: v.account_id, kind: v.kind }));
      onAdded(override);
    },
  });
  const error = mutation.error instanceof ApiError ? mutation.error : null;
  const fieldError = (field: string) => error?.fieldMessage(field);
  const set = <K extends keyof OverrideValues>(key: K, value: OverrideValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNoAccount(values.account_id === "");
    if (values.account_id === "") mutation.reset();
    else mutation.mutate(values);
  };
  const discount = values.kind === "discount";
  // An unknown account (404) is said at the account field when there is one.
  const accountMissing = !fixedAccount && error?.status === 404;
  const allAtFields =
    error !== null &&
    error.details.length > 0 &&
    error.details.every((d) => d.field !== undefined && shownFields(values.kind).includes(d.field));

  return (
    <form className="override-form stack" onSubmit={submit} aria-labelledby={titleId} noValidate>
      <h3 id={titleId} ref={heading} tabIndex={-1}>
        Add a price override
      </h3>
      <p className="muted">
        An override applies from its effective date and wins over the catalog; a model's own prices
        also price a model the catalog does not know.
      </p>
      <div className="form-grid">
        {props.accounts && (
          <Field
            label="Account"
            error={noAccount ? "Choose an account" : accountMissing ? error.message : undefined}
          >
            {(field) => (
              <select
                {...field}
                required
                value={values.account_id}
                onChange={(e) => {
                  set("account_id", e.target.value);
                  setNoAccount(false);
                }}
              >
                <option value="">Choose an account…</option>
                {props.accounts.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name} ({providerName(a.provider)})
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label="Kind" error={fieldError("kind")}>
          {(field) => (
            <select
              {...field}
              value={values.kind}
              onChange={(e) => {
                set("kind", e.target.value as OverrideKind);
                mutation.reset();
              }}
            >
              <option value="model_prices">Model prices</option>
              <option value="discount">Discount (percent off)</option>
            </select>
          )}
        </Field>
        <Field
          label={discount ? "Model (optional)" : "Model"}
          error={fieldError("model")}
          hint={discount ? "Leave empty for every model" : "As usage records name it"}
        >
          {(field) => (
            <input
              {...field}
              required={!discount}
              value={values.model}
              onChange={(e) => set("model", e.target.value)}
              placeholder={discount ? "" : "e.g. claude-sonnet-4-5"}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        {discount ? (
          <Field label="Discount (%)" error={fieldError("percent")} hint="e.g. 15 for 15% off">
            {(field) => (
              <input
                {...field}
                required
                inputMode="decimal"
                value={values.percent}
                onChange={(e) => set("percent", e.target.value)}
                autoComplete="off"
              />
            )}
          </Field>
        ) : (
          <PriceFields
            prices={values.prices}
            onChange={(prices) => set("prices", prices)}
            errorOf={(key) => fieldError(`prices.${key}`)}
          />
        )}
        <Field
          label="Effective from"
          error={fieldError("effective_from")}
          hint="First day it applies (UTC)"
        >
          {(field) => (
            <input
              {...field}
              type="date"
              required
              value={values.effective_from}
              onChange={(e) => set("effective_from", e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Effective to (optional)"
          error={fieldError("effective_to")}
          hint="First day it no longer applies; empty for no end"
        >
          {(field) => (
            <input
              {...field}
              type="date"
              value={values.effective_to}
              onChange={(e) => set("effective_to", e.target.value)}
            />
          )}
        </Field>
        <Field label="Note (optional)" error={fieldError("note")}>
          {(field) => (
            <input
              {...field}
              value={values.note}
              maxLength={500}
              placeholder="e.g. enterprise agreement 2025"
              onChange={(e) => set("note", e.target.value)}
              autoComplete="off"
            />
          )}
        </Field>
      </div>
      {mutation.isError &&
        !accountMissing &&
        (allAtFields ? (
          <p className="field-error" role="alert">
            Could not add the override: correct the fields marked above.
          </p>
        ) : (
          <ErrorMessage error={mutation.error} action="add the override" />
        ))}
      <div className="row">
        <button type="submit" className="primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Adding…" : "Add override"}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel} disabled={mutation.isPending}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
