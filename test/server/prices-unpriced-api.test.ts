/**
 * The Prices page's endpoints over HTTP on both dialects: every account's overrides in one
 * list, unpriced records counted per model and account in SQL, and recompute narrowed to a
 * provider, which prices an unknown model once an override gives it a price.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openTestApp } from "../support/app.ts";
import { DIALECTS } from "../support/databases.ts";

const MILLION = 1_000_000;

interface Unpriced {
  models: {
    provider: string;
    model: string | null;
    catalog_model: string | null;
    records: number;
    counted_records: number;
    first_date: string;
    last_date: string;
    accounts: {
      account_id: string;
      account_name: string | null;
      records: number;
      counted_records: number;
    }[];
  }[];
  total_records: number;
  total_counted_records: number;
}

function usage(accountId: string, key: string, model: string, timestamp: string) {
  return {
    account_id: accountId,
    timestamp,
    model,
    prompt_tokens: MILLION,
    completion_tokens: 0,
    idempotency_key: key,
  };
}

describe.each(DIALECTS)(
  "overrides across accounts and unpriced models over HTTP on %s",
  (dialect) => {
    let api: Awaited<ReturnType<typeof openTestApp>>;
    let groq: string;
    let openai: string;

    const json = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const response = await api.call(method, path, body);
      expect(response.status, await response.clone().text()).toBeLessThan(300);
      return (await response.json()) as T;
    };

    beforeAll(async () => {
      api = await openTestApp(dialect);
      groq = (
        await json<{ id: string }>("POST", "/api/v1/accounts", {
          provider: "groq",
          name: "groq-prod",
        })
      ).id;
      openai = (
        await json<{ id: string }>("POST", "/api/v1/accounts", { provider: "openai", name: "acme" })
      ).id;
      await json("POST", "/api/v1/usage", {
        records: [
          usage(groq, "known-1", "llama-3.3-70b-versatile", "2025-03-01T10:00:00Z"),
          usage(groq, "mystery-1", "llama-9-unreleased", "2025-03-02T10:00:00Z"),
          usage(groq, "mystery-2", "llama-9-unreleased", "2025-03-03T10:00:00Z"),
          usage(groq, "mystery-3", "llama-9-unreleased", "2025-03-05T10:00:00Z"),
          // Before gpt-4o's first catalog entry (2024-08-06): a known model, still unpriced.
          usage(openai, "early-1", "gpt-4o", "2024-05-20T10:00:00Z"),
        ],
      });
      // Official data covers groq on 2025-03-03: that day's estimate no longer counts in totals.
      await api.ctx.sync.markCovered(groq, ["2025-03-03"], "2025-03-10T00:00:00.000Z");
    });
    afterAll(async () => {
      await api.close();
    });

    test("GET /prices/unpriced counts unpriced records per model and account, with their days", async () => {
      const body = await json<Unpriced>("GET", "/api/v1/prices/unpriced");
      expect(body).toEqual({
        total_records: 4,
        total_counted_records: 3,
        models: [
          {
            provider: "groq",
            model: "llama-9-unreleased",
            catalog_model: null,
            records: 3,
            counted_records: 2,
            first_date: "2025-03-02",
            last_date: "2025-03-05",
            accounts: [
              {
                account_id: groq,
                account_name: "groq-prod",
                records: 3,
                counted_records: 2,
                first_date: "2025-03-02",
                last_date: "2025-03-05",
              },
            ],
          },
          {
            provider: "openai",
            model: "gpt-4o",
            catalog_model: "gpt-4o",
            records: 1,
            counted_records: 1,
            first_date: "2024-05-20",
            last_date: "2024-05-20",
            accounts: [
              {
                account_id: openai,
                account_name: "acme",
                records: 1,
                counted_records: 1,
                first_date: "2024-05-20",
                last_date: "2024-05-20",
              },
            ],
          },
        ],
      });
    });

    test("GET /prices/overrides lists every account's overrides with the account's name", async () => {
      expect(await json("GET", "/api/v1/prices/overrides")).toEqual({ overrides: [] });
      const discount = await json<{ id: string }>("POST", `/api/v1/accounts/${openai}/prices`, {
        kind: "discount",
        percent: "12.5",
        effective_from: "2025-01-01",
        note: "enterprise agreement",
      });
      const modelPrices = await json<{ id: string }>("POST", `/api/v1/accounts/${groq}/prices`, {
        kind: "model_prices",
        model: "llama-9-unreleased",
        prices: { input: "0.125", output: "0.50" },
        effective_from: "2025-03-01",
        effective_to: "2025-04-01",
      });
      const body = await json<{ overrides: unknown[] }>("GET", "/api/v1/prices/overrides");
      expect(body.overrides).toEqual([
        expect.objectContaining({
          id: discount.id,
          account_id: openai,
          account_name: "acme",
          account_provider: "openai",
          kind: "discount",
          percent: "12.5",
          prices: null,
          effective_from: "2025-01-01",
          effective_to: null,
          note: "enterprise agreement",
        }),
        expect.objectContaining({
          id: modelPrices.id,
          account_id: groq,
          account_name: "groq-prod",
          account_provider: "groq",
          kind: "model_prices",
          model: "llama-9-unreleased",
          prices: { input: "0.125", output: "0.50" },
          effective_from: "2025-03-01",
          effective_to: "2025-04-01",
        }),
      ]);
    });

    test("recompute narrowed to a provider prices the unknown model; the unpriced count drops", async () => {
      const dryRun = await json<{
        applied: boolean;
        records_examined: number;
        records_changed: number;
        difference: string;
        groups: { model: string; unpriced_before: number; unpriced_after: number }[];
      }>("POST", "/api/v1/prices/recompute", { provider: "groq" });
      expect(dryRun).toMatchObject({
        applied: false,
        records_examined: 4,
        records_changed: 3,
        difference: "0.375",
      });
      expect(dryRun.groups).toContainEqual(
        expect.objectContaining({
          model: "llama-9-unreleased",
          unpriced_before: 3,
          unpriced_after: 0,
        }),
      );
      expect((await json<Unpriced>("GET", "/api/v1/prices/unpriced")).total_records).toBe(4);

      const applied = await json<{ applied: boolean; records_changed: number }>(
        "POST",
        "/api/v1/prices/recompute",
        { provider: "groq", apply: true },
      );
      expect(applied).toMatchObject({ applied: true, records_changed: 3 });
      const after = await json<Unpriced>("GET", "/api/v1/prices/unpriced");
      expect(after.total_records).toBe(1);
      expect(after.models.map((m) => [m.provider, m.model, m.records])).toEqual([
        ["openai", "gpt-4o", 1],
      ]);
    });

    test("recompute refuses an unknown provider by field", async () => {
      const response = await api.call("POST", "/api/v1/prices/recompute", { provider: "nope" });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: {
          details: [{ field: "provider", message: expect.stringContaining("must be one of") }],
        },
      });
    });
  },
);
