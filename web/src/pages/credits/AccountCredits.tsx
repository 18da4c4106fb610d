import { Empty, ErrorMessage, Loading } from "../../ui/states.tsx";
import { CreditHistory } from "./CreditHistory.tsx";
import { CreditStatusBadge, CreditSummary } from "./CreditSummary.tsx";
import { type AccountView, useAccountCredits } from "./queries.ts";
import { TopUpForm } from "./TopUpForm.tsx";

/** One Perplexity account: balance and forecast, its credits, and a form to record more. */
export function AccountCredits({ account }: { account: AccountView }) {
  const credits = useAccountCredits(account.id);
  const titleId = `credits-${account.id}`;
  return (
    <section className="panel credits-account" aria-labelledby={titleId}>
      <div className="row account-head">
        <h2 id={titleId}>{account.name}</h2>
        <span className="muted">Perplexity</span>
        {credits.data?.status && <CreditStatusBadge status={credits.data.status.status} />}
      </div>
      {credits.isPending ? (
        <Loading what="credits" />
      ) : credits.isError ? (
        <ErrorMessage error={credits.error} action="load the credits" />
      ) : (
        <>
          {credits.data.status ? (
            <CreditSummary status={credits.data.status} />
          ) : (
            <Empty>
              No credits recorded for this account yet. Record the first purchase to see the balance
              and when it runs out.
            </Empty>
          )}
          <div className="grid grid-2 credits-lower">
            <div>
              <h3>Purchases and top-ups</h3>
              {credits.data.credits.length > 0 ? (
                <CreditHistory credits={credits.data.credits} />
              ) : (
                <p className="muted">None yet.</p>
              )}
            </div>
            <div>
              <h3>Record a purchase or top-up</h3>
              <TopUpForm
                accountId={account.id}
                accountName={account.name}
                hasCredits={credits.data.credits.length > 0}
              />
            </div>
          </div>
        </>
      )}
    </section>
  );
}
