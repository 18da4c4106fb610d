import { describe, expect, it } from "vitest";
import type { PriceOverride } from "../../src/pricing/index.ts";
import { price, usd } from "./helpers.ts";

const SONNET = "claude-sonnet-4-5-20250929";
const AT = "2025-10-15T08:00:00Z";
// 100,000 × 3 + 10,000 × 15 = 0.3 + 0.15 = 0.45 at list price
const USAGE = { prompt_tokens: 100_000, completion_tokens: 10_000 };

const discount = (id: string, percent: string, extra: Partial<PriceOverride> = {}): PriceOverride =>
  ({
    id,
    kind: "discount",
    percent,
    effective_from: "2025-01-01",
    effective_to: null,
    ...extra,
  }) as PriceOverride;

describe("discount overrides", () => {
  it("take a percentage off every model's catalog cost", () => {
    // 0.45 × 0.85
    const result = price("anthropic", SONNET, AT, USAGE, [discount("ent-15", "15")]);
    expect(result.totalNanos).toBe(usd("0.3825"));
    expect(result.priceVersion).toBe("anthropic/claude-sonnet-4-5@2025-09-29+override:ent-15");
    expect(result.price).toMatchObject({ override_id: "ent-15", labels: ["override:ent-15"] });
    expect(result.breakdown.discount).toEqual({
      override_id: "ent-15",
      percent: "15",
      amount: "-0.0675",
    });
  });

  it("can target one model, matched through its aliases", () => {
    const overrides = [discount("sonnet-10", "10", { model: "claude-sonnet-4-5" })];
    expect(price("anthropic", SONNET, AT, USAGE, overrides).totalNanos).toBe(usd("0.405"));
    // Haiku 4.5 list price: 100,000 × 1 + 10,000 × 5 = 0.15, untouched
    expect(price("anthropic", "claude-haiku-4-5", AT, USAGE, overrides).totalNanos).toBe(
      usd("0.15"),
    );
  });

  it("prefer a model's own discount over one for every model", () => {
    const overrides = [
      discount("sonnet-10", "10", { model: "claude-sonnet-4-5" }),
      discount("all-20", "20"),
    ];
    expect(price("anthropic", SONNET, AT, USAGE, overrides).priceVersion).toMatch(
      /\+override:sonnet-10$/,
    );
  });

  it("respect their effective window (to is exclusive)", () => {
    const overrides = [
      discount("q4", "50", { effective_from: "2025-10-01", effective_to: "2025-11-01" }),
    ];
    expect(price("anthropic", SONNET, "2025-09-30T23:59:59Z", USAGE, overrides).totalNanos).toBe(
      usd("0.45"),
    );
    expect(price("anthropic", SONNET, "2025-10-01T00:00:00Z", USAGE, overrides).totalNanos).toBe(
      usd("0.225"),
    );
    expect(price("anthropic", SONNET, "2025-10-31T23:59:59Z", USAGE, overrides).totalNanos).toBe(
      usd("0.225"),
    );
    expect(price("anthropic", SONNET, "2025-11-01T00:00:00Z", USAGE, overrides).totalNanos).toBe(
      usd("0.45"),
    );
  });

  it("can be limited to one provider", () => {
    const overrides = [discount("openai-only", "50", { provider: "openai" })];
    expect(price("anthropic", SONNET, AT, USAGE, overrides).totalNanos).toBe(usd("0.45"));
  });

  it("leave an unknown model unpriced", () => {
    expect(price("anthropic", "claude-unknown", AT, USAGE, [discount("all", "10")]).unpriced).toBe(
      true,
    );
  });
});

