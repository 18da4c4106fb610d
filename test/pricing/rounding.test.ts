import { describe, expect, it } from "vitest";
import { divideHalfEven, parseScaledDecimal } from "../../src/core/money.ts";
import { roundHalfEven } from "../../src/pricing/calculate.ts";
import { price } from "./helpers.ts";

// openai/gpt-oss-20b on Groq: 0.075 input = 75 nano-dollars a token; 0.0375 cached = 37.5.
const MODEL = "openai/gpt-oss-20b";
const AT = "2025-09-01";

describe("rounding: once per record, half to even, to whole nano-dollars", () => {
  it("rounds an exact half up to the even neighbour", () => {
    // 1 cached token = 37.5 nanos → 38
    expect(price("groq", MODEL, AT, { prompt_tokens: 1, cache_read_tokens: 1 }).totalNanos).toBe(
      38n,
    );
  });

  it("rounds an exact half down to the even neighbour", () => {
    // 3 cached tokens = 112.5 nanos → 112
    expect(price("groq", MODEL, AT, { prompt_tokens: 3, cache_read_tokens: 3 }).totalNanos).toBe(
      112n,
    );
  });

  it("sums components at full precision before rounding", () => {
    // batch: 1 uncached × 75 × 0.5 = 37.5; 2 cached × 37.5 × 0.5 = 37.5 → exactly 75.
    // Rounding each line first would give 38 + 38 = 76.
    const result = price("groq", MODEL, AT, {
      prompt_tokens: 3,
      cache_read_tokens: 2,
      service_tier: "batch",
    });
    expect(result.totalNanos).toBe(75n);
    expect(result.breakdown.lines.input?.amount).toBe("0.0000000375");
    expect(result.breakdown.lines.cache_read?.amount).toBe("0.0000000375");
    expect(result.breakdown.exact_total).toBe("0.000000075");
    expect(result.breakdown.total).toBe("0.000000075");
  });

  it("rounds after a discount override, not before", () => {
    // 1 uncached token = 75 nanos; 33.3333% off → 75 × 0.666667 = 50.000025 → 50
    const result = price("groq", MODEL, AT, { prompt_tokens: 1 }, [
      {
        id: "third",
        kind: "discount",
        percent: "33.3333",
        effective_from: "2025-01-01",
        effective_to: null,
      },
    ]);
    expect(result.totalNanos).toBe(50n);
    expect(result.breakdown.exact_total).toBe("0.000000050000025");
  });

  it("states the rule in every breakdown", () => {
    expect(price("groq", MODEL, AT, { prompt_tokens: 1 }).breakdown.rounding).toBe(
      "exact sum of all components, rounded once per record half-to-even to 0.000000001 USD",
    );
  });

  it("uses the same half-to-even rule as core/money's divideHalfEven", () => {
    const divisors = [1_000_000n, 1_000_000_000_000n, 1_000_000_000_000_000_000n];
    const numerators = Array.from(
      { length: 2_000 },
      (_, i) => BigInt(i) * 250_000n + BigInt(i % 7),
    );
    const mismatches = divisors.flatMap((d) =>
      numerators.filter(
        (n) => roundHalfEven(n * (d / 1_000_000n), d) !== divideHalfEven(n * (d / 1_000_000n), d),
      ),
    );
    expect(mismatches).toEqual([]);
  });
});

describe("breakdown arithmetic", () => {
  const SCALE = 27;
  const exact = (text: string | null | undefined) => parseScaledDecimal(text ?? "0", SCALE);
  const cases = [
    [
      "anthropic",
      "claude-sonnet-4-5",
      {
        prompt_tokens: 250_001,
        cache_read_tokens: 1_234,
        cache_write_1h_tokens: 77,
        completion_tokens: 999,
        service_tier: "batch",
        search_queries: 3,
      },
    ],
    [
      "groq",
      "openai/gpt-oss-20b",
      {
        prompt_tokens: 12_345,
        cache_read_tokens: 6_789,
        completion_tokens: 4_321,
        service_tier: "batch",
      },
    ],
    [
      "perplexity",
      "sonar-deep-research",
      {
        prompt_tokens: 7,
        completion_tokens: 11,
        citation_tokens: 13,
        reasoning_tokens: 17,
        search_queries: 19,
      },
    ],
    [
      "perplexity",
      "sonar-pro",
      { prompt_tokens: 333, completion_tokens: 777, search_context_size: "medium" },
    ],
    ["openai", "gpt-5-mini", { prompt_tokens: 101, cache_read_tokens: 99, completion_tokens: 3 }],
  ] as const;

  it.each(cases)("adds up for %s/%s, with and without a discount", (provider, model, usage) => {
    const overrides = [
      {
        id: "odd",
        kind: "discount" as const,
        percent: "7.0001",
        effective_from: "2025-01-01",
        effective_to: null,
      },
    ];
    const results = [
      price(provider, model, "2025-11-01", usage),
      price(provider, model, "2025-11-01", usage, overrides),
    ];
    const sums = results.map((r) => {
      const lines = Object.values(r.breakdown.lines).reduce(
        (sum, line) => sum + exact(line.amount),
        0n,
      );
      return lines + exact(r.breakdown.discount?.amount);
    });
    expect(sums).toEqual(results.map((r) => exact(r.breakdown.exact_total)));
    expect(results.map((r) => divideHalfEven(exact(r.breakdown.exact_total), 10n ** 18n))).toEqual(
      results.map((r) => r.totalNanos),
    );
  });
});
