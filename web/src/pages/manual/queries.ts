/** The manual-entry page's reads from /api/v1, with their cache keys. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ListedPrice } from "../../../../src/pricing/index.ts";
import type { AccountView } from "../../../../src/services/accounts.ts";
import type {
  ManualEntryHistory,
  ManualRecordView,
  RecurringHistory,
  RecurringPlanView,
} from "../../../../src/services/manual/index.ts";
import { api } from "../../api/client.ts";

export type {
  AccountView,
  ListedPrice,
  ManualEntryHistory,
  ManualRecordView,
  RecurringHistory,
  RecurringPlanView,
};

export type EntryKind = "" | "entry" | "recurring";

export function useAccounts() {
  return useQuery({
    queryKey: ["manual", "accounts"],
    queryFn: ({ signal }) =>
      api<{ accounts: AccountView[] }>("accounts", { signal }).then((r) => r.accounts),
  });
}

export function useManualEntries(filter: { account_id: string; kind: EntryKind }) {
  return useQuery({
    queryKey: ["manual", "entries", filter],
    queryFn: ({ signal }) =>
      api<{ records: ManualRecordView[] }>("usage/manual", { query: filter, signal }).then(
        (r) => r.records,
      ),
  });
}

export function useRecurringPlans() {
  return useQuery({
    queryKey: ["manual", "plans"],
    queryFn: ({ signal }) =>
      api<{ plans: RecurringPlanView[] }>("recurring", { signal }).then((r) => r.plans),
  });
}

/** GitHub Copilot's catalog entries (seat prices per month, with their effective dates). */
export function useCopilotPrices() {
  return useQuery({
    queryKey: ["manual", "copilot-prices"],
    queryFn: ({ signal }) =>
      api<{ prices: ListedPrice[] }>("prices", {
        query: { provider: "github_copilot" },
        signal,
      }).then((r) => r.prices),
    staleTime: 60 * 60 * 1000,
  });
}

export function useEntryHistory(id: string) {
  return useQuery({
    queryKey: ["manual", "history", id],
    queryFn: ({ signal }) =>
      api<ManualEntryHistory>(`usage/manual/${encodeURIComponent(id)}/history`, { signal }),
  });
}

export function usePlanHistory(id: string) {
  return useQuery({
    queryKey: ["manual", "plan-history", id],
    queryFn: ({ signal }) =>
      api<RecurringHistory>(`recurring/${encodeURIComponent(id)}/history`, { signal }),
  });
}

/**
 * After any write: a manual dollar changes the overview, usage, reports and credits too, so
 * every cached read is refreshed (only the ones on screen refetch now).
 */
export function useRefreshAll() {
  const queryClient = useQueryClient();
  return () =>
    queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== "session" });
}
