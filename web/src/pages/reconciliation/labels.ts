/** Names the page uses for accounts, keys and statuses. */
import { isProviderId, PROVIDERS } from "../../../../src/providers/registry.ts";
import { providerName } from "../../ui/providers.ts";
import type { AccountView, ReconciliationView } from "./api.ts";

export { providerName };

/** Accounts whose spend TokenLedger estimates from captured traffic (Groq, Perplexity). */
export function isCaptured(account: Pick<AccountView, "provider">): boolean {
  return isProviderId(account.provider) && PROVIDERS[account.provider].collection === "capture";
}

export function accountLabel(account: Pick<AccountView, "provider" | "name">): string {
  return `${providerName(account.provider)} · ${account.name}`;
}

/** An API key by its last 4 characters only: `…ab12`. */
export function keyLabel(suffix: string | null): string {
  return suffix === null ? "No key recorded" : `…${suffix}`;
}

export const STATUS_WORDS: Record<ReconciliationView["status"], string> = {
  preview: "Preview",
  current: "Active",
  stale: "Stale",
  replaced: "Replaced",
  undone: "Undone",
};

export const STATUS_EXPLANATIONS: Record<ReconciliationView["status"], string> = {
  preview: "Not recorded: a dry run",
  current: "In force: the month totals the billed amount",
  stale:
    "In force, but usage arrived after it was confirmed: the estimate and the difference changed",
  replaced: "Replaced by a later reconciliation of the same month",
  undone: "Undone: the estimates count again",
};

export const STATUS_BADGE: Record<ReconciliationView["status"], string> = {
  preview: "badge-neutral",
  current: "badge-reconciled",
  stale: "badge-estimated",
  replaced: "badge-neutral",
  undone: "badge-neutral",
};
