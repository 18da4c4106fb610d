/**
 * The usage upsert: each dialect's fast path (SQLite: a cached statement per row; PostgreSQL:
 * one statement with an array per column) stores exactly what the portable multi-row insert
 * stores, reports the same counts, and hashes content as earlier versions did, so a batch
 * stored before an upgrade is still recognised as unchanged after it.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { NewUsageRecord } from "../../src/core/usage-record.ts";
import { validateUsageRecord } from "../../src/core/usage-record.ts";
import { createAccount } from "../../src/services/accounts.ts";
import { createServiceContext, type ServiceContext } from "../../src/services/context.ts";
import { ingestUsage } from "../../src/services/ingest.ts";
import type { DialectCapabilities } from "../../src/storage/dialect.ts";
import { type UsageRepository, usageRepository } from "../../src/storage/usage-repository.ts";
import { timeOrderedUuid } from "../../src/storage/usage-rows.ts";
import { arrayLiteral } from "../../src/storage/usage-upsert.ts";
import { DIALECTS, openTestStore } from "../support/databases.ts";

const NOW = "2025-03-15T12:00:00.000Z";

/** Records as a client sends them, with what the version before this change stored for them. */
const PINNED = [
  {
    input: {
      timestamp: "2025-03-01T10:00:00.123456Z",
      model: "claude-sonnet-4-5",
      prompt_tokens: 1200,
      completion_tokens: "80",
      cache_read_tokens: 400,
      total_cost: "0.0012345",
      source: "proxy",
      project: "checkout",
      api_key_suffix: "a1F9",
      workspace_id: "wrkspc_1",
      metadata: { team: "data", nested: { b: [1, "two", null], a: true }, ü: "ß" },
    },
    key: "nk:0rhGde8z00tEguBsI1PaMdxpxxQNzOBC",
    hash: "NIJ4O0yeVX3JmuaN_ypFWNg1L-pW4B8L",
  },
  {
    input: {
      bucket: "1h",
      timestamp: "2025-03-01T10:00:00Z",
      model: "claude-haiku-4-5",
      prompt_tokens: 10,
      completion_tokens: 5,
      total_cost: "0.5",
      source: "admin_api",
      confidence: "official",
      service_tier: "standard",
      metadata: { z: 1, a: 2 },
    },
    key: "nk:K8KSC96d23umNuiQVEL1dthB_6vDFClJ",
    hash: "bDydr0ymol2MAByeXM4nYBtyrZVCM0d_",
  },
  {
    input: {
      date: "2025-02-28",
      bucket: "1d",
      model: "ft:unknown-model",
      prompt_tokens: 7,
      idempotency_key: "key-1",
      total_cost: null,
      requests: 3,
    },
    key: "key-1",
    hash: "drcD5YIKQN2ISR3VOLYMmKz8ht4ye35R",
  },
];

