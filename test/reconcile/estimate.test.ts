/**
 * The month estimate a reconciliation starts from, over HTTP: the total the dry run compares
 * against, split by API key suffix, unpriced records counted apart, official data and
 * reconciliation adjustments left out; and a month reconciled either as a whole or key by key,
 * never both, so no dollar counts twice.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseUsd } from "../../src/core/money.ts";
import { createAccount } from "../../src/services/accounts.ts";
import { ingestUsage } from "../../src/services/ingest.ts";
import { summarizeUsage } from "../../src/services/reports.ts";
import { openTestApp } from "../support/app.ts";
import { DIALECTS } from "../support/databases.ts";

const captured = (
  account: string,
  timestamp: string,
  cost: string | null,
  suffix: string | null,
  id: string,
) => ({
  account_id: account,
  timestamp,
  model: "sonar-pro",
  prompt_tokens: 100,
  completion_tokens: 50,
  total_cost: cost,
  source: "proxy",
  request_type: "api",
  confidence: "estimated",
  api_key_suffix: suffix,
  idempotency_key: `perplexity:${id}`,
});

describe.each(DIALECTS)("reconciliation estimate on %s", (dialect) => {
  let api: Awaited<ReturnType<typeof openTestApp>>;
  let perplexity: string;
  let anthropic: string;

  const json = async (response: Response | Promise<Response>) => {
    const r = await response;
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  const estimate = (account: string, period: string) =>
    json(
      api.call("GET", `/api/v1/reconciliations/estimate?account_id=${account}&period=${period}`),
    );
  const monthTotal = async (account: string) =>
    (await summarizeUsage(api.ctx, { account_id: account, from: "2025-10-01", to: "2025-11-01" }))
      .total_cost;

  beforeAll(async () => {
    api = await openTestApp(dialect);
    perplexity = (await createAccount(api.ctx, { provider: "perplexity", name: "pplx" })).id;
    anthropic = (await createAccount(api.ctx, { provider: "anthropic", name: "org" })).id;
    await ingestUsage(api.ctx, {
      records: [
        captured(perplexity, "2025-10-02T10:00:00Z", "1.25", "ab12", "1"),
        captured(perplexity, "2025-10-03T10:00:00Z", "0.75", "ab12", "2"),
        captured(perplexity, "2025-10-04T10:00:00Z", "3.000000001", "cd34", "3"),
        captured(perplexity, "2025-10-05T10:00:00Z", "0.10", null, "4"),
        // Unpriced: no cost and a model with no price, so it is left out of the estimate.
        { ...captured(perplexity, "2025-10-06T10:00:00Z", null, "cd34", "5"), model: "unknown" },
        captured(perplexity, "2025-09-15T10:00:00Z", "2.00", "ab12", "6"),
        captured(perplexity, "2025-11-01T00:00:00Z", "9.00", "ab12", "7"),
        {
          ...captured(anthropic, "2025-10-01T12:00:00Z", "5.00", null, "8"),
          model: "claude-haiku-4-5",
        },
        {
          ...captured(anthropic, "2025-10-02T12:00:00Z", "0.70", null, "9"),
          model: "claude-haiku-4-5",
        },
      ],
    });
    // Official data covers Anthropic's October 1st: the estimate that day does not count.
    await api.ctx.sync.markCovered(anthropic, ["2025-10-01"], "2025-10-03T00:00:00Z");
  });
  afterAll(async () => {
    await api.close();
  });

  test("the month's estimate, split by key, with unpriced records counted apart", async () => {
    const { status, body } = await estimate(perplexity, "2025-10");
    expect(status).toBe(200);
    expect(body).toEqual({
      account_id: perplexity,
      period: "2025-10",
      currency: "USD",
      estimated_total: "5.100000001",
      records: 5,
      unpriced_records: 1,
      keys: [
        { api_key_suffix: "cd34", estimated_total: "3.000000001", records: 2, unpriced_records: 1 },
        { api_key_suffix: "ab12", estimated_total: "2.00", records: 2, unpriced_records: 0 },
        { api_key_suffix: null, estimated_total: "0.10", records: 1, unpriced_records: 0 },
      ],
      periods_with_usage: [
        { period: "2025-11", estimated_total: "9.00", records: 1 },
        { period: "2025-10", estimated_total: "5.100000001", records: 5 },
        { period: "2025-09", estimated_total: "2.00", records: 1 },
      ],
    });
  });

  test("the estimate is what the dry run compares against, whole month and per key", async () => {
    const { body: month } = await estimate(perplexity, "2025-10");
    const { status, body: preview } = await json(
      api.call("POST", "/api/v1/reconciliations", {
        account_id: perplexity,
        period: "2025-10",
        amount: "6",
        dry_run: true,
      }),
    );
    expect(status).toBe(200);
    expect(preview).toMatchObject({
      status: "preview",
      estimated_total: month.estimated_total,
      delta: "0.899999999",
    });
    const { body: key } = await json(
      api.call("POST", "/api/v1/reconciliations", {
        account_id: perplexity,
        period: "2025-10",
        amount: "2.50",
        api_key_suffix: "ab12",
        dry_run: true,
      }),
    );
    expect(key).toMatchObject({ estimated_total: "2.00", delta: "0.50", delta_percent: "25.00" });
  });

  test("estimates official data replaces are left out; an empty month is zero", async () => {
    const { body } = await estimate(anthropic, "2025-10");
    expect(body).toMatchObject({ estimated_total: "0.70", records: 1 });
    const { body: empty } = await estimate(anthropic, "2024-01");
    expect(empty).toMatchObject({
      estimated_total: "0.00",
      records: 0,
      unpriced_records: 0,
      keys: [],
      periods_with_usage: [{ period: "2025-10", estimated_total: "0.70", records: 1 }],
    });
  });

  test("the account and month are checked", async () => {
    const missing = await json(api.call("GET", "/api/v1/reconciliations/estimate?period=2025-10"));
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      details: [{ field: "account_id", message: "is required" }],
    });
    const badMonth = await estimate(perplexity, "2025-13");
    expect(badMonth.status).toBe(400);
    expect(badMonth.body.error).toMatchObject({
      details: [{ field: "period", message: "must be a month YYYY-MM" }],
    });
    const unknown = await estimate("acc_nope", "2025-10");
    expect(unknown.status).toBe(404);
  });

  test("a month is reconciled key by key or as a whole, never both: no dollar counts twice", async () => {
    const confirm = (body: Record<string, unknown>) =>
      json(
        api.call("POST", "/api/v1/reconciliations", {
          account_id: perplexity,
          period: "2025-10",
          ...body,
        }),
      );
    const key = await confirm({ amount: "2.40", api_key_suffix: "ab12" });
    expect(key.status).toBe(201);
    // The other keys still count at their estimates.
    expect(parseUsd(await monthTotal(perplexity))).toBe(parseUsd("5.500000001"));
    // The adjustment is not part of the estimate.
    expect((await estimate(perplexity, "2025-10")).body.estimated_total).toBe("5.100000001");

    const whole = await confirm({ amount: "7.00" });
    expect(whole.status).toBe(409);
    expect(whole.body.error).toMatchObject({
      code: "conflict",
      details: [{ field: "api_key_suffix", message: expect.stringContaining("…ab12") }],
    });
    expect(await monthTotal(perplexity)).toBe("5.500000001");

    await json(api.call("POST", `/api/v1/reconciliations/${String(key.body.id)}/undo`));
    expect((await confirm({ amount: "7.00" })).status).toBe(201);
    expect(await monthTotal(perplexity)).toBe("7.00");
    const another = await confirm({ amount: "1.00", api_key_suffix: "cd34" });
    expect(another.status).toBe(409);
    expect(another.body.error).toMatchObject({
      details: [{ field: "api_key_suffix", message: "the whole month is already reconciled" }],
    });
    expect(await monthTotal(perplexity)).toBe("7.00");
  });
});
