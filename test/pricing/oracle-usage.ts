/**
 * Translates TokenLedger usage into the usage of `@pydantic/genai-prices`, the independent price
 * table used as an oracle. Both count cache tokens as parts of input; they differ in two places:
 * - the oracle's cache_write_tokens holds both write classes and cache_write_1h_tokens the 1h part;
 * - the oracle counts reasoning and citation tokens as parts of output_tokens, while a model that
 *   bills them on their own (Perplexity deep research) reports them beside completion_tokens here.
 */
import type { PricingUsage } from "../../src/pricing/index.ts";

export type OracleUsage = Record<string, number>;

export function toOracleUsage(usage: PricingUsage, billsReasoningSeparately: boolean): OracleUsage {
  const write5m = usage.cache_write_5m_tokens ?? 0;
  const write1h = usage.cache_write_1h_tokens ?? 0;
  const reasoning = usage.reasoning_tokens ?? 0;
  const citation = usage.citation_tokens ?? 0;
  const completion = usage.completion_tokens ?? 0;
  return {
    input_tokens: usage.prompt_tokens ?? 0,
    cache_read_tokens: usage.cache_read_tokens ?? 0,
    cache_write_tokens: write5m + write1h,
    cache_write_1h_tokens: write1h,
    output_tokens: billsReasoningSeparately ? completion + reasoning + citation : completion,
    output_reasoning_tokens: billsReasoningSeparately ? reasoning : Math.min(reasoning, completion),
    output_citation_tokens: billsReasoningSeparately ? citation : 0,
    web_searches: usage.search_queries ?? 0,
  };
}

/** The oracle's float dollars as nano-dollars, rounded at 9 decimals: a comparison tool only. */
export function oracleNanos(totalPrice: number): bigint {
  const [whole = "0", fraction = ""] = totalPrice.toFixed(9).split(".");
  return BigInt(whole) * 1_000_000_000n + BigInt(fraction.padEnd(9, "0"));
}
