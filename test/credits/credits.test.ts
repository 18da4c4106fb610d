import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { NotFoundError, ValidationError } from "../../src/core/errors.ts";
import { createAccount } from "../../src/services/accounts.ts";
import { createServiceContext, type ServiceContext } from "../../src/services/context.ts";
import { addCredit, creditStatus, listCredits } from "../../src/services/credits/index.ts";
import { ingestUsage } from "../../src/services/ingest.ts";
import { summarizeUsage } from "../../src/services/reports.ts";
import { DIALECTS, openTestStore } from "../support/databases.ts";
import { juneSpend, PURCHASE, STATUS_JUNE_20, TOP_UP } from "./fixtures.ts";

const NOW = new Date("2025-06-30T12:00:00Z");

describe.each(DIALECTS)("prepaid credits on %s", (dialect) => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let ctx: ServiceContext;
  let accountId: string;
  let otherId: string;

  beforeAll(async () => {
    store = await openTestStore(dialect);
    ctx = createServiceContext(store, () => NOW);
    accountId = (await createAccount(ctx, { provider: "perplexity", name: "research" })).id;
    otherId = (await createAccount(ctx, { provider: "perplexity", name: "support" })).id;
    await ingestUsage(ctx, juneSpend(accountId));
  });
  afterAll(async () => {
    await store.dropAll();
  });

  test("addCredit records a purchase and a top-up exactly; listCredits gives them oldest first", async () => {
    const topUp = await addCredit(ctx, { account_id: accountId, ...TOP_UP, note: "auto top-up" });
    const purchase = await addCredit(ctx, { account_id: accountId, ...PURCHASE });
    expect(purchase).toEqual({
      id: expect.stringMatching(/^cr_[0-9a-f]{20}$/),
      account_id: accountId,
      date: "2025-06-01",
      amount: "50.00",
      currency: "USD",
      kind: "purchase",
      note: null,
      created_at: NOW.toISOString(),
    });
    expect(topUp).toMatchObject({ amount: "25.00", kind: "top_up", note: "auto top-up" });
    expect(await listCredits(ctx, accountId)).toEqual([purchase, topUp]);
  });

  test("status as of 2025-06-20: exact balance, burn of the last 14 days / 14, days left, warning", async () => {
    const status = await creditStatus(ctx, { account_id: accountId, as_of: "2025-06-20" });
    expect(status).toEqual({ account_id: accountId, ...STATUS_JUNE_20 });
  });

  test("spend is the same total reports give for the account and period", async () => {
    const report = await summarizeUsage(ctx, {
      account_id: accountId,
      from: "2025-06-01",
      to: "2025-06-21",
    });
    const status = await creditStatus(ctx, { account_id: accountId, as_of: "2025-06-20" });
    expect(status.spent_since_first_purchase).toBe(report.total_cost);
    expect(status.unpriced_records).toBe(report.unpriced_records);
  });

  test("the warning appears only when days left <= warn_days", async () => {
    const five = await creditStatus(ctx, {
      account_id: accountId,
      as_of: "2025-06-20",
      warn_days: 5,
    });
    expect(five).toMatchObject({ days_left: 6, warn_days: 5, status: "ok", warning: null });
    const six = await creditStatus(ctx, {
      account_id: accountId,
      as_of: "2025-06-20",
      warn_days: "6",
    });
    expect(six).toMatchObject({ status: "low", warning: STATUS_JUNE_20.warning });
  });

  test("as of 2025-06-05 the later top-up is not counted and the burn rounds half-even up", async () => {
    // Purchased 50.00; spent 5 × 2.00 = 10.00; balance 40.00. Window 05-23…06-05 holds
    // 3.00 + 10.00 = 13.00; 13 / 14 = 0.928571428|571… → 0.928571429. 40 / 0.928571429 = 43.07…
    const status = await creditStatus(ctx, { account_id: accountId, as_of: "2025-06-05" });
    expect(status).toMatchObject({
      purchased_total: "50.00",
      spent_since_first_purchase: "10.00",
      balance: "40.00",
      burn_window: { from: "2025-05-23", to: "2025-06-06", days: 14 },
      burn_rate_per_day: "0.928571429",
      days_left: 43,
      runs_out_on: "2025-07-19",
      warning: null,
      status: "ok",
      unpriced_records: 0,
    });
  });

  test("as of today by default (2025-06-30): spend after 06-20 counts", async () => {
    // Spent 55.523456789 + 9.99 = 65.513456789; balance 9.486543211. Window 06-17…06-30:
    // 4 × 3.10 + 9.99 = 22.39; / 14 = 1.599285714|28… → 1.599285714; 9.486543211 / that = 5.93…
    const status = await creditStatus(ctx, { account_id: accountId });
    expect(status).toMatchObject({
      as_of: "2025-06-30",
      spent_since_first_purchase: "65.513456789",
      balance: "9.486543211",
      burn_rate_per_day: "1.599285714",
      days_left: 5,
      runs_out_on: "2025-07-06",
      warning: "balance runs out in 5 days (before 2025-07-06)",
      status: "low",
    });
  });

  test("a balance below zero is depleted; other accounts' spend is not counted", async () => {
    await addCredit(ctx, { account_id: otherId, date: "2025-06-01", amount: "5" });
    await ingestUsage(ctx, {
      records: [
        {
          account_id: otherId,
          date: "2025-06-03",
          bucket: "1d",
          model: "sonar-pro",
          prompt_tokens: 10,
          completion_tokens: 10,
          total_cost: "6.50",
          idempotency_key: "big-day",
        },
      ],
    });
    // 6.50 / 14 = 0.464285714|28… → 0.464285714
    const status = await creditStatus(ctx, { account_id: otherId, as_of: "2025-06-10" });
    expect(status).toEqual({
      account_id: otherId,
      as_of: "2025-06-10",
      first_purchase_date: "2025-06-01",
      purchased_total: "5.00",
      spent_since_first_purchase: "6.50",
      balance: "-1.50",
      currency: "USD",
      burn_window: { from: "2025-05-28", to: "2025-06-11", days: 14 },
      burn_rate_per_day: "0.464285714",
      days_left: 0,
      runs_out_on: "2025-06-10",
      warn_days: 7,
      warning: "balance is depleted (-1.50 USD as of 2025-06-10)",
      status: "depleted",
      unpriced_records: 0,
    });
    // The main account is unchanged by this account's spend.
    expect(await creditStatus(ctx, { account_id: accountId, as_of: "2025-06-20" })).toEqual({
      account_id: accountId,
      ...STATUS_JUNE_20,
    });
  });

  test("no spend in the window: burn 0, no forecast, no warning", async () => {
    // The other account spent only on 06-03; as of 07-31 the window 07-18…07-31 is empty.
    await addCredit(ctx, { account_id: otherId, date: "2025-06-20", amount: "10.000000001" });
    const status = await creditStatus(ctx, { account_id: otherId, as_of: "2025-07-31" });
    expect(status).toMatchObject({
      purchased_total: "15.000000001",
      balance: "8.500000001",
      burn_rate_per_day: "0.00",
      days_left: null,
      runs_out_on: null,
      warning: null,
      status: "ok",
    });
  });

  test("a tiny burn rounds half-even to an even nano-dollar (2.5 → 2)", async () => {
    const tiny = (await createAccount(ctx, { provider: "perplexity", name: "tiny" })).id;
    await addCredit(ctx, { account_id: tiny, date: "2025-06-01", amount: "0.000001" });
    await ingestUsage(ctx, {
      records: [
        {
          account_id: tiny,
          date: "2025-06-20",
          bucket: "1d",
          model: "sonar",
          prompt_tokens: 1,
          completion_tokens: 1,
          total_cost: "0.000000035",
          idempotency_key: "tiny",
        },
      ],
    });
    // 1000 − 35 = 965 nanos; 35 / 14 = 2.5 → 2; 965 / 2 = 482 days; 06-20 + 483 = 2026-10-16.
    const status = await creditStatus(ctx, { account_id: tiny, as_of: "2025-06-20" });
    expect(status).toMatchObject({
      balance: "0.000000965",
      burn_rate_per_day: "0.000000002",
      days_left: 482,
      runs_out_on: "2026-10-16",
      status: "ok",
    });
  });

  test.each([
    ["a negative amount", { amount: "-5.00" }, "amount", "must be greater than 0"],
    ["a zero amount", { amount: "0" }, "amount", "must be greater than 0"],
    ["a JSON number", { amount: 50 }, "amount", "decimal string"],
    ["too many decimals", { amount: "1.0000000001" }, "amount", "at most 9 decimals"],
    ["no amount", { amount: undefined }, "amount", "is required"],
    ["a bad date", { date: "2025-02-30" }, "date", "YYYY-MM-DD"],
    ["a future date", { date: "2025-07-01" }, "date", "must not be after 2025-06-30"],
    ["a bad kind", { kind: "refund" }, "kind", '"purchase" or "top_up"'],
    ["an unknown field", { amount_usd: "5" }, "amount_usd", ""],
  ])("addCredit refuses %s, naming the field", async (_name, change, field, message) => {
    const input = { account_id: accountId, date: "2025-06-02", amount: "5.00", ...change };
    const error = addCredit(ctx, input);
    await expect(error).rejects.toBeInstanceOf(ValidationError);
    await expect(error).rejects.toMatchObject({
      details: [{ field, message: expect.stringContaining(message) }],
    });
  });

  test("an unknown account is not found, naming account_id, for every call", async () => {
    const detail = { details: [{ field: "account_id", message: "no such account" }] };
    const add = addCredit(ctx, { account_id: "acc_nope", amount: "5.00" });
    await expect(add).rejects.toBeInstanceOf(NotFoundError);
    await expect(add).rejects.toMatchObject(detail);
    await expect(listCredits(ctx, "acc_nope")).rejects.toMatchObject(detail);
    await expect(creditStatus(ctx, { account_id: "acc_nope" })).rejects.toMatchObject(detail);
  });

  test("status refuses a bad as_of or warn_days, naming the field", async () => {
    await expect(
      creditStatus(ctx, { account_id: accountId, as_of: "20250620" }),
    ).rejects.toMatchObject({ details: [{ field: "as_of" }] });
    await expect(creditStatus(ctx, { account_id: accountId, warn_days: -1 })).rejects.toMatchObject(
      { details: [{ field: "warn_days", message: "must be 0 or more" }] },
    );
    await expect(
      creditStatus(ctx, { account_id: accountId, warn_days: "soon" }),
    ).rejects.toMatchObject({ details: [{ field: "warn_days" }] });
  });

  test("status before the first purchase, or with none at all, says so", async () => {
    await expect(
      creditStatus(ctx, { account_id: accountId, as_of: "2025-05-31" }),
    ).rejects.toMatchObject({
      code: "validation_error",
      details: [{ field: "as_of", message: "must be on or after 2025-06-01" }],
    });
    const none = (await createAccount(ctx, { provider: "perplexity", name: "none" })).id;
    await expect(creditStatus(ctx, { account_id: none })).rejects.toMatchObject({
      code: "not_found",
      details: [{ field: "account_id", message: "has no credit purchases; add one first" }],
    });
    expect(await listCredits(ctx, none)).toEqual([]);
  });
});
