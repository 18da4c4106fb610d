import { Field } from "../../ui/Field.tsx";
import type { AccountView } from "./api.ts";
import { accountLabel, isCaptured } from "./labels.ts";

/**
 * Which account and month to reconcile. Captured accounts (Groq, Perplexity) come first:
 * their spend is estimated, so they are the ones a bill corrects.
 */
export function PeriodPicker({
  accounts,
  accountId,
  month,
  monthError,
  onAccount,
  onMonth,
}: {
  accounts: readonly AccountView[];
  accountId: string;
  month: string;
  monthError: string | undefined;
  onAccount: (id: string) => void;
  onMonth: (month: string) => void;
}) {
  const captured = accounts.filter(isCaptured);
  const others = accounts.filter((a) => !isCaptured(a));
  const option = (a: AccountView) => (
    <option key={a.id} value={a.id}>
      {accountLabel(a)}
    </option>
  );
  return (
    <div className="rec-picker">
      <Field label="Account">
        {(props) => (
          <select {...props} value={accountId} onChange={(e) => onAccount(e.target.value)}>
            {captured.length > 0 && (
              <optgroup label="Captured — estimated spend">{captured.map(option)}</optgroup>
            )}
            {others.length > 0 && (
              <optgroup label="Official or manual">{others.map(option)}</optgroup>
            )}
          </select>
        )}
      </Field>
      <Field label="Month" error={monthError} hint="A UTC calendar month (YYYY-MM)">
        {(props) => (
          <input
            {...props}
            type="month"
            value={month}
            max="9999-12"
            onChange={(e) => onMonth(e.target.value)}
          />
        )}
      </Field>
    </div>
  );
}
