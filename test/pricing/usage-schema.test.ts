import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/core/errors.ts";
import { parsePricingUsage } from "../../src/pricing/index.ts";
import { price } from "./helpers.ts";

describe("pricing usage schema", () => {
  it("accepts every field", () => {
    const usage = {
      prompt_tokens: 10,
      completion_tokens: 5,
      cache_read_tokens: 1,
      cache_write_5m_tokens: 2,
      cache_write_1h_tokens: 3,
      reasoning_tokens: 4,
      citation_tokens: 6,
      search_queries: 7,
      requests: 8,
      seats: 9,
      service_tier: "batch",
      context_window: "200k-1M",
      search_context_size: "high",
      bucket: "1d",
    };
    expect(parsePricingUsage(usage)).toEqual(usage);
  });

  it("rejects unknown fields by name", () => {
    expect(() => parsePricingUsage({ prompt_tokens: 1, input_tokens: 2 })).toThrow(
      /unknown field input_tokens \(known fields: prompt_tokens, /,
    );
  });

  it.each([
    [{ prompt_tokens: -1 }, /prompt_tokens: must be a non-negative whole number/],
    [{ completion_tokens: 1.5 }, /completion_tokens: must be a non-negative whole number/],
    [{ requests: 2 ** 60 }, /requests: /],
    [{ prompt_tokens: "10" }, /prompt_tokens: must be a non-negative whole number/],
    [{ search_context_size: "max" }, /search_context_size: must be "low", "medium" or "high"/],
    [{ bucket: "1w" }, /bucket: must be one of request, 1m, 1h, 1d, month/],
    [
      { prompt_tokens: 10, cache_read_tokens: 8, cache_write_5m_tokens: 3 },
      /cache tokens \(11\) exceed prompt_tokens \(10\)/,
    ],
    [[], /usage must be a JSON object/],
  ])("rejects %j", (usage, message) => {
    expect(() => parsePricingUsage(usage)).toThrow(message);
  });

  it("throws a ValidationError listing the fields", () => {
    expect(() => parsePricingUsage({ prompt_tokens: -1, bogus: 1 })).toThrow(ValidationError);
  });
});

describe("usage invariants when pricing", () => {
  it("refuse cache tokens beyond prompt_tokens", () => {
    expect(() =>
      price("openai", "gpt-4o", "2025-06-01", { prompt_tokens: 10, cache_read_tokens: 11 }),
    ).toThrow(/cache tokens \(11\) exceed prompt_tokens \(10\)/);
  });

  it("refuse negative or fractional counts", () => {
    expect(() => price("openai", "gpt-4o", "2025-06-01", { completion_tokens: -3 })).toThrow(
      ValidationError,
    );
    expect(() => price("openai", "gpt-4o", "2025-06-01", { completion_tokens: 0.5 })).toThrow(
      ValidationError,
    );
  });
});
