/**
 * Accounts: every provider account, how its spend arrives and how its sync is doing; add one;
 * open one (`?account=<id>`) to sync it now, see its history, edit it, set its negotiated
 * prices or remove it. Admin keys are write-only: the page only ever shows their last 4
 * characters, as the server returns them.
 */
import { useQuery } from "@tanstack/react-query";
import { Link, useLocation, useSearchParams } from "react-router";
import { formatCount } from "../../ui/format.ts";
import { Empty, ErrorMessage, Loading } from "../../ui/states.tsx";
import { usePageTitle } from "../../ui/usePageTitle.ts";
import { AccountDetail } from "./AccountDetail.tsx";
import { AccountList } from "./AccountList.tsx";
import { AddAccountForm } from "./AddAccountForm.tsx";
import { accountsQuery } from "./queries.ts";
import type { RemovedState } from "./RemoveAccount.tsx";
import "./accounts.css";

export function AccountsPage() {
  const [params] = useSearchParams();
  const selectedId = params.get("account");
  const accounts = useQuery(accountsQuery);

  if (accounts.isPending) return <Loading what="accounts" />;
  if (accounts.isError) {
    return (
      <section className="accounts-page">
        <h1>Accounts</h1>
        <ErrorMessage error={accounts.error} action="load the accounts" />
      </section>
    );
  }
  if (selectedId !== null) {
    const account = accounts.data.find((a) => a.id === selectedId);
    return (
      <div className="accounts-page">
        {account ? (
          <AccountDetail key={account.id} account={account} />
        ) : (
          <MissingAccount id={selectedId} />
        )}
      </div>
    );
  }
  return <AccountsOverview accounts={accounts.data} />;
}

function AccountsOverview({
  accounts,
}: {
  accounts: Parameters<typeof AccountList>[0]["accounts"];
}) {
  usePageTitle("Accounts");
  const removed = (useLocation().state as RemovedState | null)?.removed;
  return (
    <section className="accounts-page" aria-labelledby="accounts-heading">
      <h1 id="accounts-heading">Accounts</h1>
      <p className="muted intro">
        One account per provider organization or key owner. Anthropic and OpenAI accounts sync
        official usage and cost with an admin key; Groq and Perplexity are captured through the
        proxy; GitHub Copilot is entered by hand.
      </p>
      {removed && (
        <p className="notice notice-ok" role="status">
          Removed <strong>{removed.name}</strong>
          {removed.records > 0 ? ` and its ${formatCount(removed.records)} usage records` : ""}.
        </p>
      )}
      <section className="panel" aria-labelledby="list-heading">
        <h2 id="list-heading">Your accounts</h2>
        {accounts.length === 0 ? (
          <Empty>No accounts yet. Add the first one below.</Empty>
        ) : (
          <AccountList accounts={accounts} />
        )}
      </section>
      <section className="panel" aria-labelledby="add-heading">
        <h2 id="add-heading">Add an account</h2>
        <AddAccountForm />
      </section>
    </section>
  );
}

function MissingAccount({ id }: { id: string }) {
  usePageTitle("Accounts");
  return (
    <section>
      <h1>Account not found</h1>
      <p>
        There is no account with the id <code>{id}</code>; it may have been removed.{" "}
        <Link to="/accounts">See all accounts</Link>.
      </p>
    </section>
  );
}
