import { describe, expect, it } from "vitest";
import {
  BUNDLED_CATALOG_FILES,
  CatalogError,
  defaultCatalog,
  listPrices,
  loadCatalog,
} from "../../src/pricing/index.ts";
import { findModel } from "../../src/pricing/lookup.ts";
import type { ProviderId } from "../../src/providers/registry.ts";

/** Every model docs/providers.md prices, by the ids it uses. */
const PROVIDER_DOC_MODELS: [ProviderId, string[]][] = [
  [
    "anthropic",
    [
      "claude-opus-4-5-20251101",
      "claude-opus-4-5",
      "claude-opus-4-1-20250805",
      "claude-opus-4-20250514",
      "claude-sonnet-4-5-20250929",
      "claude-sonnet-4-20250514",
      "claude-haiku-4-5-20251001",
      "claude-3-5-haiku-20241022",
      "claude-3-haiku-20240307",
    ],
  ],
  [
    "openai",
    ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "o4-mini", "gpt-5", "gpt-5-mini", "o3"],
  ],
  [
    "groq",
    [
      "llama-3.3-70b-versatile",
      "llama-3.1-8b-instant",
      "openai/gpt-oss-120b",
      "openai/gpt-oss-20b",
      "moonshotai/kimi-k2-instruct",
      "moonshotai/kimi-k2-instruct-0905",
      "qwen/qwen3-32b",
      "meta-llama/llama-4-scout-17b-16e-instruct",
      "meta-llama/llama-4-maverick-17b-128e-instruct",
    ],
  ],
  [
    "perplexity",
    ["sonar", "sonar-pro", "sonar-reasoning-pro", "sonar-reasoning", "sonar-deep-research"],
  ],
  ["github_copilot", ["copilot-business", "copilot-enterprise", "copilot-premium-request"]],
];

const entry = (overrides: Record<string, unknown> = {}) => ({
  model: "m-1",
  effective_from: "2025-01-01",
  source_url: "https://example.com/pricing",
  checked_on: "2025-01-02",
  prices: { input: "1", output: "2" },
  ...overrides,
});
const file = (...entries: unknown[]) => ({ "bad.json": { provider: "openai", entries } });
const load = (files: Record<string, unknown>) => () => loadCatalog(files);

describe("bundled catalog", () => {
  it("loads and validates", () => {
    expect(defaultCatalog().entries.length).toBeGreaterThanOrEqual(35);
  });

  it.each(PROVIDER_DOC_MODELS)("prices every %s model of docs/providers.md", (provider, ids) => {
    expect(ids.filter((id) => findModel(defaultCatalog(), provider, id) === undefined)).toEqual([]);
  });

  it("has a source and a check date on every entry", () => {
    const listed = listPrices();
    expect(
      listed.filter(
        (e) => !e.source_url.startsWith("https://") || !/^\d{4}-\d{2}-\d{2}$/.test(e.checked_on),
      ),
    ).toEqual([]);
  });

  it("records o3's price change as two entries that meet on 2025-06-10", () => {
    const o3 = listPrices({ provider: "openai" }).filter((e) => e.model === "o3");
    expect(
      o3.map((e) => [
        e.effective_from,
        e.effective_to,
        e.prices?.input,
        e.prices?.cache_read,
        e.prices?.output,
      ]),
    ).toEqual([
      ["2025-04-16", "2025-06-10", "10", "2.50", "40"],
      ["2025-06-10", null, "2", "0.50", "8"],
    ]);
  });

  it("has files for exactly the known providers", () => {
    expect(Object.keys(BUNDLED_CATALOG_FILES).sort()).toEqual([
      "anthropic.json",
      "github_copilot.json",
      "groq.json",
      "openai.json",
      "perplexity.json",
    ]);
  });
});

describe("listPrices", () => {
  it("lists only the entries in effect at a date", () => {
    const versions = listPrices({ provider: "openai", at: "2025-05-01" }).map((e) => e.version);
    expect(versions).toContain("openai/o3@2025-04-16");
    expect(versions).not.toContain("openai/o3@2025-06-10");
    expect(versions).not.toContain("openai/gpt-5@2025-08-07");
  });

  it("gives prices as decimal strings with their aliases and source", () => {
    const [sonnet] = listPrices({ provider: "anthropic", at: "2025-12-01T00:00:00Z" }).filter(
      (e) => e.model === "claude-sonnet-4-5",
    );
    expect(sonnet).toMatchObject({
      provider: "anthropic",
      version: "anthropic/claude-sonnet-4-5@2025-09-29",
      aliases: ["claude-sonnet-4-5-20250929"],
      effective_to: null,
      prices: {
        input: "3",
        output: "15",
        cache_read: "0.30",
        cache_write_5m: "3.75",
        cache_write_1h: "6",
      },
      batch_discount_percent: "50",
      long_context: { above_input_tokens: 200_000, prices: { input: "6", output: "22.50" } },
      search_queries_per_1k: "10",
    });
  });

  it("returns copies that cannot change the catalog", () => {
    const [first] = listPrices({ provider: "openai" });
    const input = first?.prices?.input;
    (first?.prices ?? { input: "" }).input = "999";
    expect(listPrices({ provider: "openai" })[0]?.prices?.input).toBe(input);
  });
});

