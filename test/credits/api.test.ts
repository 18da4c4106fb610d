import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ingestUsage } from "../../src/services/ingest.ts";
import { openTestApp } from "../support/app.ts";
import { DIALECTS } from "../support/databases.ts";
import { juneSpend, PURCHASE, STATUS_JUNE_20, TOP_UP } from "./fixtures.ts";

describe.each(DIALECTS)("credits API on %s", (dialect) => {
  let api: Awaited<ReturnType<typeof openTestApp>>;
  let accountId: string;
  let base: string;

  beforeAll(async () => {
    api = await openTestApp(dialect);
    const response = await api.call("POST", "/api/v1/accounts", {
      provider: "perplexity",
      name: "research",
    });
    accountId = ((await response.json()) as { id: string }).id;
    base = `/api/v1/accounts/${accountId}/credits`;
    await ingestUsage(api.ctx, juneSpend(accountId));
  });
  afterAll(async () => {
    await api.close();
  });

  test("GET before any credit lists none and has no status", async () => {
    const response = await api.call("GET", base);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ account_id: accountId, credits: [], status: null });
  });

  test("POST answers 201 with the credit", async () => {
    const response = await api.call("POST", base, PURCHASE);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      id: expect.stringMatching(/^cr_/),
      account_id: accountId,
      date: "2025-06-01",
      amount: "50.00",
      currency: "USD",
      kind: "purchase",
      note: null,
      created_at: expect.any(String),
    });
    const topUp = await api.call("POST", base, { ...TOP_UP, note: "auto" });
    expect(topUp.status).toBe(201);
  });

  test("GET /status?as_of= gives the exact status; GET lists credits with it", async () => {
    const status = await api.call("GET", `${base}/status?as_of=2025-06-20`);
    expect(status.status).toBe(200);
    expect(await status.json()).toEqual({ account_id: accountId, ...STATUS_JUNE_20 });

    const list = await api.call("GET", `${base}?as_of=2025-06-20&warn_days=5`);
    const body = (await list.json()) as {
      credits: { amount: string; kind: string }[];
      status: Record<string, unknown>;
    };
    expect(body.credits.map((c) => [c.amount, c.kind])).toEqual([
      ["50.00", "purchase"],
      ["25.00", "top_up"],
    ]);
    expect(body.status).toMatchObject({ balance: "19.476543211", status: "ok", warning: null });
  });

  test.each([
    ["a negative amount", { amount: "-1" }, "amount"],
    ["a bad date", { amount: "1", date: "June 1st" }, "date"],
    ["a non-object body", ["1"], "(body)"],
  ])("POST with %s is a 400 naming the field", async (_name, body, field) => {
    const response = await api.call("POST", base, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: "validation_error", details: [{ field }] },
    });
  });

  test.each([
    ["bad warn_days", "warn_days=soon", "warn_days"],
    ["a bad as_of", "as_of=2025-6-1", "as_of"],
  ])("GET status with %s is a 400 naming the field", async (_name, query, field) => {
    const response = await api.call("GET", `${base}/status?${query}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: "validation_error", details: [{ field }] },
    });
  });

  test("an unknown account is a 404 naming account_id", async () => {
    const response = await api.call("POST", "/api/v1/accounts/acc_nope/credits", { amount: "5" });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: { code: "not_found", details: [{ field: "account_id" }] },
    });
    const status = await api.call("GET", "/api/v1/accounts/acc_nope/credits/status");
    expect(status.status).toBe(404);
  });

  test("the routes need the admin token", async () => {
    const response = await api.call("GET", base, undefined, null);
    expect(response.status).toBe(401);
  });
});
