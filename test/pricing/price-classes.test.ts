/**
 * Hand-worked cases, one per price class. Prices are USD per million tokens unless stated;
 * each comment shows the arithmetic.
 */
import { describe, expect, it } from "vitest";
import { price, usd } from "./helpers.ts";

const SONNET = "claude-sonnet-4-5-20250929";
const AT = "2025-10-01T12:00:00Z";

describe("token classes (Claude Sonnet 4.5: 3 in, 15 out, 0.30 read, 3.75 5m write, 6 1h write)", () => {
  it("prices uncached input", () => {
    // 100,000 × $3 / 1M
    expect(price("anthropic", SONNET, AT, { prompt_tokens: 100_000 }).totalNanos).toBe(usd("0.3"));
  });

  it("prices output", () => {
    // 2,000 × $15 / 1M
    expect(price("anthropic", SONNET, AT, { completion_tokens: 2_000 }).totalNanos).toBe(
      usd("0.03"),
    );
  });

  it("prices cache reads as part of prompt_tokens", () => {
    // 10,000 read × $0.30 / 1M; no uncached input left
    const result = price("anthropic", SONNET, AT, {
      prompt_tokens: 10_000,
      cache_read_tokens: 10_000,
    });
    expect(result.totalNanos).toBe(usd("0.003"));
    expect(Object.keys(result.breakdown.lines)).toEqual(["cache_read"]);
  });

  it("prices 5-minute cache writes", () => {
    // 10,000 × $3.75 / 1M
    expect(
      price("anthropic", SONNET, AT, { prompt_tokens: 10_000, cache_write_5m_tokens: 10_000 })
        .totalNanos,
    ).toBe(usd("0.0375"));
  });

  it("prices 1-hour cache writes", () => {
    // 10,000 × $6 / 1M
    expect(
      price("anthropic", SONNET, AT, { prompt_tokens: 10_000, cache_write_1h_tokens: 10_000 })
        .totalNanos,
    ).toBe(usd("0.06"));
  });

  it("splits prompt_tokens into uncached input and the three cache classes", () => {
    // uncached 3,200 − 200 − 500 − 1,000 = 1,500 × 3 = 0.0045; read 200 × 0.30 = 0.00006;
    // 5m 500 × 3.75 = 0.001875; 1h 1,000 × 6 = 0.006; output 500 × 15 = 0.0075 → 0.019935
    const result = price("anthropic", SONNET, AT, {
      prompt_tokens: 3_200,
      completion_tokens: 500,
      cache_read_tokens: 200,
      cache_write_5m_tokens: 500,
      cache_write_1h_tokens: 1_000,
    });
    expect(result.totalNanos).toBe(usd("0.019935"));
    expect(result.breakdown.lines.input).toMatchObject({
      quantity: "1500",
      rate: "3.00",
      amount: "0.0045",
    });
    expect(result.breakdown.lines.cache_read?.amount).toBe("0.00006");
    expect(result.breakdown.lines.cache_write_5m?.amount).toBe("0.001875");
    expect(result.breakdown.lines.cache_write_1h?.amount).toBe("0.006");
    expect(result.breakdown.lines.output?.amount).toBe("0.0075");
    expect(result.breakdown.exact_total).toBe("0.019935");
  });
});

