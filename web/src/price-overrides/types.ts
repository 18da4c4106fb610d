/** Wire types of price overrides, from the server's own modules (erased at build). */
export type { AccountView } from "../../../src/services/accounts.ts";
export type {
  AccountPriceOverrideWire,
  PriceOverrideWire,
} from "../../../src/services/price-overrides.ts";

import type { PriceOverrideWire } from "../../../src/services/price-overrides.ts";

/** An override in a list: with its account's name and provider when the list spans accounts. */
export type ListedOverride = PriceOverrideWire & {
  account_name?: string;
  account_provider?: string;
};
