import { PROVIDERS } from "../../../../src/providers/registry.ts";
import { Field } from "../../ui/Field.tsx";
import type { AccountView } from "./queries.ts";

/** An account picker grouped by provider ("GitHub Copilot › Acme org"). */
export function AccountSelect({
  label,
  accounts,
  value,
  onChange,
  error,
  hint,
}: {
  label: string;
  accounts: readonly AccountView[];
  value: string;
  onChange: (id: string) => void;
  error?: string | undefined;
  hint?: string;
}) {
  const providers = [...new Set(accounts.map((a) => a.provider))];
  return (
    <Field label={label} error={error} {...(hint ? { hint } : {})}>
      {(props) => (
        <select {...props} value={value} onChange={(e) => onChange(e.target.value)} required>
          {value === "" && <option value="">Choose an account</option>}
          {providers.map((provider) => (
            <optgroup key={provider} label={PROVIDERS[provider].displayName}>
              {accounts
                .filter((a) => a.provider === provider)
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      )}
    </Field>
  );
}

/** "Acme org (GitHub Copilot)", for tables and messages. */
export function accountName(accounts: readonly AccountView[], id: string): string {
  const account = accounts.find((a) => a.id === id);
  return account ? `${account.name} (${PROVIDERS[account.provider].displayName})` : id;
}
