/**
 * Removes an account, in steps: confirm; and when the server refuses because the account has
 * usage records, say what deleting them means (its spend leaves every report) before forcing.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { ApiError, api } from "../../api/client.ts";
import { formatCount } from "../../ui/format.ts";
import { Money } from "../../ui/Money.tsx";
import { FormProblem } from "./FormProblem.tsx";
import { accountPath, accountsQuery } from "./queries.ts";
import type { AccountView, Summary } from "./types.ts";
import { useAction } from "./useAction.ts";

type Step = { kind: "idle" } | { kind: "confirm" } | { kind: "force"; spend: Summary | null };

/** What the accounts list says after a removal (router state, not the URL). */
export interface RemovedState {
  removed: { name: string; records: number };
}

export function RemoveAccount({ account }: { account: AccountView }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const { pending, error, run, clear } = useAction();

  async function remove(force: boolean) {
    const result = await run(async () => {
      try {
        return await api<{ removed_records: number }>(accountPath(account.id), {
          method: "DELETE",
          query: force ? { force: true } : {},
        });
      } catch (caught) {
        if (caught instanceof ApiError && caught.status === 409 && caught.fieldMessage("force")) {
          // The account has records: show what deleting them costs before asking again.
          const spend = await api<Summary>("reports/summary", {
            query: { account_id: account.id },
          }).catch(() => null);
          setStep({ kind: "force", spend });
          return null;
        }
        throw caught;
      }
    });
    if (!result) return;
    const state: RemovedState = {
      removed: { name: account.name, records: result.removed_records },
    };
    // Leave the account's view and refresh everything else (reports and lists no longer count
    // it); what was cached about the account itself is dropped, never refetched: it is gone.
    const own = (query: { queryKey: readonly unknown[] }) => query.queryKey.includes(account.id);
    await queryClient.cancelQueries({ predicate: own });
    // The list drops the account at once, so it never shows beside the "Removed" notice.
    queryClient.setQueryData(accountsQuery.queryKey, (accounts) =>
      accounts?.filter((a) => a.id !== account.id),
    );
    navigate("/accounts", { state });
    await queryClient.invalidateQueries({ predicate: (query) => !own(query) });
    queryClient.removeQueries({ predicate: own });
  }

  function cancel() {
    clear();
    setStep({ kind: "idle" });
  }

  return (
    <section className="panel remove-panel" aria-labelledby="remove-heading">
      <h2 id="remove-heading">Remove account</h2>
      <FormProblem error={error} action="remove the account" />
      {step.kind === "idle" && (
        <>
          <p className="muted">
            Removes the account together with its admin key, sync history, price overrides,
            reconciliations, recurring seat plans and credit purchases. Its usage records are never
            deleted without a second, explicit confirmation.
          </p>
          <button type="button" className="danger" onClick={() => setStep({ kind: "confirm" })}>
            Remove account…
          </button>
        </>
      )}
      {step.kind === "confirm" && (
        <div className="stack">
          <p>
            Remove <strong>{account.name}</strong>? This cannot be undone.
          </p>
          <div className="row">
            <button
              type="button"
              className="danger"
              onClick={() => remove(false)}
              disabled={pending}
            >
              {pending ? "Removing…" : `Yes, remove ${account.name}`}
            </button>
            <button type="button" onClick={cancel} disabled={pending}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {step.kind === "force" && (
        <div className="stack">
          <p className="notice notice-warn">
            <strong>{account.name} has usage records in the ledger</strong>
            {step.spend ? (
              <>
                : <Money amount={step.spend.total_cost} /> of spend in{" "}
                {formatCount(step.spend.records)} records
                {step.spend.unpriced_records > 0
                  ? `, ${formatCount(step.spend.unpriced_records)} of them unpriced`
                  : ""}
              </>
            ) : null}
            . Removing the account deletes them for good: that spend disappears from every report,
            the overview, budgets and reconciliations, and cannot be brought back except by syncing
            or importing it again. To keep the history, keep the account.
          </p>
          <div className="row">
            <button
              type="button"
              className="danger"
              onClick={() => remove(true)}
              disabled={pending}
            >
              {pending ? "Deleting…" : "Delete the account and its records"}
            </button>
            <button type="button" onClick={cancel} disabled={pending}>
              Keep the account
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