describe("catalog validation", () => {
  it("fails with a CatalogError", () => {
    expect(load(file(entry({ prices: { input: "x", output: "2" } })))).toThrow(CatalogError);
  });

  it("names file, entry and field of a malformed price", () => {
    expect(load(file(entry({ prices: { input: "3.0.0", output: "2" } })))).toThrow(
      "bad.json entries[0] (m-1) prices.input: must be a decimal string of USD per million tokens",
    );
  });

  it("refuses a price given as a JSON number", () => {
    expect(load(file(entry({ prices: { input: 3, output: "2" } })))).toThrow(
      "bad.json entries[0] (m-1) prices.input: must be a decimal string",
    );
  });

  it("refuses more decimals than the unit can hold exactly", () => {
    expect(load(file(entry({ prices: { input: "0.0000000001", output: "2" } })))).toThrow(
      "at most 9 decimals",
    );
  });

  it("refuses unknown fields", () => {
    expect(load(file(entry({ inputt: "1" })))).toThrow(
      "bad.json entries[0] (m-1): unknown field inputt",
    );
  });

  it("refuses missing required fields", () => {
    expect(load(file(entry({ source_url: undefined })))).toThrow(
      "bad.json entries[0] (m-1) source_url: is required",
    );
  });

  it("refuses an unknown provider", () => {
    expect(load({ "x.json": { provider: "acme", entries: [entry()] } })).toThrow(
      "x.json provider: must be one of",
    );
  });

  it("refuses an end that is not after the start", () => {
    expect(load(file(entry({ effective_to: "2025-01-01" })))).toThrow(
      "bad.json entries[0] (m-1) effective_to: must be after effective_from",
    );
  });

  it("refuses an impossible calendar date", () => {
    expect(load(file(entry({ effective_from: "2025-02-30" })))).toThrow(
      "effective_from: must be a calendar date",
    );
  });

  it("refuses entries of one model that overlap in time", () => {
    const overlapping = file(
      entry({ effective_to: "2025-06-01" }),
      entry({ effective_from: "2025-05-01", prices: { input: "2", output: "3" } }),
    );
    expect(load(overlapping)).toThrow(
      "openai/m-1: entries overlap: openai/m-1@2025-01-01 runs until 2025-06-01",
    );
  });

  it("refuses an open-ended entry followed by another", () => {
    expect(load(file(entry(), entry({ effective_from: "2025-05-01" })))).toThrow(
      "runs until open end",
    );
  });

  it("accepts a price change where the old entry ends as the new one starts", () => {
    const catalog = loadCatalog(
      file(entry({ effective_to: "2025-05-01" }), entry({ effective_from: "2025-05-01" })),
    );
    expect(catalog.entries.map((e) => e.version)).toEqual([
      "openai/m-1@2025-01-01",
      "openai/m-1@2025-05-01",
    ]);
  });

  it("refuses an id that names two models", () => {
    expect(
      load(file(entry({ aliases: ["shared"] }), entry({ model: "m-2", aliases: ["shared"] }))),
    ).toThrow('id "shared" already names openai/m-1');
  });

  it("refuses a long-context tier that misses a price class of the entry", () => {
    const bad = entry({
      prices: { input: "3", output: "15", cache_read: "0.3" },
      long_context: { above_input_tokens: 200_000, prices: { input: "6", output: "22.50" } },
    });
    expect(load(file(bad))).toThrow(
      "long_context.prices.cache_read: is required because prices.cache_read is set",
    );
  });

  it("refuses an entry that prices nothing", () => {
    expect(load(file(entry({ prices: undefined })))).toThrow(
      "bad.json entries[0] (m-1): prices nothing",
    );
  });

  it("refuses marking a field unconfirmed that the entry does not set", () => {
    expect(load(file(entry({ unconfirmed: ["batch_discount_percent"] })))).toThrow(
      "unconfirmed: names batch_discount_percent, which the entry does not set",
    );
  });

  it("refuses ids that are not lower case", () => {
    expect(load(file(entry({ model: "GPT-X" })))).toThrow("model: must be lower case");
  });

  it("reports every problem at once", () => {
    expect(load(file(entry({ prices: { input: "x", output: "y" } })))).toThrow(
      /prices\.input[\s\S]*prices\.output/,
    );
  });
});
