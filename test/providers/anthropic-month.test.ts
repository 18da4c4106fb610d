import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { parseScaledDecimal } from "../../src/core/money.ts";
import { anthropicAdapter } from "../../src/providers/anthropic/index.ts";
import { resetBreakers } from "../../src/providers/shared/resilience.ts";
import {
  ANTHROPIC_COST_PATH,
  ANTHROPIC_USAGE_PATH,
  DEFAULT_ANTHROPIC_ADMIN_KEY,
  type FakeAnthropicAdmin,
  startFakeAnthropicAdmin,
} from "../fakes/anthropic-admin.ts";
import { seedAnthropicMonth } from "../fakes/anthropic-seed.ts";
import {
  type Collected,
  collect,
  connectionTo,
  costNanos,
  invalidRecords,
  metadataOf,
  sumOf,
} from "./support.ts";

const TEAM = "wrkspc_01Team";
const seed = seedAnthropicMonth({ month: "2025-05", workspaceId: TEAM });
// Two months, so both endpoints need more than one page: 1,464 hourly and 61 daily buckets.
const WINDOW = { start: "2025-04-01T00:00:00Z", end: "2025-06-01T00:00:00Z" };

let fake: FakeAnthropicAdmin;
let usage: Collected;
let cost: Collected;

beforeAll(async () => {
  fake = await startFakeAnthropicAdmin({ usage: seed.usage, costs: seed.costs });
  resetBreakers();
  const connection = connectionTo(fake.url, DEFAULT_ANTHROPIC_ADMIN_KEY);
  usage = await collect(anthropicAdapter, "usage", connection, WINDOW);
  cost = await collect(anthropicAdapter, "cost", connection, WINDOW);
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  resetBreakers();
});

const priority = () => usage.records.filter((record) => record.service_tier === "priority");

describe("a month of hourly usage", () => {
  test("token sums equal the seeded usage, input counted the canonical way", () => {
    const seeded = (pick: (row: (typeof seed.usage)[number]) => number) =>
      seed.usage.reduce((sum, row) => sum + pick(row), 0);
    expect({
      prompt: sumOf(usage.records, "prompt_tokens"),
      completion: sumOf(usage.records, "completion_tokens"),
      cacheRead: sumOf(usage.records, "cache_read_tokens"),
      write5m: sumOf(usage.records, "cache_write_5m_tokens"),
      write1h: sumOf(usage.records, "cache_write_1h_tokens"),
      searches: sumOf(usage.records, "search_queries"),
      requests: sumOf(usage.records, "requests"),
    }).toEqual({
      prompt: seeded(
        (row) =>
          row.uncached_input_tokens +
          row.cache_read_input_tokens +
          row.cache_creation.ephemeral_5m_input_tokens +
          row.cache_creation.ephemeral_1h_input_tokens,
      ),
      completion: seeded((row) => row.output_tokens),
      cacheRead: seeded((row) => row.cache_read_input_tokens),
      write5m: seeded((row) => row.cache_creation.ephemeral_5m_input_tokens),
      write1h: seeded((row) => row.cache_creation.ephemeral_1h_input_tokens),
      searches: seeded((row) => row.server_tool_use.web_search_requests),
      requests: 0,
    });
  });

  test("one record per seeded row, each under its own idempotency key", () => {
    const keys = new Set(usage.records.map((record) => record.idempotency_key));
    expect(usage.records).toHaveLength(seed.usage.length);
    expect(keys.size).toBe(seed.usage.length);
  });

  test("every page is fetched and every bucket visited once", () => {
    const requests = fake.state.requests.filter((r) => r.path === ANTHROPIC_USAGE_PATH);
    const cursors = requests.map((r) => r.query.page?.[0] ?? "first");
    expect(usage.buckets).toBe(61 * 24);
    expect(requests).toHaveLength(Math.ceil((61 * 24) / 168));
    expect(new Set(cursors).size).toBe(requests.length);
    expect(new Set(usage.records.map((record) => record.timestamp)).size).toBe(31 * 24);
    expect(requests[0]?.query).toMatchObject({
      bucket_width: ["1h"],
      limit: ["168"],
      "group_by[]": ["model", "workspace_id", "api_key_id", "service_tier", "context_window"],
    });
  });

  test("all records pass the ledger's validation", () => {
    expect(invalidRecords([...usage.records, ...cost.records])).toEqual([]);
  });

  test("the default workspace stays null and is named default only in the key", () => {
    const defaults = usage.records.filter((record) => record.workspace_id === null);
    expect(defaults).toHaveLength(seed.usage.filter((row) => row.workspace_id === null).length);
    expect(defaults.filter((record) => !record.idempotency_key?.includes(":default:"))).toEqual([]);
    expect(usage.records.filter((record) => record.workspace_id === "default")).toEqual([]);
  });

  test("priority rows carry no cost, are estimated and labelled, to be priced at ingest", () => {
    const seeded = seed.usage.filter((row) => row.service_tier === "priority");
    expect(seeded.length).toBeGreaterThan(0);
    expect(priority()).toHaveLength(seeded.length);
    expect(priority().filter((r) => "total_cost" in r || "cost_source" in r)).toEqual([]);
    expect(priority()).toEqual(
      priority().map(() =>
        expect.objectContaining({
          confidence: "estimated",
          metadata: expect.objectContaining({ label: "priority", endpoint: "usage_report" }),
        }),
      ),
    );
  });

  test("every other usage row is an official zero whose dollars are in the cost report", () => {
    const others = usage.records.filter((record) => record.service_tier !== "priority");
    expect(others).toHaveLength(seed.usage.length - priority().length);
    expect(others).toEqual(
      others.map(() =>
        expect.objectContaining({
          total_cost: "0",
          cost_source: "official_report",
          confidence: "official",
          source: "admin_api",
          bucket: "1h",
          metadata: expect.objectContaining({ cost_reported_in: "cost_report" }),
        }),
      ),
    );
  });

  test("batch and long-context rows keep their tier and context window", () => {
    const batch = usage.records.filter((record) => record.service_tier === "batch");
    const long = usage.records.filter((r) => metadataOf(r).context_window === "200k-1M");
    expect(batch).toHaveLength(seed.usage.filter((row) => row.service_tier === "batch").length);
    expect(long).toHaveLength(seed.usage.filter((row) => row.context_window === "200k-1M").length);
    expect(long.length).toBeGreaterThan(0);
    expect(new Set(long.map((r) => `${r.model} ${r.workspace_id} ${r.service_tier}`))).toEqual(
      new Set([`claude-sonnet-4-5-20250929 ${TEAM} standard`]),
    );
    expect(long.filter((r) => !r.idempotency_key?.endsWith(":standard:200k-1M"))).toEqual([]);
  });
});

