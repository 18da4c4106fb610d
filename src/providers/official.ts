/**
 * The official-data adapters, one per provider whose collection method is `official_api`. The
 * table is checked against the provider registry: marking another provider `official_api`
 * fails to compile until its adapter is registered here.
 */
import { anthropicAdapter } from "./anthropic/index.ts";
import { openaiAdapter } from "./openai/index.ts";
import type { PROVIDERS, ProviderId } from "./registry.ts";
import type { OfficialAdapter } from "./types.ts";

/** The providers whose spend is read from an official API. */
export type OfficialProviderId = {
  [P in ProviderId]: (typeof PROVIDERS)[P]["collection"] extends "official_api" ? P : never;
}[ProviderId];

const ADAPTERS = {
  anthropic: anthropicAdapter,
  openai: openaiAdapter,
} as const satisfies { [P in OfficialProviderId]: OfficialAdapter & { provider: P } };

export const OFFICIAL_ADAPTERS: Partial<Record<ProviderId, OfficialAdapter>> = ADAPTERS;

/** The adapter of a provider with an official usage API, or undefined for the others. */
export function officialAdapterFor(provider: ProviderId): OfficialAdapter | undefined {
  return OFFICIAL_ADAPTERS[provider];
}
