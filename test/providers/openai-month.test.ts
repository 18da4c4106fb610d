import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { parseUsd } from "../../src/core/money.ts";
import { openaiAdapter } from "../../src/providers/openai/index.ts";
import { resetBreakers } from "../../src/providers/shared/resilience.ts";
import {
  DEFAULT_OPENAI_ADMIN_KEY,
  type FakeOpenAIAdmin,
  OPENAI_COSTS_PATH,
  OPENAI_USAGE_PATH,
  startFakeOpenAIAdmin,
} from "../fakes/openai-admin.ts";
import { seedOpenAIMonth } from "../fakes/openai-seed.ts";
import {
  type Collected,
  collect,
  connectionTo,
  costNanos,
  invalidRecords,
  metadataOf,
  sumOf,
} from "./support.ts";

// Seven months around a seeded May, so the costs endpoint (180 days a page) pages too.
const WINDOW = { start: "2025-01-01T00:00:00Z", end: "2025-08-01T00:00:00Z" };
const DAYS = 212;

describe.each(["string", "number"] as const)("a month with cost values as JSON %ss", (valueAs) => {
  const seed = seedOpenAIMonth({ month: "2025-05", valueAs });
  let fake: FakeOpenAIAdmin;
  let usage: Collected;
  let cost: Collected;

  beforeAll(async () => {
    fake = await startFakeOpenAIAdmin({ usage: seed.usage, costs: seed.costs });
    resetBreakers();
    const connection = connectionTo(fake.url, DEFAULT_OPENAI_ADMIN_KEY);
    usage = await collect(openaiAdapter, "usage", connection, WINDOW);
    cost = await collect(openaiAdapter, "cost", connection, WINDOW);
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    resetBreakers();
  });

  test("token and request sums equal the seeded usage", () => {
    const seeded = (pick: (row: (typeof seed.usage)[number]) => number) =>
      seed.usage.reduce((sum, row) => sum + pick(row), 0);
    expect({
      prompt: sumOf(usage.records, "prompt_tokens"),
      cacheRead: sumOf(usage.records, "cache_read_tokens"),
      completion: sumOf(usage.records, "completion_tokens"),
      requests: sumOf(usage.records, "requests"),
    }).toEqual({
      prompt: seeded((row) => row.input_tokens),
      cacheRead: seeded((row) => row.input_cached_tokens),
      completion: seeded((row) => row.output_tokens),
      requests: seeded((row) => row.num_model_requests),
    });
    expect(usage.records).toHaveLength(seed.usage.length);
    expect(new Set(usage.records.map((r) => r.idempotency_key)).size).toBe(seed.usage.length);
  });

  test("every page is fetched and every bucket visited once", () => {
    const usageRequests = fake.state.requests.filter((r) => r.path === OPENAI_USAGE_PATH);
    const costRequests = fake.state.requests.filter((r) => r.path === OPENAI_COSTS_PATH);
    const cursors = usageRequests.map((r) => r.query.page?.[0] ?? "first");
    expect(usage.buckets).toBe(DAYS * 24);
    expect(usageRequests).toHaveLength(Math.ceil((DAYS * 24) / 168));
    expect(new Set(cursors).size).toBe(usageRequests.length);
    expect(new Set(usage.records.map((r) => r.timestamp)).size).toBe(31 * 24);
    expect(usageRequests[0]?.query).toMatchObject({
      start_time: [String(Date.parse(WINDOW.start) / 1000)],
      end_time: [String(Date.parse(WINDOW.end) / 1000)],
      bucket_width: ["1h"],
      limit: ["168"],
      group_by: ["model", "project_id", "api_key_id", "batch", "service_tier"],
    });
    expect(cost.buckets).toBe(DAYS);
    expect(costRequests).toHaveLength(2);
    expect(costRequests[0]?.query).toMatchObject({
      bucket_width: ["1d"],
      limit: ["180"],
      group_by: ["project_id", "line_item"],
    });
  });

  test("usage rows are official zeros whose dollars are in the costs", () => {
    expect(costNanos(usage.records)).toBe(0n);
    expect(usage.records).toEqual(
      usage.records.map(() =>
        expect.objectContaining({
          provider: "openai",
          bucket: "1h",
          total_cost: "0",
          cost_source: "official_report",
          confidence: "official",
          source: "admin_api",
          metadata: expect.objectContaining({
            endpoint: "usage/completions",
            cost_reported_in: "costs",
          }),
        }),
      ),
    );
  });

  test("batch rows are the batch tier; the others keep theirs", () => {
    const batch = usage.records.filter((record) => metadataOf(record).batch === true);
    expect(batch).toHaveLength(seed.usage.filter((row) => row.batch).length);
    expect(new Set(batch.map((record) => record.service_tier))).toEqual(new Set(["batch"]));
    expect(
      new Set(usage.records.filter((r) => !batch.includes(r)).map((r) => r.service_tier)),
    ).toEqual(new Set(["default"]));
    expect(new Set(usage.records.map((record) => record.project))).toEqual(
      new Set(["proj_seed_alpha", "proj_seed_beta"]),
    );
  });

  test("the cost sum equals the seeded dollars, each rounded once to nano-dollars", () => {
    // Batch cached input of gpt-4o-mini costs $0.0375/MTok, so some rows have a tenth decimal;
    // the ledger holds nano-dollars and rounds each amount once, half to even.
    const seeded = seed.costs.reduce((sum, row) => sum + parseUsd(row.value, "half-even"), 0n);
    expect(seeded).toBeGreaterThan(0n);
    expect(cost.records).toHaveLength(seed.costs.length);
    expect(costNanos(cost.records)).toBe(seeded);
    const seededRows = new Map(
      seed.costs.map((row) => [
        `${row.date} ${row.project_id} ${row.line_item}`,
        parseUsd(row.value, "half-even"),
      ]),
    );
    const recordRows = new Map(
      cost.records.map((r) => [
        `${r.timestamp?.slice(0, 10)} ${r.project} ${metadataOf(r).line_item}`,
        parseUsd(r.total_cost ?? "none"),
      ]),
    );
    expect(recordRows).toEqual(seededRows);
  });

  test("cost rows name their model and project", () => {
    const record = cost.records.find(
      (r) => metadataOf(r).line_item === "o3-2025-04-16, batch input",
    );
    expect(record).toMatchObject({
      provider: "openai",
      bucket: "1d",
      model: "o3-2025-04-16",
      prompt_tokens: 0,
      requests: 0,
      cost_source: "official_report",
      confidence: "official",
      metadata: { endpoint: "costs", project_id: record?.project },
    });
    expect(record?.idempotency_key).toMatch(
      /^openai:cost:1d:2025-05-\d\d:proj_seed_(alpha|beta):o3-2025-04-16, batch input$/,
    );
  });

  test("all records pass the ledger's validation", () => {
    expect(invalidRecords([...usage.records, ...cost.records])).toEqual([]);
  });
});
