/**
 * The filters, edited as a draft and applied together (so typing a model name does not fire a
 * query per key). The parent remounts it when the URL changes, so the draft always starts
 * from what is applied.
 */
import { type FormEvent, useState } from "react";
import { CONFIDENCE_LABELS, type Confidence } from "../../../../src/core/enums.ts";
import { PROVIDER_IDS } from "../../../../src/providers/registry.ts";
import type { AccountView } from "../../../../src/services/accounts.ts";
import type { ApiError } from "../../api/client.ts";
import { CONFIDENCE_ORDER } from "../../api/types.ts";
import { Field } from "../../ui/Field.tsx";
import { dateRangeError, hasFilters, type UsageFilters } from "./filters.ts";
import { providerName } from "./words.ts";

/** The server's words for a filter, by the name it uses (`to` is our inclusive "through"). */
function serverMessage(error: ApiError | null, field: string): string | undefined {
  return error?.fieldMessage(field);
}

export function FiltersForm({
  applied,
  accounts,
  serverError,
  onApply,
  onClear,
}: {
  applied: UsageFilters;
  accounts: AccountView[] | undefined;
  serverError: ApiError | null;
  onApply: (filters: UsageFilters) => void;
  onClear: () => void;
}) {
  const [draft, setDraft] = useState<UsageFilters>(applied);
  const [rangeError, setRangeError] = useState<string | undefined>();
  const set = (key: keyof UsageFilters) => (value: string) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = {
      ...draft,
      model: draft.model.trim(),
      project: draft.project.trim(),
    };
    const problem = dateRangeError(trimmed);
    setRangeError(problem);
    if (!problem) onApply(trimmed);
  };
  // Accounts of the chosen provider (and whichever account is chosen, so it never vanishes).
  const accountOptions = (accounts ?? []).filter(
    (a) => !draft.provider || a.provider === draft.provider || a.id === draft.account_id,
  );
  const unknownAccount =
    draft.account_id !== "" &&
    accounts !== undefined &&
    !accounts.some((a) => a.id === draft.account_id);
  return (
    <form className="panel usage-filters" onSubmit={submit} aria-labelledby="usage-filters-title">
      <h2 id="usage-filters-title">Filters</h2>
      <div className="form-grid">
        <Field
          label="From"
          hint="First day, inclusive (UTC)"
          error={serverMessage(serverError, "from")}
        >
          {(props) => (
            <input
              {...props}
              type="date"
              value={draft.from}
              onChange={(e) => set("from")(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="To"
          hint="Last day, inclusive (UTC)"
          error={rangeError ?? serverMessage(serverError, "to")}
        >
          {(props) => (
            <input
              {...props}
              type="date"
              value={draft.through}
              onChange={(e) => set("through")(e.target.value)}
            />
          )}
        </Field>
        <Field label="Provider" error={serverMessage(serverError, "provider")}>
          {(props) => (
            <select
              {...props}
              value={draft.provider}
              onChange={(e) => set("provider")(e.target.value)}
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
        <Field label="Account" error={serverMessage(serverError, "account_id")}>
          {(props) => (
            <select
              {...props}
              value={draft.account_id}
              onChange={(e) => set("account_id")(e.target.value)}
            >
              <option value="">All accounts</option>
              {accountOptions.map((account) => (
                <option key={account.id} value={account.id}>
                  {account.name} ({providerName(account.provider)})
                </option>
              ))}
              {unknownAccount && (
                <option value={draft.account_id}>Unknown account {draft.account_id}</option>
              )}
            </select>
          )}
        </Field>
        <Field label="Model" hint="The exact model id" error={serverMessage(serverError, "model")}>
          {(props) => (
            <input
              {...props}
              type="text"
              value={draft.model}
              placeholder="e.g. claude-sonnet-4"
              onChange={(e) => set("model")(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Project"
          hint="The exact project name"
          error={serverMessage(serverError, "project")}
        >
          {(props) => (
            <input
              {...props}
              type="text"
              value={draft.project}
              onChange={(e) => set("project")(e.target.value)}
            />
          )}
        </Field>
        <Field label="Confidence" error={serverMessage(serverError, "confidence")}>
          {(props) => (
            <select
              {...props}
              value={draft.confidence}
              onChange={(e) => set("confidence")(e.target.value as Confidence | "")}
            >
              <option value="">Any confidence</option>
              {CONFIDENCE_ORDER.map((level) => (
                <option key={level} value={level}>
                  {CONFIDENCE_LABELS[level]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="row usage-filter-actions">
        <button type="submit" className="primary">
          Apply filters
        </button>
        {(hasFilters(applied) || hasFilters(draft)) && (
          <button type="button" onClick={onClear}>
            Clear filters
          </button>
        )}
      </div>
    </form>
  );
}
