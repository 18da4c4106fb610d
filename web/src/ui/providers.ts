/** Provider names and chart colours, from the server's own provider registry. */
import {
  isProviderId,
  PROVIDER_IDS,
  PROVIDERS,
  type ProviderId,
} from "../../../src/providers/registry.ts";

export { PROVIDER_IDS, PROVIDERS, type ProviderId };

/** "Anthropic" for "anthropic"; an unknown id is shown as it is. */
export function providerName(id: string): string {
  return isProviderId(id) ? PROVIDERS[id].displayName : id;
}

const COLORS: Record<ProviderId, string> = {
  anthropic: "#c96442",
  openai: "#10a37f",
  groq: "#f55036",
  perplexity: "#1f7a8c",
  github_copilot: "#6e40c9",
};

export function providerColor(id: string): string {
  return isProviderId(id) ? COLORS[id] : "#64748b";
}
