/** The Prices page's calls and wire types (types come from the server's own modules). */
import { api } from "../../api/client.ts";

export type { ListedPrice, Quote } from "../../../../src/pricing/index.ts";
export type { AccountView } from "../../../../src/services/accounts.ts";
export type { PriceOverrideWire } from "../../../../src/services/price-overrides.ts";
export type { RecomputeGroup, RecomputeResult } from "../../../../src/services/recompute.ts";
export type { UnpricedModel, UnpricedModels } from "../../../../src/services/unpriced.ts";

import type { ListedPrice, Quote } from "../../../../src/pricing/index.ts";
import type { AccountView } from "../../../../src/services/accounts.ts";
import type { RecomputeResult } from "../../../../src/services/recompute.ts";
import type { UnpricedModels } from "../../../../src/services/unpriced.ts";

/**
 * Query keys; every key starts with "prices" or "accounts" so one invalidation refreshes them.
 * Overrides have their own keys (src/price-overrides/api.ts), shared with the Accounts page.
 */
export const KEYS = {
  catalog: (at: string) => ["prices", "catalog", at] as const,
  unpriced: ["prices", "unpriced"] as const,
  accounts: ["accounts"] as const,
};

export const fetchCatalog = (at: string) =>
  api<{ prices: ListedPrice[] }>("prices", { query: { at } }).then((r) => r.prices);

export const fetchUnpriced = () => api<UnpricedModels>("prices/unpriced");

export const fetchAccounts = () =>
  api<{ accounts: AccountView[] }>("accounts").then((r) => r.accounts);

export interface RecomputeRequest {
  from?: string;
  to?: string;
  account_id?: string;
  provider?: string;
  apply: boolean;
}

export const recompute = (body: RecomputeRequest) =>
  api<RecomputeResult>("prices/recompute", { method: "POST", body });

export interface QuoteRequest {
  provider: string;
  model: string;
  at?: string;
  account_id?: string;
  usage: Record<string, number | string>;
}

export const fetchQuote = (body: QuoteRequest) =>
  api<Quote>("prices/quote", { method: "POST", body });
