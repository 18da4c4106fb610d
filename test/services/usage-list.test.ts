/**
 * Listing usage in every sort order, page by page: each record exactly once, in order, ties
 * broken by id, unpriced records last in both cost orders; a bad sort or a cursor made for
 * another sort is a 400 that says which field is wrong.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ValidationError } from "../../src/core/errors.ts";
import type { UsageRecordWire } from "../../src/core/usage-record.ts";
import { createAccount } from "../../src/services/accounts.ts";
import { ingestUsage } from "../../src/services/ingest.ts";
import { listUsage, USAGE_SORTS, type UsageSort } from "../../src/services/usage-list.ts";
import { openTestApp } from "../support/app.ts";
import { DIALECTS } from "../support/databases.ts";

const TIMESTAMPS = [
  "2025-06-01T08:00:00.000Z",
  "2025-06-01T09:30:00.000Z",
  "2025-06-02T00:00:00.000Z",
  "2025-06-03T23:59:59.999Z",
];
// Unpriced, zero, tiny, negative (an adjustment) and ordinary costs, each used many times.
const COSTS = [null, "0", "0.000004", "-0.5", "1.25", "0.000004", "12", null];
const RECORD_COUNT = 61;
const PAGE_SIZE = 7;

function seedRecord(accountId: string, i: number) {
  return {
    account_id: accountId,
    timestamp: TIMESTAMPS[i % TIMESTAMPS.length],
    // A model outside the catalog keeps a null cost unpriced instead of pricing it.
    model: "sorting-test-model",
    prompt_tokens: (i % 5) * 100,
    completion_tokens: 10,
    total_cost: COSTS[i % COSTS.length],
    cost_source: COSTS[i % COSTS.length] === null ? null : "provider_reported",
    project: i % 2 === 0 ? "even" : "odd",
    idempotency_key: `sort-${i}`,
  };
}

type Key = string | bigint | number | null;

function keyOf(record: UsageRecordWire, field: string): Key {
  if (field === "total_cost") return record.total_cost === null ? null : toNanos(record.total_cost);
  if (field === "total_tokens") return record.total_tokens;
  return record.timestamp;
}

function toNanos(amount: string): bigint {
  const [whole = "0", fraction = ""] = amount.replace("-", "").split(".");
  const nanos = BigInt(whole) * 1_000_000_000n + BigInt(fraction.padEnd(9, "0"));
  return amount.startsWith("-") ? -nanos : nanos;
}

/** The order the API promises: by the field, nulls last either way, then by id the same way. */
function expectedOrder(records: UsageRecordWire[], sort: UsageSort): string[] {
  const descending = sort.startsWith("-");
  const field = sort.replace(/^-/, "");
  const direction = descending ? -1 : 1;
  return [...records]
    .sort((a, b) => {
      const ka = keyOf(a, field);
      const kb = keyOf(b, field);
      if (ka === null || kb === null) {
        if (ka !== kb) return ka === null ? 1 : -1;
      } else if (ka !== kb) {
        return (ka < kb ? -1 : 1) * direction;
      }
      return (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * direction;
    })
    .map((r) => r.id);
}

async function rejection(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => new Error("expected the listing to be refused"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe.each(DIALECTS)("listing usage in every sort on %s", (dialect) => {
  let api: Awaited<ReturnType<typeof openTestApp>>;
  let accountId: string;
  let all: UsageRecordWire[];

  beforeAll(async () => {
    api = await openTestApp(dialect);
    accountId = (await createAccount(api.ctx, { provider: "groq", name: "sorting" })).id;
    const other = (await createAccount(api.ctx, { provider: "perplexity", name: "other" })).id;
    await ingestUsage(api.ctx, {
      records: [
        ...Array.from({ length: RECORD_COUNT }, (_, i) => seedRecord(accountId, i)),
        ...Array.from({ length: 5 }, (_, i) => seedRecord(other, i)),
      ],
    });
    all = (await listUsage(api.ctx, { account_id: accountId, limit: 1_000 })).records;
  });
  afterAll(async () => {
    await api.close();
  });

  test("the seed has ties in every sort field and unpriced records", () => {
    expect(all).toHaveLength(RECORD_COUNT);
    expect(all.filter((r) => r.total_cost === null).length).toBeGreaterThan(PAGE_SIZE);
    expect(new Set(all.map((r) => r.timestamp)).size).toBe(TIMESTAMPS.length);
  });

  test.each(USAGE_SORTS)(
    "sort=%s returns every record once, in order, across pages",
    async (sort) => {
      const ids: string[] = [];
      const cursors: (string | null)[] = [];
      let cursor: string | undefined;
      do {
        const page = await listUsage(api.ctx, {
          account_id: accountId,
          sort,
          limit: PAGE_SIZE,
          cursor,
        });
        expect(page.records.length).toBeLessThanOrEqual(PAGE_SIZE);
        ids.push(...page.records.map((r) => r.id));
        cursors.push(page.next_cursor);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      expect(ids).toEqual(expectedOrder(all, sort));
      expect(cursors).toHaveLength(Math.ceil(RECORD_COUNT / PAGE_SIZE));
      expect(new Set(cursors).size).toBe(cursors.length);
    },
  );

  test("filters apply in every sort", async () => {
    const page = await listUsage(api.ctx, {
      account_id: accountId,
      project: "even",
      sort: "-total_cost",
      limit: 1_000,
    });
    const even = all.filter((r) => r.project === "even");
    expect(page.records.map((r) => r.id)).toEqual(expectedOrder(even, "-total_cost"));
  });

  test("the default sort is newest first, and a cursor from before sorts existed still works", async () => {
    const first = await listUsage(api.ctx, { account_id: accountId, limit: PAGE_SIZE });
    expect(first.records.map((r) => r.id)).toEqual(
      expectedOrder(all, "-timestamp").slice(0, PAGE_SIZE),
    );
    const last = first.records.at(-1);
    const legacy = Buffer.from(JSON.stringify([last?.timestamp, last?.id])).toString("base64url");
    const second = await listUsage(api.ctx, {
      account_id: accountId,
      limit: PAGE_SIZE,
      cursor: legacy,
    });
    expect(second.records.map((r) => r.id)).toEqual(
      expectedOrder(all, "-timestamp").slice(PAGE_SIZE, 2 * PAGE_SIZE),
    );
  });

  test("a cursor used with another sort is refused in words", async () => {
    const page = await listUsage(api.ctx, {
      account_id: accountId,
      sort: "-total_cost",
      limit: PAGE_SIZE,
    });
    const error = await rejection(
      listUsage(api.ctx, {
        account_id: accountId,
        sort: "total_cost",
        cursor: page.next_cursor ?? "",
      }),
    );
    expect(error.message).toBe(
      "the cursor belongs to sort=-total_cost, not sort=total_cost; start from the first page when changing the sort",
    );
    expect(error.details).toEqual([
      { field: "cursor", message: "was made for sort=-total_cost, not sort=total_cost" },
    ]);
  });

  test("GET /usage sorts, and refuses a bad sort or a foreign cursor with 400 naming the field", async () => {
    const sorted = await api.call(
      "GET",
      `/api/v1/usage?account_id=${accountId}&sort=total_tokens&limit=${PAGE_SIZE}`,
    );
    expect(sorted.status).toBe(200);
    const body = (await sorted.json()) as { records: UsageRecordWire[]; next_cursor: string };
    expect(body.records.map((r) => r.id)).toEqual(
      expectedOrder(all, "total_tokens").slice(0, PAGE_SIZE),
    );

    const bad = await api.call("GET", "/api/v1/usage?sort=cost");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: {
        code: "validation_error",
        details: [
          {
            field: "sort",
            message:
              "must be one of -timestamp, timestamp, -total_cost, total_cost, -total_tokens, total_tokens",
          },
        ],
      },
    });

    const foreign = await api.call(
      "GET",
      `/api/v1/usage?account_id=${accountId}&sort=-timestamp&cursor=${body.next_cursor}`,
    );
    expect(foreign.status).toBe(400);
    expect(await foreign.json()).toMatchObject({
      error: { code: "validation_error", details: [{ field: "cursor" }] },
    });

    const garbage = await api.call("GET", "/api/v1/usage?cursor=bm90LWEtY3Vyc29y");
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toMatchObject({
      error: {
        details: [{ field: "cursor", message: "must be a next_cursor returned by this API" }],
      },
    });
  });
});
