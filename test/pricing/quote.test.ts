import { describe, expect, it } from "vitest";
import { createPricer, quote } from "../../src/pricing/index.ts";

describe("quote", () => {
  it("returns JSON-ready output with the total as a decimal string", () => {
    // 1,000 × 2.50 + 500 × 10 = 0.0075
    const result = quote({
      provider: "openai",
      model: "gpt-4o",
      at: "2025-06-01",
      usage: { prompt_tokens: 1_000, completion_tokens: 500 },
    });
    expect(JSON.parse(JSON.stringify(result))).toEqual({
      total_cost: "0.0075",
      currency: "USD",
      unpriced: false,
      price_version: "openai/gpt-4o@2024-08-06",
      breakdown: {
        tier: "standard",
        context: "standard",
        search_context_size: null,
        lines: {
          input: {
            quantity: "1000",
            rate: "2.50",
            per: "1M tokens",
            amount: "0.0025",
            adjustments: [],
          },
          output: {
            quantity: "500",
            rate: "10.00",
            per: "1M tokens",
            amount: "0.005",
            adjustments: [],
          },
        },
        discount: null,
        exact_total: "0.0075",
        total: "0.0075",
        rounding:
          "exact sum of all components, rounded once per record half-to-even to 0.000000001 USD",
        notes: [],
      },
      price: {
        provider: "openai",
        model: "gpt-4o",
        matched_alias: null,
        effective_from: "2024-08-06",
        effective_to: null,
        source_url: "https://platform.openai.com/docs/pricing",
        override_id: null,
        override_ids: [],
        version: "openai/gpt-4o@2024-08-06",
        labels: [],
      },
    });
  });

  it("gives null cost, unpriced and no price for an unknown model, never $0", () => {
    const result = createPricer().quote({
      provider: "groq",
      model: "mystery-70b",
      at: "2025-06-01",
      usage: { prompt_tokens: 10 },
    });
    expect(result).toMatchObject({
      total_cost: null,
      currency: "USD",
      unpriced: true,
      price: null,
      price_version: null,
    });
    expect(result.breakdown.notes).toEqual(["groq/mystery-70b is not in the price catalog"]);
  });

  it("prints a zero-usage record as 0.00, not unpriced", () => {
    expect(
      quote({ provider: "openai", model: "gpt-4o", at: "2025-06-01", usage: {} }).total_cost,
    ).toBe("0.00");
  });
});
