import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { ApiError } from "../../api/client.ts";
import { Field } from "../../ui/Field.tsx";
import { formatCount } from "../../ui/format.ts";
import { ErrorMessage } from "../../ui/states.tsx";
import { type AccountView, type RecomputeResult, recompute } from "./api.ts";
import type { RecomputeValues } from "./drafts.ts";
import { PROVIDER_IDS, plural, providerName } from "./format.ts";
import { RecomputeResultView } from "./RecomputeResultView.tsx";
import { SignedMoney } from "./SignedMoney.tsx";

function requestOf(values: RecomputeValues, apply: boolean) {
  return {
    ...(values.from ? { from: values.from } : {}),
    ...(values.to ? { to: values.to } : {}),
    ...(values.provider ? { provider: values.provider } : {}),
    ...(values.account_id ? { account_id: values.account_id } : {}),
    apply,
  };
}

const FIELDS = ["from", "to", "provider", "account_id"];

/** True when every problem is shown beside its field already. */
function onlyFieldErrors(error: ApiError | null): boolean {
  return (
    error !== null &&
    error.details.length > 0 &&
    error.details.every((d) => d.field !== undefined && FIELDS.includes(d.field))
  );
}

const same = (a: RecomputeValues, b: RecomputeValues) =>
  a.from === b.from && a.to === b.to && a.provider === b.provider && a.account_id === b.account_id;

/**
 * Reprices table-priced records after a catalog or override change: a dry run first, showing
 * what would change, then — confirmed — the same recompute for real.
 */
export function RecomputeSection({
  values,
  onChange,
  accounts,
}: {
  values: RecomputeValues;
  onChange: (values: RecomputeValues) => void;
  accounts: AccountView[] | undefined;
}) {
  const queryClient = useQueryClient();
  const [dryRun, setDryRun] = useState<{ values: RecomputeValues; result: RecomputeResult } | null>(
    null,
  );
  const [applied, setApplied] = useState<RecomputeResult | null>(null);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const preview = useMutation({
    mutationFn: (v: RecomputeValues) => recompute(requestOf(v, false)),
    onMutate: () => {
      setApplied(null);
      setConfirming(false);
    },
    onSuccess: (result, v) => setDryRun({ values: v, result }),
  });
  const apply = useMutation({
    mutationFn: (v: RecomputeValues) => recompute(requestOf(v, true)),
    onSuccess: async (result) => {
      setApplied(result);
      setDryRun(null);
      setConfirming(false);
      // Costs changed: every figure on every page may have moved.
      await queryClient.invalidateQueries();
    },
  });

  const error = preview.error instanceof ApiError ? preview.error : null;
  const fieldError = (field: string) => error?.fieldMessage(field);
  const set = (key: keyof RecomputeValues, value: string) => onChange({ ...values, [key]: value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    preview.mutate(values);
  };
  const stale = dryRun !== null && !same(dryRun.values, values);
  const result = dryRun?.result;

  return (
    <section className="panel" aria-labelledby="recompute-title" id="recompute">
      <h2 id="recompute-title" tabIndex={-1}>
        Recompute prices
      </h2>
      <p className="muted section-intro">
        After an override or a catalog change, reprice the records TokenLedger priced from the
        catalog (and the unpriced ones). Official, provider-reported, manual and reconciled costs
        are never repriced. The dry run changes nothing.
      </p>
      <form className="stack" onSubmit={submit} aria-label="Recompute dry run">
        <div className="form-grid">
          <Field label="From (optional)" error={fieldError("from")} hint="First UTC day">
            {(props) => (
              <input
                {...props}
                type="date"
                value={values.from}
                onChange={(e) => set("from", e.target.value)}
              />
            )}
          </Field>
          <Field
            label="To (optional)"
            error={fieldError("to")}
            hint="First day not included; empty: up to today"
          >
            {(props) => (
              <input
                {...props}
                type="date"
                value={values.to}
                onChange={(e) => set("to", e.target.value)}
              />
            )}
          </Field>
          <Field label="Provider (optional)" error={fieldError("provider")}>
            {(props) => (
              <select
                {...props}
                value={values.provider}
                onChange={(e) => set("provider", e.target.value)}
              >
                <option value="">All providers</option>
                {PROVIDER_IDS.map((id) => (
                  <option key={id} value={id}>
                    {providerName(id)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Account (optional)" error={fieldError("account_id")}>
            {(props) => (
              <select
                {...props}
                value={values.account_id}
                onChange={(e) => set("account_id", e.target.value)}
              >
                <option value="">All accounts</option>
                {(accounts ?? []).map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name} ({providerName(a.provider)})
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="row">
          <button type="submit" className="primary" disabled={preview.isPending || apply.isPending}>
            {preview.isPending ? "Running the dry run…" : "Run the dry run"}
          </button>
          {preview.isPending && (
            <span className="muted" role="status">
              Repricing without saving…
            </span>
          )}
        </div>
      </form>
      {preview.isError && !onlyFieldErrors(error) && (
        <ErrorMessage error={preview.error} action="run the dry run" />
      )}

      {result && (
        <div className="recompute-output">
          <h3>Dry run: nothing has been changed</h3>
          <RecomputeResultView result={result} accounts={accounts} />
          {stale ? (
            <p className="notice notice-warn">
              The form changed since this dry run. Run it again before applying.
            </p>
          ) : result.records_changed === 0 ? (
            <p className="notice notice-ok" role="status">
              Nothing would change: every record already has its current price.
            </p>
          ) : confirming ? (
            <div className="notice notice-warn confirm-apply">
              <p>
                Rewrite the cost of {formatCount(result.records_changed)}{" "}
                {plural(result.records_changed, "record")}? Totals change by{" "}
                <SignedMoney amount={result.difference} />. You can recompute again after any later
                price change.
              </p>
              <div className="row">
                <button
                  type="button"
                  className="primary"
                  ref={confirmButton}
                  onClick={() => dryRun && apply.mutate(dryRun.values)}
                  disabled={apply.isPending}
                >
                  {apply.isPending ? "Applying…" : "Yes, apply the new prices"}
                </button>
                <button
                  type="button"
                  onClick={() => setConfirming(false)}
                  disabled={apply.isPending}
                >
                  Cancel
                </button>
              </div>
            </div>
          ) : (
            <button type="button" className="primary" onClick={() => setConfirming(true)}>
              Apply to {formatCount(result.records_changed)}{" "}
              {plural(result.records_changed, "record")}…
            </button>
          )}
          {apply.isError && <ErrorMessage error={apply.error} action="apply the new prices" />}
        </div>
      )}

      {applied && (
        <div className="recompute-output">
          <p className="notice notice-ok" role="status">
            Applied: {formatCount(applied.records_changed)}{" "}
            {plural(applied.records_changed, "record")} repriced.
          </p>
          <RecomputeResultView result={applied} accounts={accounts} />
        </div>
      )}
    </section>
  );
}