describe("model price overrides", () => {
  const negotiated: PriceOverride = {
    id: "sonnet-deal",
    kind: "model_prices",
    model: "claude-sonnet-4-5",
    prices: { input: "2.50", output: "12", cache_read: "0.25" },
    effective_from: "2025-10-01",
    effective_to: null,
  };

  it("replace the catalog prices of the model", () => {
    // 100,000 × 2.50 + 10,000 × 12 = 0.25 + 0.12
    const result = price("anthropic", SONNET, AT, USAGE, [negotiated]);
    expect(result.totalNanos).toBe(usd("0.37"));
    expect(result.priceVersion).toBe("anthropic/claude-sonnet-4-5+override:sonnet-deal");
    expect(result.price?.override_id).toBe("sonnet-deal");
  });

  it("bill cache classes they do not price at their input price", () => {
    // uncached 50,000 × 2.50 = 0.125; read 20,000 × 0.25 = 0.005; 5m write 30,000 × 2.50 = 0.075
    const result = price(
      "anthropic",
      SONNET,
      AT,
      {
        prompt_tokens: 100_000,
        cache_read_tokens: 20_000,
        cache_write_5m_tokens: 30_000,
      },
      [negotiated],
    );
    expect(result.totalNanos).toBe(usd("0.205"));
  });

  it("keep the catalog's batch discount unless scoped to the batch tier", () => {
    // 0.37 × 0.5
    expect(
      price("anthropic", SONNET, AT, { ...USAGE, service_tier: "batch" }, [negotiated]).totalNanos,
    ).toBe(usd("0.185"));
    const batchDeal = { ...negotiated, id: "batch-deal", service_tier: "batch" };
    expect(
      price("anthropic", SONNET, AT, { ...USAGE, service_tier: "batch" }, [batchDeal]).totalNanos,
    ).toBe(usd("0.37"));
  });

  it("give the priority tier its own price when scoped to it", () => {
    const priority: PriceOverride = {
      ...negotiated,
      id: "priority-deal",
      service_tier: "priority",
      prices: { input: "3.60", output: "18" },
    };
    // 100,000 × 3.60 + 10,000 × 18 = 0.36 + 0.18
    const result = price("anthropic", SONNET, AT, { ...USAGE, service_tier: "priority" }, [
      priority,
    ]);
    expect(result.totalNanos).toBe(usd("0.54"));
    expect(result.price?.labels).toEqual(["priority", "override:priority-deal"]);
    expect(price("anthropic", SONNET, AT, USAGE, [priority]).totalNanos).toBe(usd("0.45"));
  });

  it("price a model the catalog does not know", () => {
    const custom: PriceOverride = {
      id: "ft-model",
      kind: "model_prices",
      model: "ft:gpt-4o:acme",
      prices: { input: "3.75", output: "15" },
      effective_from: "2025-01-01",
      effective_to: null,
    };
    // 100,000 × 3.75 + 10,000 × 15
    const result = price("openai", "ft:gpt-4o:acme", AT, USAGE, [custom]);
    expect(result.totalNanos).toBe(usd("0.525"));
    expect(result.priceVersion).toBe("openai/ft:gpt-4o:acme+override:ft-model");
    expect(result.price).toMatchObject({
      model: "ft:gpt-4o:acme",
      effective_from: null,
      source_url: null,
    });
  });

  it("apply only in their window", () => {
    expect(price("anthropic", SONNET, "2025-09-30", USAGE, [negotiated]).totalNanos).toBe(
      usd("0.45"),
    );
  });

  it("stack with a discount", () => {
    // 0.37 × 0.90
    const result = price("anthropic", SONNET, AT, USAGE, [negotiated, discount("all-10", "10")]);
    expect(result.totalNanos).toBe(usd("0.333"));
    expect(result.priceVersion).toBe(
      "anthropic/claude-sonnet-4-5+override:sonnet-deal+override:all-10",
    );
    expect(result.price?.override_ids).toEqual(["sonnet-deal", "all-10"]);
  });

  it("turn off the long-context tier, and say so", () => {
    // 300,000 × 2.50 = 0.75 (no long-context price under the override)
    const result = price("anthropic", SONNET, AT, { prompt_tokens: 300_000 }, [negotiated]);
    expect(result.totalNanos).toBe(usd("0.75"));
    expect(result.breakdown.notes).toContain(
      "override sonnet-deal sets the prices: no long-context tier applies",
    );
  });
});

describe("invalid overrides", () => {
  it("fail with the override id and field", () => {
    const bad = { ...discount("bad", "150") };
    expect(() => price("anthropic", SONNET, AT, USAGE, [bad])).toThrow(
      /overrides\[bad\]\.percent: must be at most 100/,
    );
  });

  it("refuse an end before the start", () => {
    const bad = discount("backwards", "10", {
      effective_from: "2025-10-01",
      effective_to: "2025-09-01",
    });
    expect(() => price("anthropic", SONNET, AT, USAGE, [bad])).toThrow(
      /overrides\[backwards\]\.effective_to/,
    );
  });
});
