/**
 * Price overrides over the API: reads, add, remove, and the query keys. Every key starts with
 * "price-overrides", so one invalidation refreshes every list of overrides on every page.
 */
import { type QueryClient, queryOptions } from "@tanstack/react-query";
import { api } from "../api/client.ts";
import type { AccountPriceOverrideWire, PriceOverrideWire } from "./types.ts";

const accountPrices = (accountId: string, rest = "") =>
  `accounts/${encodeURIComponent(accountId)}/prices${rest}`;

export const overrideKeys = {
  all: ["price-overrides"] as const,
  everyAccount: ["price-overrides", "every-account"] as const,
  account: (accountId: string) => ["price-overrides", "account", accountId] as const,
};

/** Every account's overrides, with each account's name and provider. */
export const everyAccountOverridesQuery = queryOptions({
  queryKey: overrideKeys.everyAccount,
  queryFn: async ({ signal }) =>
    (await api<{ overrides: AccountPriceOverrideWire[] }>("prices/overrides", { signal }))
      .overrides,
});

/** One account's overrides. */
export function accountOverridesQuery(accountId: string) {
  return queryOptions({
    queryKey: overrideKeys.account(accountId),
    queryFn: async ({ signal }) =>
      (await api<{ overrides: PriceOverrideWire[] }>(accountPrices(accountId), { signal }))
        .overrides,
  });
}

export const addOverride = (accountId: string, body: Record<string, unknown>) =>
  api<PriceOverrideWire>(accountPrices(accountId), { method: "POST", body });

export const removeOverride = (accountId: string, id: string) =>
  api<{ removed: string }>(accountPrices(accountId, `/${encodeURIComponent(id)}`), {
    method: "DELETE",
  });

/** Refreshes every list of overrides (this account's, every account's) after a change. */
export const invalidateOverrides = (queryClient: QueryClient) =>
  queryClient.invalidateQueries({ queryKey: overrideKeys.all });
