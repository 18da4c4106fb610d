/**
 * Pricing inside the ledger: records without a cost are priced from the catalog at ingest,
 * unknown models stay unpriced, overrides win, and recompute shows the difference before it
 * writes anything. llama-3.3-70b-versatile lists $0.59 input and $0.79 output per million tokens.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAccount } from "../../src/services/accounts.ts";
import { createServiceContext, type ServiceContext } from "../../src/services/context.ts";
import { ingestUsage } from "../../src/services/ingest.ts";
import {
  addPriceOverride,
  listPriceOverrides,
  removePriceOverride,
} from "../../src/services/price-overrides.ts";
import { quotePrice } from "../../src/services/prices.ts";
import { recomputePrices } from "../../src/services/recompute.ts";
import { summarizeUsage } from "../../src/services/reports.ts";
import { listUsage } from "../../src/services/usage-list.ts";
import { DIALECTS, openTestStore } from "../support/databases.ts";

const MILLION = 1_000_000;

describe.each(DIALECTS)("pricing in the ledger on %s", (dialect) => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let ctx: ServiceContext;
  let groq: string;

  beforeAll(async () => {
    store = await openTestStore(dialect);
    ctx = createServiceContext(store, () => new Date("2025-04-01T00:00:00Z"));
    groq = (await createAccount(ctx, { provider: "groq", name: "groq" })).id;
    await ingestUsage(ctx, {
      records: [
        // Priced from the table: $0.59 + $0.79.
        {
          account_id: groq,
          timestamp: "2025-03-01T10:00:00Z",
          model: "llama-3.3-70b-versatile",
          prompt_tokens: MILLION,
          completion_tokens: MILLION,
          idempotency_key: "a",
        },
        // Unknown model: unpriced, never $0.
        {
          account_id: groq,
          timestamp: "2025-03-01T11:00:00Z",
          model: "llama-9-unreleased",
          prompt_tokens: 5,
          idempotency_key: "b",
        },
        // Provider-reported cost: kept as is and never repriced.
        {
          account_id: groq,
          timestamp: "2025-03-01T12:00:00Z",
          model: "llama-3.3-70b-versatile",
          prompt_tokens: MILLION,
          total_cost: "0.42",
          idempotency_key: "c",
        },
      ],
    });
  });
  afterAll(async () => {
    await store.dropAll();
  });

  test("records without a cost are priced at ingest, with their price version", async () => {
    const { records } = await listUsage(ctx, { account_id: groq });
    const byKey = Object.fromEntries(records.map((r) => [r.idempotency_key, r]));
    expect(byKey.a).toMatchObject({
      total_cost: "1.38",
      cost_source: "price_table",
      unpriced: false,
      price_version: expect.stringContaining("groq/llama-3.3-70b-versatile@"),
    });
    expect(byKey.b).toMatchObject({
      total_cost: null,
      cost_source: null,
      unpriced: true,
      price_version: null,
    });
    expect(byKey.c).toMatchObject({
      total_cost: "0.42",
      cost_source: "provider_reported",
      price_version: null,
    });
    const summary = await summarizeUsage(ctx, { account_id: groq });
    expect(summary).toMatchObject({ total_cost: "1.80", unpriced_records: 1, records: 3 });
  });

  test("quote with the account's overrides and without", async () => {
    const usage = { prompt_tokens: MILLION, completion_tokens: MILLION };
    const plain = await quotePrice(ctx, {
      provider: "groq",
      model: "llama-3.3-70b-versatile",
      usage,
      at: "2025-03-01",
    });
    expect(plain).toMatchObject({ total_cost: "1.38", unpriced: false });
    const unknown = await quotePrice(ctx, { provider: "groq", model: "nope", usage });
    expect(unknown).toMatchObject({ total_cost: null, unpriced: true });
  });

  test("recompute after an override: the dry run shows the difference and changes nothing; apply writes it", async () => {
    const override = await addPriceOverride(ctx, groq, {
      kind: "discount",
      percent: "10",
      effective_from: "2025-01-01",
    });
    expect(await listPriceOverrides(ctx, groq)).toEqual([override]);

    const dryRun = await recomputePrices(ctx, {
      account_id: groq,
      from: "2025-03-01",
      to: "2025-04-01",
    });
    expect(dryRun).toMatchObject({
      applied: false,
      records_examined: 2,
      records_changed: 1,
      old_total: "1.38",
      new_total: "1.242",
      difference: "-0.138",
    });
    expect(dryRun.groups).toContainEqual(
      expect.objectContaining({
        model: "llama-3.3-70b-versatile",
        records: 1,
        changed: 1,
        old_total: "1.38",
        new_total: "1.242",
      }),
    );
    expect(dryRun.groups).toContainEqual(
      expect.objectContaining({
        model: "llama-9-unreleased",
        unpriced_before: 1,
        unpriced_after: 1,
      }),
    );
    expect((await summarizeUsage(ctx, { account_id: groq })).total_cost).toBe("1.80");

    const applied = await recomputePrices(ctx, {
      account_id: groq,
      from: "2025-03-01",
      to: "2025-04-01",
      apply: true,
    });
    expect(applied).toMatchObject({ applied: true, records_changed: 1, difference: "-0.138" });
    const after = await summarizeUsage(ctx, { account_id: groq });
    expect(after.total_cost).toBe("1.662");
    const { records } = await listUsage(ctx, { account_id: groq });
    expect(records.find((r) => r.idempotency_key === "a")?.price_version).toContain(
      `override:${override.id}`,
    );
    expect(records.find((r) => r.idempotency_key === "c")?.total_cost).toBe("0.42");

    const again = await recomputePrices(ctx, { account_id: groq, apply: true });
    expect(again.records_changed).toBe(0);
  });

  test("new records use the override; removing it and recomputing restores list price", async () => {
    const [override] = await listPriceOverrides(ctx, groq);
    await ingestUsage(ctx, {
      records: [
        {
          account_id: groq,
          timestamp: "2025-03-02T10:00:00Z",
          model: "llama-3.3-70b-versatile",
          prompt_tokens: MILLION,
          idempotency_key: "d",
        },
      ],
    });
    const day = await summarizeUsage(ctx, {
      account_id: groq,
      from: "2025-03-02",
      to: "2025-03-03",
    });
    expect(day.total_cost).toBe("0.531");
    await removePriceOverride(ctx, groq, override?.id ?? "");
    const restored = await recomputePrices(ctx, { account_id: groq, apply: true });
    expect(restored).toMatchObject({ records_changed: 2, difference: "0.197" });
    expect((await summarizeUsage(ctx, { account_id: groq })).total_cost).toBe("2.39");
  });

  test("model-price overrides price models the catalog does not know", async () => {
    await addPriceOverride(ctx, groq, {
      kind: "model_prices",
      model: "llama-9-unreleased",
      prices: { input: "1000", output: "0" },
      effective_from: "2025-01-01",
    });
    const result = await recomputePrices(ctx, { account_id: groq, apply: true });
    expect(result.groups).toContainEqual(
      expect.objectContaining({
        model: "llama-9-unreleased",
        unpriced_before: 1,
        unpriced_after: 0,
        new_total: "0.005",
      }),
    );
    expect(await summarizeUsage(ctx, { account_id: groq })).toMatchObject({
      unpriced_records: 0,
      total_cost: "2.395",
    });
  });

  test("bad override input is refused with the field", async () => {
    await expect(
      addPriceOverride(ctx, groq, {
        kind: "discount",
        percent: "ten",
        effective_from: "2025-01-01",
      }),
    ).rejects.toMatchObject({
      details: [expect.objectContaining({ field: "percent" })],
    });
    await expect(
      addPriceOverride(ctx, "acc_missing", {
        kind: "discount",
        percent: "5",
        effective_from: "2025-01-01",
      }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
