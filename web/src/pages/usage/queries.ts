/** The explorer's server reads, each a TanStack query keyed by exactly what it asks for. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ListedPrice } from "../../../../src/pricing/quote.ts";
import type { AccountView } from "../../../../src/services/accounts.ts";
import type { Summary } from "../../../../src/services/reports.ts";
import type { UsagePage, UsageSort } from "../../../../src/services/usage-list.ts";
import { api } from "../../api/client.ts";
import { apiFilters, type Grouping, type UsageFilters } from "./filters.ts";

export function useAccounts() {
  return useQuery({
    // Keys are the page's own: another page may cache the same endpoint in another shape.
    queryKey: ["usage-explorer", "accounts"],
    queryFn: ({ signal }) => api<{ accounts: AccountView[] }>("accounts", { signal }),
    select: (data) => data.accounts,
  });
}

/** Every catalog entry, all versions: what a record's `price_version` points at. */
export function useCatalog() {
  return useQuery({
    queryKey: ["usage-explorer", "catalog"],
    queryFn: ({ signal }) => api<{ prices: ListedPrice[] }>("prices", { signal }),
    select: (data) => new Map(data.prices.map((p) => [p.version, p])),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useRecords(
  filters: UsageFilters,
  sort: UsageSort,
  limit: number,
  cursor: string | undefined,
  enabled: boolean,
) {
  const query = { ...apiFilters(filters), sort, limit, cursor };
  return useQuery({
    queryKey: ["usage-explorer", "records", query],
    queryFn: ({ signal }) => api<UsagePage>("usage", { query, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Totals for the filters, grouped; `grouping` null asks for the grand total alone. */
export function useSummary(filters: UsageFilters, grouping: Grouping | null, enabled: boolean) {
  const query = { ...apiFilters(filters), group_by: grouping ?? undefined };
  return useQuery({
    queryKey: ["usage-explorer", "summary", query],
    queryFn: ({ signal }) => api<Summary>("reports/summary", { query, signal }),
    // The previous figures stay while new filters load, but never under another grouping.
    placeholderData: (previous) =>
      previous && (previous.group_by[0] ?? null) === grouping ? previous : undefined,
    enabled,
  });
}
