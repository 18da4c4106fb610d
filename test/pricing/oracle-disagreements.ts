/**
 * Where TokenLedger's price and @pydantic/genai-prices knowingly differ. This is the only list:
 * the oracle test allows exactly these, fails when one stops happening, and docs/pricing.md
 * repeats every id with its reason.
 */
import type { PricingUsage } from "../../src/pricing/index.ts";
import type { ProviderId } from "../../src/providers/registry.ts";

export interface OracleCase {
  provider: ProviderId;
  /** Canonical model id in TokenLedger's catalog. */
  model: string;
  date: string;
  usage: PricingUsage;
}

export interface KnownDisagreement {
  id: string;
  applies: (c: OracleCase) => boolean;
  reason: string;
}

const REQUEST_FEE_MODELS = new Set(["sonar", "sonar-pro", "sonar-reasoning-pro"]);

export const KNOWN_DISAGREEMENTS: readonly KnownDisagreement[] = [
  {
    id: "o3-launch-cached-input",
    applies: (c) =>
      c.model === "o3" && c.date < "2025-06-10" && (c.usage.cache_read_tokens ?? 0) > 0,
    reason:
      "o3 before 2025-06-10: the oracle lists cached input at $0.50/MTok with the $10 launch price; OpenAI's launch price for cached input was $2.50/MTok (providers.md §2).",
  },
  {
    id: "sonnet-4-long-context",
    applies: (c) => c.model === "claude-sonnet-4" && (c.usage.prompt_tokens ?? 0) > 200_000,
    reason:
      "Claude Sonnet 4 requests above 200k input tokens: the oracle has no long-context tier for Sonnet 4 (only for Sonnet 4.5); Anthropic bills both at $6 / $22.50 (providers.md §1.5).",
  },
  {
    id: "perplexity-request-fee-context-size",
    applies: (c) => REQUEST_FEE_MODELS.has(c.model) && c.usage.search_context_size !== "high",
    reason:
      'Perplexity request fee: the oracle always charges the fee for search_context_size "high"; TokenLedger charges the size the record reports and assumes "low" (the API default) when it is absent.',
  },
  {
    id: "sonar-reasoning-request-fee",
    applies: (c) => c.model === "sonar-reasoning",
    reason:
      "sonar-reasoning: the oracle charges a $12 per 1,000 request fee; providers.md §4 lists no request fee for this deprecated model.",
  },
  {
    id: "openai-web-search",
    applies: (c) => c.provider === "openai" && (c.usage.search_queries ?? 0) > 0,
    reason:
      "OpenAI web search tool calls: the oracle charges $10 per 1,000; providers.md §2 lists no web search price, so TokenLedger notes search queries without billing them.",
  },
];

/** The ids of the known disagreements that explain a case. */
export function disagreementsFor(c: OracleCase): string[] {
  return KNOWN_DISAGREEMENTS.filter((d) => d.applies(c)).map((d) => d.id);
}