describe("batch", () => {
  it("takes 50% off input and output (gpt-4o: 2.50 in, 10 out)", () => {
    // (1M × 2.50 + 1M × 10) / 1M × 0.5 = 6.25
    const result = price("openai", "gpt-4o", "2025-03-01", {
      prompt_tokens: 1_000_000,
      completion_tokens: 1_000_000,
      service_tier: "batch",
    });
    expect(result.totalNanos).toBe(usd("6.25"));
    expect(result.breakdown.tier).toBe("batch");
    expect(result.price?.labels).toEqual(["batch"]);
  });

  it("stacks with every cache class", () => {
    // 0.019935 (the split case above) × 0.5
    const result = price("anthropic", SONNET, AT, {
      prompt_tokens: 3_200,
      completion_tokens: 500,
      cache_read_tokens: 200,
      cache_write_5m_tokens: 500,
      cache_write_1h_tokens: 1_000,
      service_tier: "batch",
    });
    expect(result.totalNanos).toBe(usd("0.0099675"));
    expect(result.breakdown.lines.cache_write_5m).toMatchObject({
      amount: "0.0009375",
      adjustments: ["batch: 50% off"],
    });
  });

  it("does not discount web search", () => {
    // tokens 1,000 × 3 × 0.5 = 0.0015; 4 searches × $10 / 1,000 = 0.04
    const result = price("anthropic", SONNET, AT, {
      prompt_tokens: 1_000,
      search_queries: 4,
      service_tier: "batch",
    });
    expect(result.totalNanos).toBe(usd("0.0415"));
  });

  it("applies Groq's 50% but marks it unconfirmed", () => {
    // (1M × 0.59 + 1M × 0.79) × 0.5 = 0.69
    const result = price("groq", "llama-3.3-70b-versatile", "2025-03-01", {
      prompt_tokens: 1_000_000,
      completion_tokens: 1_000_000,
      service_tier: "batch",
    });
    expect(result.totalNanos).toBe(usd("0.69"));
    expect(result.price?.labels).toContain("unconfirmed:batch_discount_percent");
    expect(result.breakdown.notes).toContain("the batch discount of this provider is unconfirmed");
  });

  it("uses list price where no batch discount is known, and says so", () => {
    // sonar: 1,000 × 1 + 1,000 × 1 = 0.002, plus the low request fee 5 / 1,000 = 0.005
    const result = price("perplexity", "sonar", "2025-06-01", {
      prompt_tokens: 1_000,
      completion_tokens: 1_000,
      service_tier: "batch",
    });
    expect(result.totalNanos).toBe(usd("0.007"));
    expect(result.breakdown.notes).toContain(
      "batch tier: no batch discount is known for this price; list price used",
    );
  });
});

describe("long context (Sonnet 4 / 4.5 above 200k input: 6 in, 22.50 out)", () => {
  it("bills a request just over 200,000 input tokens wholly at the long-context price", () => {
    // 200,001 × 6 = 1.200006; 1,000 × 22.50 = 0.0225
    const result = price("anthropic", SONNET, AT, {
      prompt_tokens: 200_001,
      completion_tokens: 1_000,
    });
    expect(result.totalNanos).toBe(usd("1.222506"));
    expect(result.breakdown.context).toBe("long");
    expect(result.price?.labels).toEqual(["long_context"]);
  });

  it("bills a request of exactly 200,000 input tokens at the standard price", () => {
    // 200,000 × 3 = 0.6; 1,000 × 15 = 0.015
    const result = price("anthropic", SONNET, AT, {
      prompt_tokens: 200_000,
      completion_tokens: 1_000,
    });
    expect(result.totalNanos).toBe(usd("0.615"));
    expect(result.breakdown.context).toBe("standard");
  });

  it("counts cached input towards the threshold and stacks cache multipliers and batch", () => {
    // 300,000 input: uncached 100,000 × 6 = 0.6; read 100,000 × 0.60 = 0.06;
    // 5m 50,000 × 7.50 = 0.375; 1h 50,000 × 12 = 0.6; output 10,000 × 22.50 = 0.225 → 1.86 × 0.5
    const result = price("anthropic", SONNET, AT, {
      prompt_tokens: 300_000,
      completion_tokens: 10_000,
      cache_read_tokens: 100_000,
      cache_write_5m_tokens: 50_000,
      cache_write_1h_tokens: 50_000,
      service_tier: "batch",
    });
    expect(result.totalNanos).toBe(usd("0.93"));
    expect(result.breakdown.lines.cache_write_1h?.adjustments).toEqual([
      "long-context price",
      "batch: 50% off",
    ]);
  });

  it("applies to Claude Sonnet 4 too", () => {
    // 250,000 × 6 = 1.5
    expect(
      price("anthropic", "claude-sonnet-4-20250514", "2025-09-01", { prompt_tokens: 250_000 })
        .totalNanos,
    ).toBe(usd("1.5"));
  });

  it("comes from context_window on a 1d bucket", () => {
    // 100,000 × 6 = 0.6; 1,000 × 22.50 = 0.0225
    const result = price("anthropic", SONNET, AT, {
      prompt_tokens: 100_000,
      completion_tokens: 1_000,
      bucket: "1d",
      context_window: "200k-1M",
    });
    expect(result.totalNanos).toBe(usd("0.6225"));
    expect(result.breakdown.context).toBe("long");
  });

  it("never comes from the summed tokens of a 1d bucket", () => {
    // 5,000,000 × 3 = 15; 1,000 × 15 = 0.015: many small requests, standard price
    const usage = { prompt_tokens: 5_000_000, completion_tokens: 1_000, bucket: "1d" as const };
    expect(price("anthropic", SONNET, AT, { ...usage, context_window: "0-200k" }).totalNanos).toBe(
      usd("15.015"),
    );
    expect(price("anthropic", SONNET, AT, usage).totalNanos).toBe(usd("15.015"));
    expect(price("anthropic", SONNET, AT, usage).breakdown.context).toBe("standard");
  });

  it("is not applied to models without a long-context price, and says so", () => {
    // Haiku 4.5: 300,000 × 1 = 0.3
    const result = price("anthropic", "claude-haiku-4-5", "2025-11-01", {
      prompt_tokens: 300_000,
      bucket: "1h",
      context_window: "200k-1M",
    });
    expect(result.totalNanos).toBe(usd("0.3"));
    expect(result.breakdown.notes).toContain(
      'context_window "200k-1M" but no long-context price applies; standard price used',
    );
  });
});

