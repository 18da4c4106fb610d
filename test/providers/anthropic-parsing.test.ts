import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { anthropicAdapter } from "../../src/providers/anthropic/index.ts";
import { centsToUsd } from "../../src/providers/anthropic/normalize.ts";
import { ProviderBadResponseError } from "../../src/providers/errors.ts";
import { resetBreakers } from "../../src/providers/shared/resilience.ts";
import {
  DEFAULT_ANTHROPIC_ADMIN_KEY,
  type FakeAnthropicAdmin,
  startFakeAnthropicAdmin,
} from "../fakes/anthropic-admin.ts";
import { anthropicCostRowsFromUsage, anthropicUsageRow } from "../fakes/anthropic-seed.ts";
import { type FakeServer, startFakeServer } from "../fakes/http.ts";
import { collect, connectionTo, costNanos, rejection } from "./support.ts";

const DAY = { start: "2025-05-10T00:00:00Z", end: "2025-05-11T00:00:00Z" };
const BUCKET = { starting_at: "2025-05-10T00:00:00Z", ending_at: "2025-05-11T00:00:00Z" };

/** A server that answers every request with the next body of `bodies` (the last one repeats). */
let server: FakeServer;
let bodies: string[];
let served: number;

beforeEach(async () => {
  resetBreakers();
  served = 0;
  server = await startFakeServer(() => ({
    status: 200,
    headers: { "content-type": "application/json", "request-id": "req_raw" },
    body: bodies[Math.min(served++, bodies.length - 1)] ?? "",
  }));
});
afterEach(async () => {
  await server.close();
});

const page = (results: unknown[], more: Record<string, unknown> = {}) =>
  JSON.stringify({ data: [{ ...BUCKET, results }], has_more: false, next_page: null, ...more });
const raw = (name: "usage" | "cost") =>
  collect(anthropicAdapter, name, connectionTo(server.url, DEFAULT_ANTHROPIC_ADMIN_KEY), DAY);

describe("cost amounts", () => {
  test.each([
    ["123.78912", "1.2378912"],
    ["12345", "123.45"],
    ["0", "0.00"],
    ["0.0000001", "0.000000001"],
    ["-250", "-2.50"],
    ["0.00000015", "0.000000002"],
  ])("%s cents is %s USD", (cents, usd) => {
    expect(centsToUsd(cents)).toBe(usd);
  });

  test("a bare numeric amount keeps every digit", async () => {
    const text = page([{ amount: "RAW", currency: "USD", description: "x" }]);
    // As a double this reads back as 1234567812.3456788; the adapter must keep the digits sent.
    bodies = [text.replace('"RAW"', "1234567812.3456789")];
    const { records } = await raw("cost");
    expect(records.map((record) => record.total_cost)).toEqual(["12345678.123456789"]);
  });

  test("a result without an amount is a bad response, not a silent zero", async () => {
    bodies = [page([{ currency: "USD", description: "Claude Sonnet 4.5 Usage - Input Tokens" }])];
    const error = await rejection(raw("cost"));
    expect(error).toBeInstanceOf(ProviderBadResponseError);
    expect(error.message).toMatch(/data\.0\.results\.0\.amount: is required: a decimal string/);
    expect(error.message).toMatch(/request id req_raw/);
  });

  test("an amount in another currency is a bad response", async () => {
    bodies = [page([{ amount: "100", currency: "EUR" }])];
    expect(await rejection(raw("cost"))).toBeInstanceOf(ProviderBadResponseError);
  });
});

describe("tolerant usage rows", () => {
  test("counts sent as strings, missing optional fields and new fields are read", async () => {
    bodies = [
      page([
        {
          uncached_input_tokens: "100",
          cache_read_input_tokens: 20,
          output_tokens: "7",
          model: "claude-haiku-4-5-20251001",
          inference_geo: "us",
        },
      ]),
    ];
    const { records } = await raw("usage");
    expect(records).toEqual([
      expect.objectContaining({
        prompt_tokens: 120,
        cache_read_tokens: 20,
        cache_write_5m_tokens: 0,
        completion_tokens: 7,
        search_queries: 0,
        workspace_id: null,
        service_tier: null,
        metadata: expect.objectContaining({ extra: { inference_geo: "us" } }),
        idempotency_key:
          "anthropic:usage:1h:2025-05-10T00:00:00.000Z:claude-haiku-4-5-20251001:default:none:none:none",
      }),
    ]);
  });

  test("rows with nothing counted are skipped", async () => {
    bodies = [page([{ uncached_input_tokens: 0, output_tokens: 0, model: "m" }])];
    const { records, buckets } = await raw("usage");
    expect({ records, buckets }).toEqual({ records: [], buckets: 1 });
  });

  test("a negative count is a bad response", async () => {
    bodies = [page([{ uncached_input_tokens: -5 }])];
    expect(await rejection(raw("usage"))).toBeInstanceOf(ProviderBadResponseError);
  });
});

describe("pagination guards", () => {
  test("has_more without a cursor is a bad response", async () => {
    bodies = [page([], { has_more: true, next_page: null })];
    const error = await rejection(raw("usage"));
    expect(error).toBeInstanceOf(ProviderBadResponseError);
    expect(error.message).toMatch(/no next_page cursor/);
  });

  test("a cursor that comes back stops the loop", async () => {
    bodies = [page([], { has_more: true, next_page: "page_a" })];
    const error = await rejection(raw("usage"));
    expect(error.message).toMatch(/same next_page cursor twice/);
    expect(served).toBe(2);
  });
});

describe("late data", () => {
  let fake: FakeAnthropicAdmin;
  const rows = [
    anthropicUsageRow({ starting_at: "2025-05-10T09:00:00Z", uncached_input_tokens: 1_000 }),
  ];

  beforeEach(async () => {
    fake = await startFakeAnthropicAdmin({
      usage: structuredClone(rows),
      costs: anthropicCostRowsFromUsage(rows),
    });
  });
  afterEach(async () => {
    await fake.close();
  });

  test("a re-fetched bucket that grew keeps its keys and brings the new numbers", async () => {
    const connection = connectionTo(fake.url, DEFAULT_ANTHROPIC_ADMIN_KEY);
    const before = await collect(anthropicAdapter, "usage", connection, DAY);
    const costBefore = await collect(anthropicAdapter, "cost", connection, DAY);
    const grown = [
      ...rows,
      anthropicUsageRow({ starting_at: "2025-05-10T09:00:00Z", uncached_input_tokens: 500 }),
    ];
    fake.state.usage = grown;
    fake.state.costs = anthropicCostRowsFromUsage(grown);
    const after = await collect(anthropicAdapter, "usage", connection, DAY);
    const costAfter = await collect(anthropicAdapter, "cost", connection, DAY);
    const keys = (records: typeof before.records) => records.map((r) => r.idempotency_key);
    expect(keys(after.records)).toEqual(keys(before.records));
    expect(keys(costAfter.records)).toEqual(keys(costBefore.records));
    expect(after.records.map((r) => r.prompt_tokens)).toEqual([1_500]);
    expect(costNanos(costAfter.records)).toBe((costNanos(costBefore.records) * 3n) / 2n);
  });
});
