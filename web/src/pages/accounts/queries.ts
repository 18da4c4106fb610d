/**
 * The page's reads. Keys start with "accounts-page" so no other page's cache shape can clash.
 * Nothing secret is ever a query key or a cached value: accounts carry only the key's hint.
 */
import { queryOptions } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import type { AccountView, SyncRunView } from "./types.ts";

/** `accounts/<id><rest>` with the id escaped, for every call about one account. */
export function accountPath(accountId: string, rest = ""): string {
  return `accounts/${encodeURIComponent(accountId)}${rest}`;
}

export const accountsQuery = queryOptions({
  queryKey: ["accounts-page", "accounts"],
  queryFn: async ({ signal }) =>
    (await api<{ accounts: AccountView[] }>("accounts", { signal })).accounts,
});

export function syncRunsQuery(accountId: string) {
  return queryOptions({
    queryKey: ["accounts-page", accountId, "sync-runs"],
    queryFn: async ({ signal }) =>
      (await api<{ runs: SyncRunView[] }>(accountPath(accountId, "/sync-runs"), { signal })).runs,
  });
}
