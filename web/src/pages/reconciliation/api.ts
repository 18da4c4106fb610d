/** The reconciliation page's calls to the API and their cache keys (all under "reconciliation"). */
import { useQuery } from "@tanstack/react-query";
import type { AccountView } from "../../../../src/services/accounts.ts";
import type { PeriodEstimate } from "../../../../src/services/reconcile/period-estimate.ts";
import type { ReconciliationView } from "../../../../src/services/reconcile/reconcile.ts";
import { api } from "../../api/client.ts";

export type { AccountView, PeriodEstimate, ReconciliationView };

export const RECONCILIATION_KEY = ["reconciliation"] as const;

export function useAccounts() {
  return useQuery({
    queryKey: [...RECONCILIATION_KEY, "accounts"],
    queryFn: async ({ signal }) =>
      (await api<{ accounts: AccountView[] }>("accounts", { signal })).accounts,
  });
}

export function useEstimate(accountId: string, period: string) {
  return useQuery({
    queryKey: [...RECONCILIATION_KEY, "estimate", accountId, period],
    queryFn: ({ signal }) =>
      api<PeriodEstimate>("reconciliations/estimate", {
        query: { account_id: accountId, period },
        signal,
      }),
    enabled: accountId !== "" && period !== "",
  });
}

/** Reconciliations of one account, or of every account when `accountId` is null. */
export function useReconciliations(accountId: string | null) {
  return useQuery({
    queryKey: [...RECONCILIATION_KEY, "list", accountId ?? "all"],
    queryFn: async ({ signal }) =>
      (
        await api<{ reconciliations: ReconciliationView[] }>("reconciliations", {
          query: { account_id: accountId },
          signal,
        })
      ).reconciliations,
  });
}

export interface ReconcileRequest {
  account_id: string;
  period: string;
  amount: string;
  api_key_suffix: string | null;
  note?: string | null;
}

/** The server's dry run for an amount: its estimate, the difference and the percentage. */
export function usePreview(request: ReconcileRequest | null) {
  return useQuery({
    queryKey: [...RECONCILIATION_KEY, "preview", request],
    queryFn: ({ signal }) =>
      api<ReconciliationView>("reconciliations", {
        method: "POST",
        body: {
          account_id: request?.account_id,
          period: request?.period,
          amount: request?.amount,
          api_key_suffix: request?.api_key_suffix,
          dry_run: true,
        },
        signal,
      }),
    enabled: request !== null,
    placeholderData: (previous) => previous,
  });
}

export function confirmReconciliation(request: ReconcileRequest): Promise<ReconciliationView> {
  return api<ReconciliationView>("reconciliations", {
    method: "POST",
    body: { ...request, note: request.note?.trim() ? request.note.trim() : null },
  });
}

export function undoReconciliation(id: string): Promise<ReconciliationView> {
  return api<ReconciliationView>(`reconciliations/${encodeURIComponent(id)}/undo`, {
    method: "POST",
  });
}

/** The reconciliation in force (current or stale) for the month, whole or for one key. */
export function inForce(
  list: readonly ReconciliationView[],
  period: string,
  suffix: string | null,
): ReconciliationView | undefined {
  return list.find(
    (r) =>
      r.period === period &&
      r.api_key_suffix === suffix &&
      (r.status === "current" || r.status === "stale"),
  );
}
