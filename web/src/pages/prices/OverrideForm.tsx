import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { ApiError } from "../../api/client.ts";
import { Field } from "../../ui/Field.tsx";
import { ErrorMessage } from "../../ui/states.tsx";
import { type AccountView, addOverride, KEYS, type PriceOverrideWire } from "./api.ts";
import type { OverrideDraft } from "./drafts.ts";
import { providerName } from "./format.ts";

const PRICE_FIELDS = [
  { key: "input", label: "Input $/MTok", required: true },
  { key: "output", label: "Output $/MTok", required: true },
  { key: "cache_read", label: "Cache read $/MTok", required: false },
  { key: "cache_write_5m", label: "Cache write 5 min $/MTok", required: false },
  { key: "cache_write_1h", label: "Cache write 1 h $/MTok", required: false },
] as const;
type PriceKey = (typeof PRICE_FIELDS)[number]["key"];

/** Fields this form shows a server message beside. */
function isShownField(field: string | undefined): boolean {
  return (
    field !== undefined &&
    (["kind", "model", "percent", "effective_from", "effective_to", "note"].includes(field) ||
      PRICE_FIELDS.some((f) => field === `prices.${f.key}`))
  );
}

/** The request body for the override: only the fields its kind takes (the server refuses others). */
function overrideBody(
  draft: OverrideDraft,
  prices: Record<PriceKey, string>,
  percent: string,
  note: string,
): Record<string, unknown> {
  const common = {
    kind: draft.kind,
    effective_from: draft.effective_from,
    effective_to: draft.effective_to === "" ? null : draft.effective_to,
    ...(note.trim() ? { note: note.trim() } : {}),
  };
  if (draft.kind === "discount")
    return { ...common, percent: percent.trim(), model: draft.model.trim() || null };
  const listed = Object.fromEntries(
    PRICE_FIELDS.map((f) => [f.key, prices[f.key].trim()]).filter(
      ([key, value]) => value !== "" || key === "input" || key === "output",
    ),
  );
  return { ...common, model: draft.model.trim(), prices: listed };
}

/** Adds a price override to an account: a model's own prices, or a discount. */
export function OverrideForm({
  initial,
  accounts,
  onAdded,
  onCancel,
}: {
  initial: OverrideDraft;
  accounts: AccountView[];
  onAdded: (override: PriceOverrideWire) => void;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(initial);
  const [prices, setPrices] = useState<Record<PriceKey, string>>({
    input: "",
    output: "",
    cache_read: "",
    cache_write_5m: "",
    cache_write_1h: "",
  });
  const [percent, setPercent] = useState("");
  const [note, setNote] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.scrollIntoView({ block: "nearest" });
    heading.current?.focus({ preventScroll: true });
  }, []);

  const mutation = useMutation({
    mutationFn: () => addOverride(draft.account_id, overrideBody(draft, prices, percent, note)),
    onSuccess: async (override) => {
      await queryClient.invalidateQueries({ queryKey: KEYS.overrides });
      onAdded(override);
    },
  });
  const error = mutation.error instanceof ApiError ? mutation.error : null;
  const fieldError = (field: string) => error?.fieldMessage(field);
  const set = <K extends keyof OverrideDraft>(key: K, value: OverrideDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };
  const modelPrices = draft.kind === "model_prices";

  return (
    <form className="override-form stack" onSubmit={submit} aria-labelledby="override-form-title">
      <h3 id="override-form-title" ref={heading} tabIndex={-1}>
        Add a price override
      </h3>
      <p className="muted small-text">
        An override applies to one account from its effective date and wins over the catalog. Model
        prices also price a model the catalog does not know. Existing records keep their price until
        you recompute.
      </p>
      <div className="form-grid">
        <Field label="Account" error={error?.status === 404 ? error.message : undefined}>
          {(props) => (
            <select
              {...props}
              required
              value={draft.account_id}
              onChange={(e) => set("account_id", e.target.value)}
            >
              <option value="">Choose an account…</option>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({providerName(a.provider)})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Kind" error={fieldError("kind")}>
          {(props) => (
            <select
              {...props}
              value={draft.kind}
              onChange={(e) => set("kind", e.target.value as OverrideDraft["kind"])}
            >
              <option value="model_prices">Model prices (per million tokens)</option>
              <option value="discount">Discount (percent off)</option>
            </select>
          )}
        </Field>
        <Field
          label={modelPrices ? "Model" : "Model (optional)"}
          error={fieldError("model")}
          hint={modelPrices ? "The model id as records name it" : "Empty: every model"}
        >
          {(props) => (
            <input
              {...props}
              required={modelPrices}
              value={draft.model}
              onChange={(e) => set("model", e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        {modelPrices ? (
          PRICE_FIELDS.map((f) => (
            <Field
              key={f.key}
              label={f.required ? f.label : `${f.label} (optional)`}
              error={fieldError(`prices.${f.key}`)}
              hint={f.required ? undefined : "Empty: billed at the input price"}
            >
              {(props) => (
                <input
                  {...props}
                  inputMode="decimal"
                  required={f.required}
                  placeholder={f.required ? "e.g. 0.50" : ""}
                  value={prices[f.key]}
                  onChange={(e) => setPrices((p) => ({ ...p, [f.key]: e.target.value }))}
                  autoComplete="off"
                />
              )}
            </Field>
          ))
        ) : (
          <Field label="Percent off" error={fieldError("percent")} hint="e.g. 15 for 15% off">
            {(props) => (
              <input
                {...props}
                inputMode="decimal"
                required
                value={percent}
                onChange={(e) => setPercent(e.target.value)}
                autoComplete="off"
              />
            )}
          </Field>
        )}
        <Field label="Effective from" error={fieldError("effective_from")} hint="First UTC day">
          {(props) => (
            <input
              {...props}
              type="date"
              required
              value={draft.effective_from}
              onChange={(e) => set("effective_from", e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Effective to (optional)"
          error={fieldError("effective_to")}
          hint="First day it no longer applies; empty: open-ended"
        >
          {(props) => (
            <input
              {...props}
              type="date"
              value={draft.effective_to}
              onChange={(e) => set("effective_to", e.target.value)}
            />
          )}
        </Field>
        <Field label="Note (optional)" error={fieldError("note")}>
          {(props) => (
            <input
              {...props}
              value={note}
              maxLength={500}
              placeholder="e.g. enterprise agreement 2025"
              onChange={(e) => setNote(e.target.value)}
            />
          )}
        </Field>
      </div>
      {mutation.isError &&
        (error && error.details.length > 0 && error.details.every((d) => isShownField(d.field)) ? (
          <p className="field-error" role="alert">
            Could not add the override: correct the fields marked above.
          </p>
        ) : error?.status === 404 ? null : (
          <ErrorMessage error={mutation.error} action="add the override" />
        ))}
      <div className="row">
        <button type="submit" className="primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Adding…" : "Add override"}
        </button>
        <button type="button" onClick={onCancel} disabled={mutation.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