describe.each(DIALECTS)("usage upsert on %s", (dialect) => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let ctx: ServiceContext;
  let accountId: string;
  /** The same table through Kysely's multi-row insert, the way any other dialect writes. */
  let portable: UsageRepository;

  beforeAll(async () => {
    store = await openTestStore(dialect);
    ctx = createServiceContext(store, () => new Date(NOW));
    const created = await createAccount(ctx, { provider: "anthropic", name: "anthropic" });
    // Natural keys cover the account id, so the pinned keys need this one.
    await sql`update accounts set id = 'acc_fixed' where id = ${created.id}`.execute(store.db);
    accountId = "acc_fixed";
    const plain: DialectCapabilities = {
      name: store.dialect.name,
      maxParameters: store.dialect.maxParameters,
      arrayParameters: false,
    };
    portable = usageRepository(store.db, plain);
  });
  afterAll(async () => {
    await store.dropAll();
  });

  function records(count: number, from: number, patch: Record<string, unknown> = {}) {
    return Array.from({ length: count }, (_, i) => {
      const n = from + i;
      const result = validateUsageRecord(
        {
          account_id: accountId,
          timestamp: `2025-04-01T00:00:${String(n % 60).padStart(2, "0")}.${String(n % 1000).padStart(3, "0")}Z`,
          model: n % 3 ? "claude-sonnet-4-5" : null,
          prompt_tokens: 1000 + n,
          completion_tokens: n,
          cache_read_tokens: n % 7,
          total_cost: n % 4 ? `0.${String(n).padStart(9, "0")}` : null,
          cost_source: n % 4 ? undefined : "manual",
          project: n % 2 ? `p-${n}` : null,
          metadata: n % 5 ? { n, quote: 'say "hi" \\ bye', text: "ünïcödé" } : undefined,
          idempotency_key: `k-${n}`,
          ...patch,
        },
        i,
      );
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return { ...result.record, provider: "anthropic" } as NewUsageRecord;
    });
  }

  async function stored(keys: readonly string[]) {
    const rows = await store.db
      .selectFrom("usage_records")
      .selectAll()
      .where("idempotency_key", "in", keys)
      .execute();
    return new Map(rows.map((row) => [row.idempotency_key, row]));
  }

  test("natural keys and content hashes are the ones earlier versions stored", async () => {
    const result = await ingestUsage(ctx, {
      records: PINNED.map((p) => ({ account_id: accountId, ...p.input })),
    });
    expect(result).toMatchObject({ inserted: 3, updated: 0, unchanged: 0 });
    const rows = await stored(PINNED.map((p) => p.key));
    for (const pinned of PINNED) expect(rows.get(pinned.key)?.content_hash).toBe(pinned.hash);
  });

  test("the fast path and the portable insert store the same rows and counts", async () => {
    const first = records(200, 0);
    expect(await ctx.usage.upsertMany(first, NOW)).toEqual({
      inserted: 200,
      updated: 0,
      unchanged: 0,
    });
    // Same content through the other path: recognised as unchanged, so the hashes agree.
    expect(await portable.upsertMany(first, NOW)).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 200,
    });
    const mixed = [...records(50, 0, { completion_tokens: 5000 }), ...records(150, 150)];
    expect(await portable.upsertMany(mixed, NOW)).toEqual({
      inserted: 100,
      updated: 50,
      unchanged: 50,
    });
    expect(await ctx.usage.upsertMany(mixed, NOW)).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 200,
    });
    const again = records(30, 0, { completion_tokens: 6000 });
    expect(await ctx.usage.upsertMany(again, NOW)).toEqual({
      inserted: 0,
      updated: 30,
      unchanged: 0,
    });

    // Every column lands where it belongs, whichever path wrote it.
    const expected = [
      ...again,
      ...records(20, 30, { completion_tokens: 5000 }),
      ...records(250, 50),
    ];
    const listed = await ctx.usage.list({ accountId, from: "2025-04-01" }, 1_000);
    const byKey = new Map(listed.map((r) => [r.idempotency_key, r]));
    expect(byKey.size).toBe(300);
    for (const record of expected) {
      const { id, created_at, updated_at, ...rest } = byKey.get(record.idempotency_key) ?? {};
      expect(rest).toEqual(record);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(created_at).toBe(NOW);
      expect(updated_at).toBe(NOW);
    }
    const versions = await stored(["k-0", "k-40", "k-100", "k-180"]);
    expect([...versions.values()].map((r) => [r.idempotency_key, Number(r.version)])).toEqual(
      expect.arrayContaining([
        ["k-0", 3],
        ["k-40", 2],
        ["k-100", 1],
        ["k-180", 1],
      ]),
    );
  });

  test("a row that fails stores nothing of its batch", async () => {
    const before = await ctx.usage.countForAccount(accountId);
    // Past 10,000 rows PostgreSQL sends two statements, which must still be one transaction.
    const batch = [...records(10_000, 1_000), ...records(1, 20_000, { account_id: "acc_gone" })];
    await expect(ctx.usage.upsertMany(batch, NOW)).rejects.toThrow();
    expect(await ctx.usage.countForAccount(accountId)).toBe(before);
  });

  test("never writes inside another caller's open transaction", async () => {
    let started!: () => void;
    const inside = new Promise<void>((resolve) => {
      started = resolve;
    });
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const other = store.db.transaction().execute(async (trx) => {
      await trx.updateTable("accounts").set({ name: "renamed" }).execute();
      started();
      await gate;
      throw new Error("the other caller rolls back");
    });
    await inside;
    const upsert = ctx.usage.upsertMany(records(5, 30_000), NOW);
    finish();
    await expect(other).rejects.toThrow("rolls back");
    expect(await upsert).toEqual({ inserted: 5, updated: 0, unchanged: 0 });
    expect((await stored(["k-30000", "k-30004"])).size).toBe(2);
  });
});

describe("usage row helpers", () => {
  test("ids are UUID version 7: time first, so new rows go to the end of the index", () => {
    const early = timeOrderedUuid(Date.UTC(2025, 0, 1));
    const late = timeOrderedUuid(Date.UTC(2025, 0, 1) + 1);
    expect(early).toMatch(/^01941f29-7c00-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(early < late).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => timeOrderedUuid(0))).size).toBe(1000);
  });

  test("array literals quote every string and escape quotes and backslashes", () => {
    const rows = [["plain"], ['a "quoted" \\ word'], [null], ["NULL"], [""], [12n], [3]];
    expect(arrayLiteral(rows, 0)).toBe('{"plain","a \\"quoted\\" \\\\ word",NULL,"NULL","",12,3}');
  });
});

describe("array literals on PostgreSQL", () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  beforeAll(async () => {
    store = await openTestStore("postgres");
  });
  afterAll(async () => {
    await store.dropAll();
  });

  test("read back as the strings they were built from", async () => {
    const values = [
      "plain",
      'a "q" \\ b',
      "{braces},commas",
      " spaced ",
      "NULL",
      "",
      "ünï 😀",
      null,
    ];
    const literal = arrayLiteral(
      values.map((v) => [v]),
      0,
    );
    const result = await sql<{ a: (string | null)[] }>`select ${literal}::text[] as a`.execute(
      store.db,
    );
    expect(result.rows[0]?.a).toEqual(values);
  });
});
