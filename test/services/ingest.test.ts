import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ValidationError } from "../../src/core/errors.ts";
import { parseUsd } from "../../src/core/money.ts";
import { createAccount } from "../../src/services/accounts.ts";
import { createServiceContext, type ServiceContext } from "../../src/services/context.ts";
import { ingestUsage } from "../../src/services/ingest.ts";
import { summarizeUsage } from "../../src/services/reports.ts";
import { listUsage } from "../../src/services/usage-list.ts";
import { DIALECTS, openTestStore } from "../support/databases.ts";

const NOW = new Date("2025-03-15T12:00:00Z");

function record(accountId: string, index: number, extra: Record<string, unknown> = {}) {
  return {
    account_id: accountId,
    timestamp: `2025-03-0${1 + (index % 9)}T10:00:00.${String(index % 1000).padStart(3, "0")}Z`,
    model: "llama-3.3-70b-versatile",
    prompt_tokens: 100,
    completion_tokens: 20,
    total_cost: "0.000000123",
    idempotency_key: `req_${index}`,
    ...extra,
  };
}

async function rejection(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => new Error("expected the batch to be rejected"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe.each(DIALECTS)("ingest and reports on %s", (dialect) => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let ctx: ServiceContext;
  let groqId: string;
  let anthropicId: string;

  beforeAll(async () => {
    store = await openTestStore(dialect);
    ctx = createServiceContext(store, () => NOW);
    groqId = (await createAccount(ctx, { provider: "groq", name: "groq-prod" })).id;
    anthropicId = (await createAccount(ctx, { provider: "anthropic", name: "anthropic-org" })).id;
  });
  afterAll(async () => {
    await store.dropAll();
  });

  test("10,000 records of $0.000000123 ingested three times total exactly $0.00123", async () => {
    const batch = { records: Array.from({ length: 10_000 }, (_, i) => record(groqId, i)) };
    const first = await ingestUsage(ctx, batch);
    const second = await ingestUsage(ctx, batch);
    const third = await ingestUsage(ctx, batch);
    expect(first).toMatchObject({ received: 10_000, inserted: 10_000, updated: 0, unchanged: 0 });
    expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 10_000 });
    expect(third).toMatchObject({ inserted: 0, updated: 0, unchanged: 10_000 });

    const summary = await summarizeUsage(ctx, { account_id: groqId });
    expect(summary.total_cost).toBe("0.00123");
    expect(summary.records).toBe(10_000);
    expect(summary.groups[0]).toMatchObject({
      prompt_tokens: 1_000_000,
      completion_tokens: 200_000,
      requests: 10_000,
    });
  });

  test("the latest version of a record wins and is counted once", async () => {
    const key = { idempotency_key: "bucket-1", bucket: "1d", timestamp: "2025-02-01T00:00:00Z" };
    await ingestUsage(ctx, { records: [record(anthropicId, 0, { ...key, total_cost: "1.00" })] });
    const result = await ingestUsage(ctx, {
      records: [record(anthropicId, 0, { ...key, total_cost: "1.50" })],
    });
    expect(result).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const summary = await summarizeUsage(ctx, {
      account_id: anthropicId,
      from: "2025-02-01",
      to: "2025-02-02",
    });
    expect(summary.total_cost).toBe("1.50");
    expect(summary.records).toBe(1);
  });

  test("the same key twice in one batch keeps the later record", async () => {
    const key = { idempotency_key: "dup-in-batch", timestamp: "2025-01-05T00:00:00Z" };
    const result = await ingestUsage(ctx, {
      records: [
        record(anthropicId, 0, { ...key, total_cost: "2" }),
        record(anthropicId, 0, { ...key, total_cost: "3" }),
      ],
    });
    expect(result).toMatchObject({ received: 2, inserted: 1, unchanged: 1 });
    const summary = await summarizeUsage(ctx, {
      account_id: anthropicId,
      from: "2025-01-05",
      to: "2025-01-06",
    });
    expect(summary.total_cost).toBe("3.00");
  });

  test("aggregate buckets without a key are identified by their dimensions", async () => {
    const bucket = {
      bucket: "1h",
      timestamp: "2025-01-10T05:00:00Z",
      idempotency_key: undefined,
      workspace_id: "wrkspc_a",
      source: "admin_api",
      confidence: "official",
    };
    await ingestUsage(ctx, { records: [record(anthropicId, 0, { ...bucket, prompt_tokens: 10 })] });
    const late = await ingestUsage(ctx, {
      records: [record(anthropicId, 0, { ...bucket, prompt_tokens: 15 })],
    });
    expect(late).toMatchObject({ inserted: 0, updated: 1 });
    const summary = await summarizeUsage(ctx, {
      account_id: anthropicId,
      from: "2025-01-10",
      to: "2025-01-11",
    });
    expect(summary.groups[0]?.prompt_tokens).toBe(15);
  });

  const badCases: [string, Record<string, unknown>, string, RegExp][] = [
    ["unknown account", { account_id: "acc_missing" }, "account_id", /no account/],
    ["negative tokens", { prompt_tokens: -1 }, "prompt_tokens", /non-negative whole number/],
    [
      "fractional tokens",
      { completion_tokens: 1.5 },
      "completion_tokens",
      /non-negative whole number/,
    ],
    [
      "cache above prompt",
      { prompt_tokens: 10, cache_read_tokens: 11 },
      "cache_read_tokens",
      /exceed prompt_tokens/,
    ],
    ["malformed timestamp", { timestamp: "2025-13-01 noon" }, "timestamp", /RFC 3339/],
    ["impossible date", { timestamp: "2025-02-30T00:00:00Z" }, "timestamp", /RFC 3339/],
    ["non-decimal cost", { total_cost: "1e-9" }, "total_cost", /not a decimal number/],
    ["cost as a float", { total_cost: 0.1 }, "total_cost", /decimal string/],
    ["too many decimals", { total_cost: "0.0000000001" }, "total_cost", /more than 9 digits/],
    ["wrong total", { total_tokens: 999 }, "total_tokens", /prompt_tokens \+ completion_tokens/],
    ["wrong provider", { provider: "openai" }, "provider", /groq account/],
    ["unknown field", { prompt_token: 5 }, "prompt_token", /unknown field/],
    ["long key suffix", { api_key_suffix: "sk-abcdef" }, "api_key_suffix", /last 4 characters/],
  ];

  test.each(badCases)(
    "rejects the whole batch for %s, naming record and field",
    async (_name, patch, field, why) => {
      const before = await summarizeUsage(ctx, {});
      const records = [
        record(groqId, 50_001, { idempotency_key: "good-a" }),
        { ...record(groqId, 50_002, { idempotency_key: "bad" }), ...patch },
        record(groqId, 50_003, { idempotency_key: "good-b" }),
      ];
      const error = await rejection(ingestUsage(ctx, { records }));
      expect(error.details).toContainEqual({
        index: 1,
        field,
        message: expect.stringMatching(why),
      });
      expect(error.details.every((d) => d.index === 1)).toBe(true);
      const after = await summarizeUsage(ctx, {});
      expect(after.total_cost).toBe(before.total_cost);
      expect(after.records).toBe(before.records);
    },
  );

  test("a batch over 10,000 records or not an array is refused", async () => {
    const tooMany = { records: Array.from({ length: 10_001 }, (_, i) => record(groqId, i)) };
    expect((await rejection(ingestUsage(ctx, tooMany))).message).toMatch(/at most 10000/);
    expect((await rejection(ingestUsage(ctx, { records: {} }))).details[0]?.field).toBe("records");
  });

  test("unpriced records count as unpriced, never as $0", async () => {
    await ingestUsage(ctx, {
      records: [
        record(groqId, 0, {
          idempotency_key: "unpriced-1",
          model: "llama-9-unreleased",
          total_cost: null,
          timestamp: "2024-12-01T00:00:00Z",
        }),
      ],
    });
    const summary = await summarizeUsage(ctx, { from: "2024-12-01", to: "2024-12-02" });
    expect(summary).toMatchObject({ total_cost: "0.00", unpriced_records: 1, records: 1 });
    const page = await listUsage(ctx, { from: "2024-12-01", to: "2024-12-02" });
    expect(page.records[0]).toMatchObject({ total_cost: null, unpriced: true });
  });

  test("groups by several dimensions with exact sums", async () => {
    const summary = await summarizeUsage(ctx, {
      from: "2025-03-01",
      to: "2025-03-10",
      group_by: ["provider", "day"],
    });
    expect(summary.groups).toHaveLength(9);
    expect(summary.groups[0]).toMatchObject({ provider: "groq", date: "2025-03-01" });
    const sum = summary.groups.reduce((acc, g) => acc + parseUsd(String(g.total_cost)), 0n);
    expect(sum).toBe(parseUsd(summary.total_cost));
    expect(summary.total_cost).toBe("0.00123");
  });

  test("lists records newest first across pages with a cursor", async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listUsage(ctx, {
        account_id: groqId,
        from: "2025-03-01",
        to: "2025-03-02",
        limit: 300,
        cursor,
      });
      for (const r of page.records) seen.add(r.id);
      cursor = page.next_cursor ?? undefined;
      pages += 1;
    } while (cursor);
    const expected = await summarizeUsage(ctx, {
      account_id: groqId,
      from: "2025-03-01",
      to: "2025-03-02",
    });
    expect(seen.size).toBe(expected.records);
    expect(pages).toBe(Math.ceil(expected.records / 300) + (expected.records % 300 === 0 ? 1 : 0));
  });
});
