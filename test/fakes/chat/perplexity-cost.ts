/**
 * Perplexity's own per-request `usage.cost` (providers.md §4), computed exactly from list prices
 * and printed as float literals the way a JSON encoder would, e.g. `0.000037` or `0.005`.
 */
import {
  addDecimals,
  type Decimal,
  formatDecimal,
  parseDecimal,
  perMillion,
  shiftDecimal,
  ZERO,
} from "../exact-decimal.ts";
import type { AnswerPlan } from "./usage.ts";

interface SonarPrice {
  input: string;
  output: string;
  citation?: string;
  reasoning?: string;
  searchQueriesPer1k?: string;
  requestFeePer1k?: Record<"low" | "medium" | "high", string>;
}

/** USD per million tokens; fees per 1,000 requests or searches. Unknown models price as sonar. */
export const SONAR_PRICES: Readonly<Record<string, SonarPrice>> = {
  sonar: { input: "1", output: "1", requestFeePer1k: { low: "5", medium: "8", high: "12" } },
  "sonar-pro": {
    input: "3",
    output: "15",
    requestFeePer1k: { low: "6", medium: "10", high: "14" },
  },
  "sonar-reasoning": { input: "1", output: "5" },
  "sonar-reasoning-pro": {
    input: "2",
    output: "8",
    requestFeePer1k: { low: "6", medium: "10", high: "14" },
  },
  "sonar-deep-research": {
    input: "2",
    output: "8",
    citation: "2",
    reasoning: "3",
    searchQueriesPer1k: "5",
  },
};

/** How cost literals are printed: plain decimals, or like Python's `repr` (`3.7e-05`). */
export type CostNotation = "plain" | "python";

const COST_DECIMALS = 6;

/** Rounds half up to `COST_DECIMALS` places (costs are never negative). */
function round(value: Decimal): Decimal {
  if (value.scale <= COST_DECIMALS) {
    return {
      units: value.units * 10n ** BigInt(COST_DECIMALS - value.scale),
      scale: COST_DECIMALS,
    };
  }
  const divisor = 10n ** BigInt(value.scale - COST_DECIMALS);
  return { units: (value.units + divisor / 2n) / divisor, scale: COST_DECIMALS };
}

/** A float literal: always with a fraction or exponent, as a float encoder prints it. */
export function costLiteral(value: Decimal, notation: CostNotation): string {
  const plain = formatDecimal(value);
  const exponentForm = notation === "python" && value.units !== 0n && plain.startsWith("0.0000");
  if (!exponentForm) return plain.includes(".") ? plain : `${plain}.0`;
  const digits = value.units.toString();
  const significant = digits.replace(/0+$/, "");
  const exponent = digits.length - 1 - value.scale;
  const mantissa =
    significant.length > 1 ? `${significant[0]}.${significant.slice(1)}` : significant;
  return `${mantissa}e-${String(-exponent).padStart(2, "0")}`;
}

/** The cost fields in the order Perplexity prints them: field → literal. */
export function perplexityCost(plan: AnswerPlan, notation: CostNotation): Record<string, string> {
  const price = SONAR_PRICES[plan.requestedModel] ?? (SONAR_PRICES.sonar as SonarPrice);
  const { tokens } = plan;
  const parts: [string, Decimal][] = [
    ["input_tokens_cost", perMillion(tokens.promptTokens, price.input)],
    ["output_tokens_cost", perMillion(tokens.completionTokens, price.output)],
  ];
  const fee = price.requestFeePer1k?.[plan.searchContextSize];
  if (fee !== undefined) parts.push(["request_cost", shiftDecimal(parseDecimal(fee), 3)]);
  if (price.citation !== undefined) {
    parts.push(["citation_tokens_cost", perMillion(tokens.citationTokens, price.citation)]);
  }
  if (price.reasoning !== undefined) {
    parts.push(["reasoning_tokens_cost", perMillion(tokens.reasoningTokens, price.reasoning)]);
  }
  if (price.searchQueriesPer1k !== undefined) {
    const perQuery = shiftDecimal(parseDecimal(price.searchQueriesPer1k), 3);
    const queries = { units: perQuery.units * BigInt(tokens.searchQueries), scale: perQuery.scale };
    parts.push(["search_queries_cost", queries]);
  }
  const rounded = parts.map(([field, value]) => [field, round(value)] as const);
  const total = rounded.reduce((sum, [, value]) => addDecimals(sum, value), ZERO);
  const literals: Record<string, string> = {};
  for (const [field, value] of [...rounded, ["total_cost", total] as const]) {
    literals[field] = costLiteral(value, notation);
  }
  return { ...literals, ...plan.costOverride };
}
