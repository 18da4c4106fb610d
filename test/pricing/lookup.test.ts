import { describe, expect, it } from "vitest";
import { price, usd } from "./helpers.ts";

describe("price changes over time (OpenAI o3)", () => {
  // 1M prompt (200,000 cached), 1M completion
  const usage = {
    prompt_tokens: 1_000_000,
    cache_read_tokens: 200_000,
    completion_tokens: 1_000_000,
  };

  it("uses the launch price before 2025-06-10", () => {
    // 800,000 × 10 = 8; 200,000 × 2.50 = 0.5; 1M × 40 = 40
    const result = price("openai", "o3", "2025-06-09T23:59:59Z", usage);
    expect(result.totalNanos).toBe(usd("48.5"));
    expect(result.priceVersion).toBe("openai/o3@2025-04-16");
    expect(result.price?.effective_to).toBe("2025-06-10");
  });

  it("uses the new price from 2025-06-10 on", () => {
    // 800,000 × 2 = 1.6; 200,000 × 0.50 = 0.1; 1M × 8 = 8
    const result = price("openai", "o3-2025-04-16", "2025-06-10T00:00:00Z", usage);
    expect(result.totalNanos).toBe(usd("9.7"));
    expect(result.priceVersion).toBe("openai/o3@2025-06-10");
    expect(result.price?.effective_to).toBeNull();
  });

  it("takes the UTC date of a timestamp with an offset", () => {
    // 01:00 at +02:00 on the 10th is 23:00 UTC on the 9th: still the launch price
    expect(price("openai", "o3", "2025-06-10T01:00:00+02:00", usage).totalNanos).toBe(usd("48.5"));
  });

  it("accepts a plain date", () => {
    expect(price("openai", "o3", "2025-06-10", usage).totalNanos).toBe(usd("9.7"));
  });

  it("is unpriced before the model's first entry, never $0", () => {
    const result = price("openai", "o3", "2025-04-01", usage);
    expect(result.totalNanos).toBeNull();
    expect(result.unpriced).toBe(true);
    expect(result.breakdown.notes).toEqual(["no price of openai/o3 is in effect on 2025-04-01"]);
  });

  it("rejects a malformed date", () => {
    expect(() => price("openai", "o3", "10/06/2025", usage)).toThrow(
      /not a date YYYY-MM-DD or an RFC 3339 timestamp/,
    );
  });
});

describe("model lookup", () => {
  it("finds a dated id and names the entry it used", () => {
    const result = price("anthropic", "claude-sonnet-4-5-20250929", "2025-10-01", {
      prompt_tokens: 1_000,
    });
    expect(result.priceVersion).toBe("anthropic/claude-sonnet-4-5@2025-09-29");
    expect(result.price).toMatchObject({
      provider: "anthropic",
      model: "claude-sonnet-4-5",
      matched_alias: "claude-sonnet-4-5-20250929",
      effective_from: "2025-09-29",
      effective_to: null,
      source_url: "https://docs.anthropic.com/en/docs/about-claude/pricing",
      override_id: null,
    });
  });

  it.each([
    ["claude-3-5-haiku-latest", "claude-3-5-haiku"],
    ["claude-opus-4-1", "claude-opus-4-1"],
    ["claude-opus-4-0", "claude-opus-4"],
    ["claude-sonnet-4", "claude-sonnet-4"],
    ["Claude-Sonnet-4-5 ", "claude-sonnet-4-5"],
  ])("resolves %s to %s", (id, model) => {
    expect(price("anthropic", id, "2025-12-01", { prompt_tokens: 1 }).price?.model).toBe(model);
  });

  it("keeps providers apart", () => {
    expect(price("groq", "gpt-4o", "2025-06-01", { prompt_tokens: 1 }).unpriced).toBe(true);
  });

  it("returns null cost, unpriced and no price for an unknown model", () => {
    const result = price("openai", "gpt-unknown", "2025-06-01", { prompt_tokens: 1_000 });
    expect(result.totalNanos).toBeNull();
    expect(result.unpriced).toBe(true);
    expect(result.priceVersion).toBeNull();
    expect(result.price).toBeNull();
    expect(result.breakdown.notes).toEqual(["openai/gpt-unknown is not in the price catalog"]);
  });

  it("returns unpriced for a record without a model", () => {
    const result = price("anthropic", null, "2025-06-01", { prompt_tokens: 1_000 });
    expect(result.unpriced).toBe(true);
    expect(result.breakdown.notes).toEqual(["the record names no model: it cannot be priced"]);
  });
});
