/**
 * The providers TokenLedger knows, in one table the compiler checks: adding an id to
 * `PROVIDER_IDS` fails to compile until it has an entry here.
 */
export const PROVIDER_IDS = [
  "anthropic",
  "openai",
  "groq",
  "perplexity",
  "github_copilot",
] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** How TokenLedger learns what an account of this provider spent. */
export type CollectionMethod = "official_api" | "capture" | "manual";

export interface ProviderInfo {
  displayName: string;
  collection: CollectionMethod;
  /** Public API base URL; `TOKENLEDGER_<PROVIDER>_BASE_URL` overrides it. */
  defaultBaseUrl: string | null;
}

export const PROVIDERS = {
  anthropic: {
    displayName: "Anthropic",
    collection: "official_api",
    defaultBaseUrl: "https://api.anthropic.com",
  },
  openai: {
    displayName: "OpenAI",
    collection: "official_api",
    defaultBaseUrl: "https://api.openai.com",
  },
  groq: { displayName: "Groq", collection: "capture", defaultBaseUrl: "https://api.groq.com" },
  perplexity: {
    displayName: "Perplexity",
    collection: "capture",
    defaultBaseUrl: "https://api.perplexity.ai",
  },
  github_copilot: {
    displayName: "GitHub Copilot",
    collection: "manual",
    defaultBaseUrl: "https://api.github.com",
  },
} as const satisfies Record<ProviderId, ProviderInfo>;

export function isProviderId(value: string): value is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(value);
}
