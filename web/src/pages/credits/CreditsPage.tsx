import { Link } from "react-router";
import { Empty, ErrorMessage, Loading } from "../../ui/states.tsx";
import { usePageTitle } from "../../ui/usePageTitle.ts";
import { AccountCredits } from "./AccountCredits.tsx";
import { usePerplexityAccounts } from "./queries.ts";
import "./credits.css";

/** Prepaid credits (Perplexity): balance, spend per day, when they run out, and top-ups. */
export function CreditsPage() {
  usePageTitle("Credits");
  const accounts = usePerplexityAccounts();
  return (
    <section className="credits-page">
      <h1>Credits</h1>
      <p className="muted intro">
        Perplexity bills API usage from prepaid credits. The balance is what was bought minus what
        the ledger counts as spent since the first purchase; the forecast assumes spending goes on
        at the average of the last 14 days.
      </p>
      {accounts.isPending ? (
        <Loading what="accounts" />
      ) : accounts.isError ? (
        <ErrorMessage error={accounts.error} action="load the accounts" />
      ) : accounts.data.length === 0 ? (
        <Empty>
          There is no Perplexity account yet. <Link to="/accounts">Add a Perplexity account</Link>{" "}
          to track its prepaid credits here.
        </Empty>
      ) : (
        accounts.data.map((account) => <AccountCredits key={account.id} account={account} />)
      )}
    </section>
  );
}
