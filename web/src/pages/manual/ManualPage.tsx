import { Link } from "react-router";
import { ConfidenceBadge } from "../../ui/ConfidenceBadge.tsx";
import { Empty, ErrorMessage, Loading } from "../../ui/states.tsx";
import { usePageTitle } from "../../ui/usePageTitle.ts";
import { EntriesSection } from "./EntriesSection.tsx";
import { EntryForm } from "./EntryForm.tsx";
import { PlanForm } from "./PlanForm.tsx";
import { PlansSection } from "./PlansSection.tsx";
import { useAccounts, useCopilotPrices, useRecurringPlans } from "./queries.ts";
import "./manual.css";

/**
 * Spend that no API reports, entered by hand: one-off entries for a day or a month (any
 * provider; GitHub Copilot seats as seats × price), recurring seat plans, and the audit trail
 * of both. Everything here counts as Manual Entry.
 */
export function ManualPage() {
  usePageTitle("Manual entry");
  const accounts = useAccounts();
  const prices = useCopilotPrices();
  const plans = useRecurringPlans();
  const copilotPrices = prices.data ?? [];
  return (
    <section className="manual-page">
      <h1>Manual entry</h1>
      <p className="muted intro">
        Spend that no API reports — GitHub Copilot seats, an invoice, a flat fee — entered by hand.
        It counts in every total as <ConfidenceBadge level="manual" />, and every change is kept in
        its history.
      </p>
      {accounts.isPending ? (
        <Loading what="accounts" />
      ) : accounts.isError ? (
        <ErrorMessage error={accounts.error} action="load the accounts" />
      ) : accounts.data.length === 0 ? (
        <Empty>
          A manual entry belongs to an account, and there are none yet.{" "}
          <Link to="/accounts">Add an account</Link> first — for Copilot seats, one with the
          provider GitHub Copilot.
        </Empty>
      ) : (
        <>
          <div className="grid grid-2 manual-forms">
            <section className="panel" aria-labelledby="add-entry-title">
              <h2 id="add-entry-title">Add a manual entry</h2>
              <EntryForm accounts={accounts.data} copilotPrices={copilotPrices} />
            </section>
            <section className="panel" aria-labelledby="add-plan-title">
              <h2 id="add-plan-title">Add a seat plan</h2>
              <p className="muted form-intro">
                Seats × price per seat, recorded as one entry every month until it is stopped.
              </p>
              <PlanForm accounts={accounts.data} copilotPrices={copilotPrices} />
            </section>
          </div>
          <EntriesSection accounts={accounts.data} plans={plans.data ?? []} />
          <PlansSection accounts={accounts.data} plans={plans} />
        </>
      )}
    </section>
  );
}
