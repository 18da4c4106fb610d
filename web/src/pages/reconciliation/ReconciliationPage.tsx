import { type ReactNode, useId, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { formatMonth } from "../../ui/format.ts";
import { Money } from "../../ui/Money.tsx";
import { Empty, ErrorMessage, Loading } from "../../ui/states.tsx";
import { usePageTitle } from "../../ui/usePageTitle.ts";
import {
  type AccountView,
  type PeriodEstimate,
  useAccounts,
  useEstimate,
  useReconciliations,
} from "./api.ts";
import { History } from "./History.tsx";
import { KeyLines } from "./KeyLines.tsx";
import { accountLabel, isCaptured } from "./labels.ts";
import { MonthPanel } from "./MonthPanel.tsx";
import { isMonth, lastMonth } from "./month.ts";
import { PeriodPicker } from "./PeriodPicker.tsx";
import "./reconciliation.css";

/**
 * Reconciliation: for an account and month, what TokenLedger estimated next to what the
 * provider billed. Confirming the bill makes the month total exactly that amount.
 */
export function ReconciliationPage() {
  usePageTitle("Reconciliation");
  const accounts = useAccounts();
  return (
    <section className="reconciliation">
      <h1>Reconciliation</h1>
      <p className="muted rec-intro">
        Groq and Perplexity have no billing API, so TokenLedger estimates their spend from captured
        requests. Enter what the provider actually billed for a month and that month counts the
        billed amount instead — every dollar once.
      </p>
      {accounts.isPending ? (
        <Loading what="accounts" />
      ) : accounts.isError ? (
        <ErrorMessage error={accounts.error} action="load the accounts" />
      ) : accounts.data.length === 0 ? (
        <Empty>
          <p>
            There are no accounts yet, so there is nothing to reconcile. Add a Groq or Perplexity
            account, send its traffic through the capture proxy, and come back when the provider
            bills the month.
          </p>
          <Link to="/accounts">Add an account</Link>
        </Empty>
      ) : (
        <Reconcile accounts={accounts.data} />
      )}
    </section>
  );
}

function Reconcile({ accounts }: { accounts: AccountView[] }) {
  const [params, setParams] = useSearchParams();
  const [notice, setNotice] = useState<ReactNode>(null);
  const preferred = accounts.find(isCaptured) ?? accounts[0];
  const account = accounts.find((a) => a.id === params.get("account")) ?? preferred;
  const month = params.get("month") ?? lastMonth();
  const validMonth = isMonth(month);

  const choose = (next: { account?: string; month?: string }) => {
    setNotice(null);
    setParams(
      () => {
        // The address as it is now: react-router's `current` is this render's, and two quick
        // choices (account, then month) must not undo each other.
        const updated = new URLSearchParams(window.location.search);
        if (next.account !== undefined) updated.set("account", next.account);
        if (next.month !== undefined) updated.set("month", next.month);
        return updated;
      },
      { replace: true },
    );
  };

  const capturedCount = accounts.filter(isCaptured).length;
  return (
    <>
      <div className="panel">
        <PeriodPicker
          accounts={accounts}
          accountId={account?.id ?? ""}
          month={month}
          monthError={validMonth ? undefined : "Choose a month."}
          onAccount={(id) => choose({ account: id })}
          onMonth={(value) => choose({ month: value })}
        />
        {capturedCount === 0 && (
          <p className="muted rec-explain">
            No Groq or Perplexity account yet — those are the accounts whose spend is estimated and
            needs a bill to confirm it. <Link to="/accounts">Add one on the Accounts page</Link>.
            Official and manual accounts can still be reconciled to an invoice that differs.
          </p>
        )}
      </div>
      {notice && (
        <div className="notice notice-ok rec-notice" role="status">
          {notice}
        </div>
      )}
      {account && validMonth && (
        <AccountMonth
          key={`${account.id}:${month}`}
          account={account}
          month={month}
          onMonth={(value) => choose({ month: value })}
          onNotice={setNotice}
        />
      )}
      <History account={account} accounts={accounts} />
    </>
  );
}

function AccountMonth({
  account,
  month,
  onMonth,
  onNotice,
}: {
  account: AccountView;
  month: string;
  onMonth: (month: string) => void;
  onNotice: (notice: ReactNode) => void;
}) {
  const estimate = useEstimate(account.id, month);
  const reconciliations = useReconciliations(account.id);
  if (estimate.isPending || reconciliations.isPending) {
    return <Loading what={`the estimate for ${formatMonth(month)}`} />;
  }
  if (estimate.isError) {
    return <ErrorMessage error={estimate.error} action="load the estimate" />;
  }
  if (reconciliations.isError) {
    return <ErrorMessage error={reconciliations.error} action="load the reconciliations" />;
  }
  const name = accountLabel(account);
  const list = reconciliations.data;
  const reconciledThisMonth = list.some(
    (r) => r.period === month && (r.status === "current" || r.status === "stale"),
  );
  const otherMonths = estimate.data.periods_with_usage.filter((p) => p.period !== month);

  if (estimate.data.records === 0 && !reconciledThisMonth) {
    return (
      <div className="rec-empty">
        <Empty>
          <p>
            No usage is recorded for {name} in {formatMonth(month)}, so there is no estimate to
            reconcile.
          </p>
          <OtherMonths months={otherMonths} onMonth={onMonth} />
        </Empty>
      </div>
    );
  }
  return (
    <>
      <MonthPanel
        accountId={account.id}
        accountName={name}
        estimate={estimate.data}
        reconciliations={list}
        onNotice={onNotice}
      />
      <KeyLines
        accountId={account.id}
        accountName={name}
        provider={account.provider}
        estimate={estimate.data}
        reconciliations={list}
        onNotice={onNotice}
      />
      {otherMonths.length > 0 && (
        <div className="rec-other-months">
          <OtherMonths months={otherMonths} onMonth={onMonth} />
        </div>
      )}
    </>
  );
}

/** The account's other months with usage, as one-click choices. */
function OtherMonths({
  months,
  onMonth,
}: {
  months: PeriodEstimate["periods_with_usage"];
  onMonth: (month: string) => void;
}) {
  const labelId = useId();
  if (months.length === 0) {
    return <p>This account has no usage recorded in any month yet.</p>;
  }
  return (
    <div className="rec-months">
      <span className="muted" id={labelId}>
        Other months with usage:
      </span>
      <ul aria-labelledby={labelId}>
        {months.slice(0, 6).map((p) => (
          <li key={p.period}>
            <button type="button" className="rec-month-chip" onClick={() => onMonth(p.period)}>
              {formatMonth(p.period)} · <Money amount={p.estimated_total} />
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