describe("a month of daily costs", () => {
  test("the cost sum equals the seeded cents exactly, and usage adds nothing", () => {
    const seeded = seed.costs.reduce((sum, row) => sum + parseScaledDecimal(row.amount, 7), 0n);
    expect(seeded).toBeGreaterThan(0n);
    expect(costNanos(cost.records)).toBe(seeded);
    expect(costNanos([...usage.records, ...cost.records])).toBe(seeded);
  });

  test("every page is fetched and every day visited once", () => {
    const requests = fake.state.requests.filter((r) => r.path === ANTHROPIC_COST_PATH);
    expect(cost.buckets).toBe(61);
    expect(requests).toHaveLength(2);
    expect(requests[0]?.query).toMatchObject({
      bucket_width: ["1d"],
      limit: ["31"],
      "group_by[]": ["workspace_id", "description"],
    });
    expect(cost.records).toHaveLength(seed.costs.length);
    expect(new Set(cost.records.map((r) => r.idempotency_key)).size).toBe(seed.costs.length);
  });

  test("each row becomes an official daily record in dollars with its description", () => {
    const search = seed.costs.find((row) => row.cost_type === "web_search");
    const record = cost.records.find(
      (r) =>
        metadataOf(r).cost_type === "web_search" &&
        r.timestamp === `${search?.date}T00:00:00.000Z` &&
        r.workspace_id === search?.workspace_id,
    );
    expect(record).toMatchObject({
      provider: "anthropic",
      bucket: "1d",
      model: null,
      prompt_tokens: 0,
      completion_tokens: 0,
      requests: 0,
      // One cent per search.
      total_cost: (Number(search?.amount) / 100).toFixed(2),
      cost_source: "official_report",
      confidence: "official",
      metadata: { endpoint: "cost_report", description: "Web Search", token_type: null },
    });
  });
});
