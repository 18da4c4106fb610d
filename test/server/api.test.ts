import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DIALECTS } from "../support/databases.ts";
import { openTestApp } from "../support/app.ts";

describe.each(DIALECTS)("HTTP API on %s", (dialect) => {
  let api: Awaited<ReturnType<typeof openTestApp>>;
  let accountId: string;

  beforeAll(async () => {
    api = await openTestApp(dialect);
  });
  afterAll(async () => {
    await api.close();
  });

  test("healthz answers without a token", async () => {
    const response = await api.call("GET", "/healthz", undefined, null);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: dialect });
  });

  test.each([
    ["no header", null],
    ["a wrong token", "not-the-token"],
  ])("every /api route refuses %s with 401 in the error envelope", async (_name, token) => {
    for (const [method, path] of [
      ["GET", "/api/v1/accounts"],
      ["POST", "/api/v1/usage"],
      ["GET", "/api/v1/reports/summary"],
      ["GET", "/api/v1/nowhere"],
    ] as const) {
      const response = await api.call(
        method,
        path,
        method === "POST" ? { records: [] } : undefined,
        token,
      );
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({
        error: { code: "unauthorized", message: expect.any(String) },
      });
    }
  });

  test("POST /accounts answers 201 with the account and its id", async () => {
    const response = await api.call("POST", "/api/v1/accounts", {
      provider: "perplexity",
      name: "research",
    });
    expect(response.status).toBe(201);
    const account = (await response.json()) as { id: string };
    expect(account).toMatchObject({
      id: expect.stringMatching(/^acc_/),
      provider: "perplexity",
      name: "research",
    });
    accountId = account.id;
    const list = (await (await api.call("GET", "/api/v1/accounts")).json()) as {
      accounts: { id: string }[];
    };
    expect(list.accounts.map((a) => a.id)).toContain(accountId);
  });

  test("an unknown provider or a duplicate name is refused clearly", async () => {
    const unknown = await api.call("POST", "/api/v1/accounts", { provider: "mistral", name: "x" });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      error: { code: "validation_error", details: [{ field: "provider" }] },
    });
    const duplicate = await api.call("POST", "/api/v1/accounts", {
      provider: "perplexity",
      name: "research",
    });
    expect(duplicate.status).toBe(409);
  });

  test("ingest, list with a cursor, and summarize", async () => {
    const records = Array.from({ length: 5 }, (_, i) => ({
      account_id: accountId,
      timestamp: `2025-04-0${i + 1}T08:00:00Z`,
      model: "sonar-pro",
      prompt_tokens: 1000,
      completion_tokens: 500,
      search_queries: 1,
      total_cost: "0.0185",
      api_key_suffix: "a1b2",
      idempotency_key: `pplx-${i}`,
    }));
    const ingest = await api.call("POST", "/api/v1/usage", { records });
    expect(ingest.status).toBe(200);
    expect(await ingest.json()).toMatchObject({ received: 5, inserted: 5 });

    const first = (await (
      await api.call("GET", "/api/v1/usage?provider=perplexity&limit=3")
    ).json()) as {
      records: { timestamp: string; total_cost: string }[];
      next_cursor: string;
    };
    expect(first.records.map((r) => r.timestamp.slice(0, 10))).toEqual([
      "2025-04-05",
      "2025-04-04",
      "2025-04-03",
    ]);
    expect(first.records[0]?.total_cost).toBe("0.0185");
    const second = (await (
      await api.call("GET", `/api/v1/usage?provider=perplexity&limit=3&cursor=${first.next_cursor}`)
    ).json()) as { records: unknown[]; next_cursor: string | null };
    expect(second.records).toHaveLength(2);
    expect(second.next_cursor).toBeNull();

    const summary = await api.call(
      "GET",
      `/api/v1/reports/summary?from=2025-04-01&to=2025-04-06&group_by=provider&group_by=date&account_id=${accountId}`,
    );
    const body = (await summary.json()) as {
      total_cost: string;
      groups: Record<string, unknown>[];
    };
    expect(body.total_cost).toBe("0.0925");
    expect(body.groups).toHaveLength(5);
    expect(body.groups[0]).toEqual({
      provider: "perplexity",
      date: "2025-04-01",
      total_cost: "0.0185",
      prompt_tokens: 1000,
      completion_tokens: 500,
      total_tokens: 1500,
      cache_read_tokens: 0,
      requests: 1,
      search_queries: 1,
      records: 1,
      unpriced_records: 0,
    });
  });

  test("a bad batch is 400 naming each bad record, and nothing is stored", async () => {
    const before = (await (await api.call("GET", "/api/v1/reports/summary")).json()) as {
      total_cost: string;
    };
    const response = await api.call("POST", "/api/v1/usage", {
      records: [
        {
          account_id: accountId,
          timestamp: "2025-04-09T00:00:00Z",
          total_cost: "1.00",
          idempotency_key: "ok",
        },
        { account_id: accountId, timestamp: "yesterday", total_cost: "1.00" },
        { account_id: accountId, timestamp: "2025-04-09T00:00:00Z", total_cost: "one dollar" },
      ],
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { details: { index: number; field: string }[] };
    };
    expect(body.error.details.map((d) => [d.index, d.field])).toEqual([
      [1, "timestamp"],
      [2, "total_cost"],
    ]);
    const after = (await (await api.call("GET", "/api/v1/reports/summary")).json()) as {
      total_cost: string;
    };
    expect(after.total_cost).toBe(before.total_cost);
  });

  test("malformed JSON and bad query parameters are 400 in the envelope", async () => {
    const malformed = await api.call("POST", "/api/v1/usage", "{not json");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: "validation_error" } });
    const badDate = await api.call("GET", "/api/v1/reports/summary?from=2025-13-01");
    expect(badDate.status).toBe(400);
    const badGroup = await api.call("GET", "/api/v1/reports/summary?group_by=colour");
    expect(await badGroup.json()).toMatchObject({ error: { details: [{ field: "group_by" }] } });
    const badLimit = await api.call("GET", "/api/v1/usage?limit=5000");
    expect(badLimit.status).toBe(400);
  });

  test("removing an account with records needs force", async () => {
    const refused = await api.call("DELETE", `/api/v1/accounts/${accountId}`);
    expect(refused.status).toBe(409);
    const removed = await api.call("DELETE", `/api/v1/accounts/${accountId}?force=true`);
    expect(await removed.json()).toMatchObject({ removed_records: 5 });
    expect((await api.call("GET", `/api/v1/accounts/${accountId}`)).status).toBe(404);
  });
});