describe("priority tier", () => {
  it("is priced at list price and labelled", () => {
    // 1,000 × 3 + 1,000 × 15 = 0.018
    const result = price("anthropic", SONNET, AT, {
      prompt_tokens: 1_000,
      completion_tokens: 1_000,
      service_tier: "priority",
    });
    expect(result.totalNanos).toBe(usd("0.018"));
    expect(result.breakdown.tier).toBe("priority");
    expect(result.price?.labels).toEqual(["priority"]);
  });
});

describe("web search", () => {
  it("bills Anthropic searches at $10 per 1,000", () => {
    // 7 × 10 / 1,000
    const result = price("anthropic", SONNET, AT, { search_queries: 7 });
    expect(result.totalNanos).toBe(usd("0.07"));
    expect(result.breakdown.lines.search_queries).toMatchObject({
      quantity: "7",
      rate: "10.00",
      per: "1,000",
    });
  });
});

describe("Perplexity request fee by search_context_size (100 in, 200 out, one request)", () => {
  it.each([
    // sonar tokens: 300 × 1 = 0.0003
    ["sonar", "low", "0.0053"],
    ["sonar", "medium", "0.0083"],
    ["sonar", "high", "0.0123"],
    // sonar-pro tokens: 100 × 3 + 200 × 15 = 0.0033
    ["sonar-pro", "low", "0.0093"],
    ["sonar-pro", "medium", "0.0133"],
    ["sonar-pro", "high", "0.0173"],
    // sonar-reasoning-pro tokens: 100 × 2 + 200 × 8 = 0.0018
    ["sonar-reasoning-pro", "low", "0.0078"],
    ["sonar-reasoning-pro", "medium", "0.0118"],
    ["sonar-reasoning-pro", "high", "0.0158"],
  ])("%s with %s context costs %s", (model, size, total) => {
    const result = price("perplexity", model, "2025-06-01", {
      prompt_tokens: 100,
      completion_tokens: 200,
      search_context_size: size,
    });
    expect(result.totalNanos).toBe(usd(total));
    expect(result.breakdown.search_context_size).toBe(size);
  });

  it('assumes "low" when the size is absent, and says so', () => {
    const result = price("perplexity", "sonar", "2025-06-01", {
      prompt_tokens: 100,
      completion_tokens: 200,
    });
    expect(result.totalNanos).toBe(usd("0.0053"));
    expect(result.breakdown.notes).toContain(
      'search_context_size absent: "low" assumed (the provider\'s default)',
    );
  });

  it("multiplies the fee by the requests of a bucket", () => {
    // 1,000 requests × 8 / 1,000 = 8; tokens 1M × 1 + 1M × 1 = 2
    const result = price("perplexity", "sonar", "2025-06-01", {
      prompt_tokens: 1_000_000,
      completion_tokens: 1_000_000,
      requests: 1_000,
      search_context_size: "medium",
      bucket: "1d",
    });
    expect(result.totalNanos).toBe(usd("10"));
  });
});

