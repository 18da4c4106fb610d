/**
 * Adds an account. The admin key is read from the form only on submit (an uncontrolled password
 * input), sent once, and cleared after success: it is never in React state, a query cache or the
 * URL. The server checks the key's kind and verifies it with the provider; its messages are
 * shown at the fields.
 */
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import { Field } from "../../ui/Field.tsx";
import { FormProblem } from "./FormProblem.tsx";
import type { AccountView } from "./types.ts";
import { fieldError, useAction } from "./useAction.ts";
import {
  adminKeyHelp,
  COLLECTION_WORDS,
  collectionOf,
  hasAdminApi,
  PROVIDER_IDS,
  PROVIDERS,
  type ProviderId,
  providerName,
} from "./words.ts";

/** A text field's value, or undefined when left empty. */
export function optionalText(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

export function AddAccountForm() {
  const queryClient = useQueryClient();
  const [provider, setProvider] = useState<ProviderId>("anthropic");
  const [added, setAdded] = useState<AccountView | null>(null);
  const { pending, error, run, clear } = useAction();
  const official = hasAdminApi(provider);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setAdded(null);
    const account = await run(() =>
      api<AccountView>("accounts", {
        method: "POST",
        body: {
          provider,
          name: String(data.get("name") ?? ""),
          ...(official
            ? {
                admin_key: optionalText(data, "admin_key"),
                base_url: optionalText(data, "base_url"),
                sync_schedule: optionalText(data, "sync_schedule"),
              }
            : {}),
        },
      }),
    );
    if (!account) return;
    form.reset();
    setAdded(account);
    await queryClient.invalidateQueries();
  }

  return (
    <form className="stack" onSubmit={submit} aria-label="Add an account" noValidate>
      {added && (
        <p className="notice notice-ok" role="status">
          Added <strong>{added.name}</strong> ({providerName(added.provider)})
          {added.credentials
            ? `; its admin key ending …${added.credentials.admin_key_hint} is stored encrypted`
            : ""}
          . <Link to={`?account=${encodeURIComponent(added.id)}`}>Open it</Link>
          {added.credentials ? " to sync now." : "."}
        </p>
      )}
      <FormProblem error={error} action="add the account" />
      <div className="form-grid">
        <Field label="Provider" error={fieldError(error, "provider")}>
          {(props) => (
            <select
              {...props}
              name="provider"
              value={provider}
              onChange={(event) => {
                setProvider(event.target.value as ProviderId);
                clear();
              }}
            >
              {PROVIDER_IDS.map((id) => (
                <option key={id} value={id}>
                  {PROVIDERS[id].displayName}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Name"
          error={fieldError(error, "name")}
          hint="How you call this organization or key owner; unique per provider."
        >
          {(props) => <input {...props} name="name" required maxLength={100} autoComplete="off" />}
        </Field>
      </div>
      <p className="muted collection-note">
        <strong>{COLLECTION_WORDS[collectionOf(provider)]}.</strong>{" "}
        <CollectionExplanation provider={provider} />
      </p>
      {official && (
        <>
          <Field
            label="Admin key"
            error={fieldError(error, "admin_key")}
            hint={`${adminKeyHelp(provider)} It is checked with ${providerName(provider)}, stored encrypted, and never shown again — only its last 4 characters.`}
          >
            {(props) => (
              <input
                {...props}
                name="admin_key"
                type="password"
                autoComplete="off"
                spellCheck={false}
                className="key-input"
              />
            )}
          </Field>
          <details className="more-settings">
            <summary>More settings</summary>
            <div className="form-grid">
              <Field
                label="API base URL"
                error={fieldError(error, "base_url")}
                hint={`Leave empty for ${PROVIDERS[provider].defaultBaseUrl} (or the server's configured URL).`}
              >
                {(props) => <input {...props} name="base_url" type="url" autoComplete="off" />}
              </Field>
              <Field
                label="Sync schedule"
                error={fieldError(error, "sync_schedule")}
                hint='A cron expression in UTC; leave empty for hourly ("0 * * * *").'
              >
                {(props) => <input {...props} name="sync_schedule" autoComplete="off" />}
              </Field>
            </div>
          </details>
        </>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={pending}>
          {pending
            ? official
              ? `Checking the key with ${providerName(provider)}…`
              : "Adding…"
            : "Add account"}
        </button>
      </div>
    </form>
  );
}

function CollectionExplanation({ provider }: { provider: ProviderId }) {
  const collection = collectionOf(provider);
  if (collection === "official_api")
    return (
      <>
        TokenLedger pulls {providerName(provider)}'s official usage and cost every hour with an
        admin key.
      </>
    );
  if (collection === "capture")
    return (
      <>
        {providerName(provider)} has no usage API: point your SDK at TokenLedger's proxy (
        <code>/proxy/{provider}</code>) and every request is recorded. No key is stored here.
      </>
    );
  return (
    <>
      {providerName(provider)} has no usage API: record its spend on the{" "}
      <Link to="/manual">Manual entry</Link> page.
    </>
  );
}
