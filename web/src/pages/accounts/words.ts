/** The page's vocabulary: how spend arrives, which key a provider needs, and sync states in words. */
import type { OfficialProviderId } from "../../../../src/providers/official.ts";
import {
  type CollectionMethod,
  isProviderId,
  PROVIDER_IDS,
  PROVIDERS,
  type ProviderId,
} from "../../../../src/providers/registry.ts";
import type { SyncErrorClass } from "./types.ts";

export { PROVIDER_IDS, PROVIDERS, type ProviderId };

export function providerName(id: string): string {
  return isProviderId(id) ? PROVIDERS[id].displayName : id;
}

export function collectionOf(id: string): CollectionMethod {
  return isProviderId(id) ? PROVIDERS[id].collection : "manual";
}

export function hasAdminApi(id: string): id is OfficialProviderId {
  return collectionOf(id) === "official_api";
}

/** How an account's spend reaches the ledger, in a few words. */
export const COLLECTION_WORDS: Record<CollectionMethod, string> = {
  official_api: "Synced from the admin API",
  capture: "Captured through the proxy",
  manual: "Entered by hand",
};

/** What the admin key of each provider with an admin API is, and where to create it. */
export const ADMIN_KEY_HELP: Record<OfficialProviderId, string> = {
  anthropic:
    "An Anthropic Admin key (starts sk-ant-admin01-), from Claude Console → Settings → Admin keys; organization accounts only. A normal API key (sk-ant-api03-…) cannot read usage and is refused.",
  openai:
    "An OpenAI Admin key (starts sk-admin-), from platform.openai.com → Settings → Organization → Admin keys. Project keys (sk-proj-…) cannot read usage and are refused.",
};

export function adminKeyHelp(provider: string): string {
  return hasAdminApi(provider) ? ADMIN_KEY_HELP[provider] : "";
}

/** Why the last sync failed, in words a person can act on. */
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

export function syncErrorWords(errorClass: string): string {
  return (
    (SYNC_ERROR_WORDS as Record<string, string>)[errorClass] ?? `The sync failed (${errorClass})`
  );
}

/** What started a sync run. */
export function triggerWords(trigger: string): string {
  if (trigger === "api") return "Dashboard or API";
  if (trigger === "schedule") return "Schedule";
  if (trigger === "manual") return "Command line";
  return trigger;
}

/** "usage report" for the endpoint "usage". */
export function endpointWords(endpoint: string): string {
  return `${endpoint} report`;
}