describe("Perplexity deep research", () => {
  it("bills citation tokens, reasoning tokens and search queries on top of input and output", () => {
    // 19 × 2 = 0.000038; 9,465 × 8 = 0.07572; citations 8,000 × 2 = 0.016;
    // reasoning 75,000 × 3 = 0.225; 20 searches × 5 / 1,000 = 0.1 → 0.416758
    const result = price("perplexity", "sonar-deep-research", "2025-06-01", {
      prompt_tokens: 19,
      completion_tokens: 9_465,
      citation_tokens: 8_000,
      reasoning_tokens: 75_000,
      search_queries: 20,
    });
    expect(result.totalNanos).toBe(usd("0.416758"));
    expect(result.breakdown.lines.reasoning?.amount).toBe("0.225");
    expect(result.breakdown.lines.citation?.amount).toBe("0.016");
    expect(result.breakdown.lines.search_queries?.amount).toBe("0.10");
  });

  it("keeps reasoning inside completion for models that do not price it on its own", () => {
    // o4-mini: 1,000 completion (800 of them reasoning) × 4.40 = 0.0044
    const result = price("openai", "o4-mini", "2025-06-01", {
      completion_tokens: 1_000,
      reasoning_tokens: 800,
    });
    expect(result.totalNanos).toBe(usd("0.0044"));
    expect(result.breakdown.notes).toContain(
      "reasoning tokens are part of completion_tokens for this model",
    );
  });
});

describe("Groq cached input", () => {
  it("bills cached tokens at the cached price (openai/gpt-oss-120b: 0.15 in, 0.075 cached, 0.60 out)", () => {
    // 6,000 × 0.15 = 0.0009; 4,000 × 0.075 = 0.0003; 1,000 × 0.60 = 0.0006
    const result = price("groq", "openai/gpt-oss-120b", "2025-09-01", {
      prompt_tokens: 10_000,
      cache_read_tokens: 4_000,
      completion_tokens: 1_000,
    });
    expect(result.totalNanos).toBe(usd("0.0018"));
  });

  it("bills cached tokens at the input price when the model has no cached price", () => {
    // llama-3.3-70b-versatile: 10,000 × 0.59 = 0.0059; 1,000 × 0.79 = 0.00079
    const result = price("groq", "llama-3.3-70b-versatile", "2025-09-01", {
      prompt_tokens: 10_000,
      cache_read_tokens: 4_000,
      completion_tokens: 1_000,
    });
    expect(result.totalNanos).toBe(usd("0.00669"));
    expect(result.breakdown.lines.cache_read?.adjustments).toEqual([
      "no price of its own: billed at the input price",
    ]);
    expect(result.breakdown.notes).toContain(
      "no cached-input price: cache reads billed at the input price",
    );
  });
});

describe("GitHub Copilot", () => {
  it("bills seats and the premium requests beyond the plan's allowance", () => {
    // 10 seats × 19 = 190; allowance 10 × 300 = 3,000; 500 extra × 0.04 = 20
    const result = price("github_copilot", "copilot-business", "2025-09-01", {
      seats: 10,
      requests: 3_500,
      bucket: "month",
    });
    expect(result.totalNanos).toBe(usd("210"));
  });

  it("bills seats only before premium requests were billed", () => {
    // 5 seats × 39
    const result = price("github_copilot", "copilot-enterprise", "2025-01-01", {
      seats: 5,
      requests: 9_999,
      bucket: "month",
    });
    expect(result.totalNanos).toBe(usd("195"));
    expect(result.priceVersion).toBe("github_copilot/copilot-enterprise@2024-02-27");
  });

  it("bills extra premium requests at $0.04 each", () => {
    expect(
      price("github_copilot", "copilot-premium-request", "2025-09-01", {
        requests: 250,
        bucket: "1d",
      }).totalNanos,
    ).toBe(usd("10"));
  });
});
