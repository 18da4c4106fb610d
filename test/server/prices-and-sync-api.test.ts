import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hashToken } from "../../src/auth/admin-token.ts";
import { createLogger } from "../../src/logging/logger.ts";
import { createApp } from "../../src/server/app.ts";
import { DEFAULT_ANTHROPIC_ADMIN_KEY, startFakeAnthropicAdmin } from "../fakes/anthropic-admin.ts";
import { seedAnthropicMonth } from "../fakes/anthropic-seed.ts";
import { TEST_TOKEN } from "../support/app.ts";
import { DIALECTS, openTestStore } from "../support/databases.ts";
import { syncContext } from "../support/sync.ts";

describe.each(DIALECTS)("prices, overrides and sync over HTTP on %s", (dialect) => {
  let fake: Awaited<ReturnType<typeof startFakeAnthropicAdmin>>;
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let call: (method: string, path: string, body?: unknown) => Response | Promise<Response>;
  let accountId: string;

  beforeAll(async () => {
    fake = await startFakeAnthropicAdmin();
    Object.assign(fake.state, seedAnthropicMonth({ month: "2025-11" }));
    store = await openTestStore(dialect);
    const ctx = syncContext(store, { anthropic: fake.url }, new Date("2025-11-10T00:00:00Z"));
    const app = createApp({
      ctx,
      adminTokenHash: hashToken(TEST_TOKEN),
      logger: createLogger("silent"),
    });
    call = (method, path, body) =>
      app.request(path, {
        method,
        headers: { authorization: `Bearer ${TEST_TOKEN}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
  });
  afterAll(async () => {
    await fake.close();
    await store.dropAll();
  });

  test("GET /prices lists the catalog, filtered by provider and date", async () => {
    const body = (await (
      await call("GET", "/api/v1/prices?provider=groq&at=2025-06-01")
    ).json()) as {
      prices: { provider: string; model: string }[];
    };
    expect(body.prices.length).toBeGreaterThan(3);
    expect(body.prices.every((p) => p.provider === "groq")).toBe(true);
    const bad = await call("GET", "/api/v1/prices?at=soon");
    expect(bad.status).toBe(400);
  });

  test("POST /prices/quote prices a usage exactly", async () => {
    const response = await call("POST", "/api/v1/prices/quote", {
      provider: "openai",
      model: "o3",
      at: "2025-06-09",
      usage: { prompt_tokens: 1_000_000, completion_tokens: 1_000_000 },
    });
    expect(await response.json()).toMatchObject({ total_cost: "50.00", unpriced: false });
  });

  test("an account is created with a verified admin key that is never returned", async () => {
    const response = await call("POST", "/api/v1/accounts", {
      provider: "anthropic",
      name: "org",
      admin_key: DEFAULT_ANTHROPIC_ADMIN_KEY,
    });
    expect(response.status).toBe(201);
    const text = await response.text();
    expect(text).not.toContain(DEFAULT_ANTHROPIC_ADMIN_KEY);
    const account = JSON.parse(text) as { id: string; credentials: { admin_key_hint: string } };
    expect(account.credentials.admin_key_hint).toBe(DEFAULT_ANTHROPIC_ADMIN_KEY.slice(-4));
    accountId = account.id;
    const refused = await call("POST", "/api/v1/accounts", {
      provider: "anthropic",
      name: "bad",
      admin_key: "sk-ant-admin01-unknown-000000",
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { details: [{ field: "admin_key" }] } });
  });

  test("overrides: create, list, delete under /accounts/:id/prices", async () => {
    const created = await call("POST", `/api/v1/accounts/${accountId}/prices`, {
      kind: "discount",
      percent: "12.5",
      effective_from: "2025-01-01",
      note: "enterprise agreement",
    });
    expect(created.status).toBe(201);
    const override = (await created.json()) as { id: string };
    const list = (await (await call("GET", `/api/v1/accounts/${accountId}/prices`)).json()) as {
      overrides: { id: string; percent: string }[];
    };
    expect(list.overrides).toEqual([
      expect.objectContaining({ id: override.id, percent: "12.5", note: "enterprise agreement" }),
    ]);
    expect(
      (await call("DELETE", `/api/v1/accounts/${accountId}/prices/${override.id}`)).status,
    ).toBe(200);
    expect(
      (await call("DELETE", `/api/v1/accounts/${accountId}/prices/${override.id}`)).status,
    ).toBe(404);
  });

  test("POST /accounts/:id/sync runs a sync and the run is in the history", async () => {
    const response = await call("POST", `/api/v1/accounts/${accountId}/sync`, {
      from: "2025-11-01",
      to: "2025-11-03",
    });
    expect(response.status).toBe(200);
    const summary = (await response.json()) as { inserted: number; run_id: string };
    expect(summary.inserted).toBeGreaterThan(0);
    const runs = (await (await call("GET", `/api/v1/accounts/${accountId}/sync-runs`)).json()) as {
      runs: { id: string; outcome: string }[];
    };
    expect(runs.runs[0]).toMatchObject({ id: summary.run_id, outcome: "success" });
    const account = (await (await call("GET", `/api/v1/accounts/${accountId}`)).json()) as {
      sync: { last_success_at: string };
    };
    expect(account.sync.last_success_at).toBe("2025-11-10T00:00:00.000Z");
  });

  test("a sync body that is not an object of dates is a 400 naming the problem", async () => {
    const notObject = await call("POST", `/api/v1/accounts/${accountId}/sync`, null);
    expect(notObject.status).toBe(400);
    const badDate = await call("POST", `/api/v1/accounts/${accountId}/sync`, { from: 5 });
    expect(await badDate.json()).toMatchObject({ error: { details: [{ field: "from" }] } });
  });

  test("a failed sync answers 502 with the provider error class", async () => {
    fake.state.faults.push({ status: 429, spendCap: true });
    const response = await call("POST", `/api/v1/accounts/${accountId}/sync`, {
      from: "2025-11-01",
      to: "2025-11-02",
    });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { code: "provider_billing" } });
    const groq = (await (
      await call("POST", "/api/v1/accounts", { provider: "groq", name: "g" })
    ).json()) as { id: string };
    const noApi = await call("POST", `/api/v1/accounts/${groq.id}/sync`);
    expect(noApi.status).toBe(400);
    expect(await noApi.json()).toMatchObject({
      error: { message: expect.stringMatching(/no usage or billing API/) },
    });
  });
});
