/** The page's vocabulary: how spend arrives, which key a provider needs, and sync states in words. */
import type { OfficialProviderId } from "../../../../src/providers/official.ts";
import {
  type CollectionMethod,
  isProviderId,
  PROVIDER_IDS,
  PROVIDERS,
  type ProviderId,
} from "../../../../src/providers/registry.ts";

export { providerName } from "../../ui/providers.ts";
export { PROVIDER_IDS, PROVIDERS, type ProviderId };

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

export { SYNC_ERROR_WORDS, syncErrorWords } from "../../ui/sync-errors.ts";

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
