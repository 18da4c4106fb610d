/**
 * Renames an account, replaces its admin key (blank keeps the current one), or changes where and
 * when it syncs. Only changed fields are sent; the new key is read on submit and cleared after.
 */
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import { Field } from "../../ui/Field.tsx";
import { optionalText } from "./AddAccountForm.tsx";
import { FormProblem } from "./FormProblem.tsx";
import { accountPath } from "./queries.ts";
import type { AccountView } from "./types.ts";
import { fieldError, useAction } from "./useAction.ts";
import { adminKeyHelp, hasAdminApi, PROVIDERS, providerName } from "./words.ts";

export function EditAccountForm({ account }: { account: AccountView }) {
  const queryClient = useQueryClient();
  const { pending, error, run } = useAction();
  const [saved, setSaved] = useState<string | null>(null);
  const official = hasAdminApi(account.provider);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setSaved(null);
    const changes: Record<string, string | null> = {};
    const name = String(data.get("name") ?? "").trim();
    if (name !== account.name) changes.name = name;
    if (official) {
      const key = optionalText(data, "admin_key");
      if (key !== undefined) changes.admin_key = key;
      const baseUrl = optionalText(data, "base_url") ?? null;
      if (baseUrl !== account.base_url) changes.base_url = baseUrl;
      const schedule = optionalText(data, "sync_schedule") ?? null;
      if (schedule !== account.sync_schedule) changes.sync_schedule = schedule;
    }
    if (Object.keys(changes).length === 0) {
      setSaved("Nothing to save: no field was changed.");
      return;
    }
    const updated = await run(() =>
      api<AccountView>(accountPath(account.id), { method: "PATCH", body: changes }),
    );
    if (!updated) return;
    const keyInput = form.elements.namedItem("admin_key");
    if (keyInput instanceof HTMLInputElement) keyInput.value = "";
    setSaved(
      "admin_key" in changes && updated.credentials
        ? `Saved. The new admin key ending …${updated.credentials.admin_key_hint} is stored.`
        : "Saved.",
    );
    await queryClient.invalidateQueries();
  }

  return (
    <section className="panel" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <form className="stack" onSubmit={submit} aria-label="Account settings" noValidate>
        <FormProblem error={error} action="save the account" />
        {saved && (
          <p className="notice notice-ok" role="status">
            {saved}
          </p>
        )}
        <Field label="Name" error={fieldError(error, "name")}>
          {(props) => (
            <input
              {...props}
              name="name"
              defaultValue={account.name}
              required
              maxLength={100}
              autoComplete="off"
            />
          )}
        </Field>
        {official && (
          <>
            <Field
              label={account.credentials ? "Replace the admin key" : "Admin key"}
              error={fieldError(error, "admin_key")}
              hint={`${
                account.credentials
                  ? `The current key ends …${account.credentials.admin_key_hint}; leave empty to keep it. `
                  : ""
              }${adminKeyHelp(account.provider)} A new key is checked with ${providerName(account.provider)} first and resumes paused syncs.`}
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
            <Field
              label="API base URL"
              error={fieldError(error, "base_url")}
              hint={`Leave empty for ${PROVIDERS[account.provider].defaultBaseUrl} (or the server's configured URL).`}
            >
              {(props) => (
                <input
                  {...props}
                  name="base_url"
                  type="url"
                  defaultValue={account.base_url ?? ""}
                  autoComplete="off"
                />
              )}
            </Field>
            <Field
              label="Sync schedule"
              error={fieldError(error, "sync_schedule")}
              hint='A cron expression in UTC; leave empty for hourly ("0 * * * *").'
            >
              {(props) => (
                <input
                  {...props}
                  name="sync_schedule"
                  defaultValue={account.sync_schedule ?? ""}
                  autoComplete="off"
                />
              )}
            </Field>
          </>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={pending}>
            {pending ? "Saving…" : "Save changes"}
          </button>
        </div>
      </form>
    </section>
  );
}
