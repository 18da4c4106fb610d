/** Why a sync failed, in words a person can act on: one vocabulary for every page. */
import type { SyncErrorClass } from "../../../src/services/sync/sync-account.ts";

export const SYNC_ERROR_WORDS: Record<SyncErrorClass, string> = {
  auth: "The admin key was rejected — replace it",
  rate_limit: "The provider is rate-limiting requests; the next sync tries again",
  billing: "The provider reports a billing problem or spend cap — check the organization's billing",
  transient: "The provider was temporarily unavailable; the next sync tries again",
  bad_response:
    "The provider sent a response TokenLedger could not read; the next sync tries again",
  bad_request: "The provider refused the request — check the account's API base URL",
  invalid_data: "The provider's data did not pass TokenLedger's checks; that batch was not stored",
  internal: "TokenLedger failed while syncing — see the server log",
};

/** The words for an error class (without a final full stop); an unknown class is named. */
export function syncErrorWords(errorClass: string): string {
  return (
    (SYNC_ERROR_WORDS as Record<string, string>)[errorClass] ?? `The sync failed (${errorClass})`
  );
}
