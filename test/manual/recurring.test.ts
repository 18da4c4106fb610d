/**
 * Recurring seat plans: seats × price per month, one Manual Entry record per month, exact
 * totals, idempotent materialization, stops and changes that keep their history.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAccount } from "../../src/services/accounts.ts";
import { createServiceContext, type ServiceContext } from "../../src/services/context.ts";
import {
  addRecurring,
  deleteManualEntry,
  listManualEntries,
  listRecurring,
  materializeRecurring,
  recurringHistory,
  stopRecurring,
  updateManualEntry,
  updateRecurring,
} from "../../src/services/manual/index.ts";
import { summarizeUsage } from "../../src/services/reports.ts";
import { DIALECTS, openTestStore } from "../support/databases.ts";

describe.each(DIALECTS)("recurring seat plans on %s", (dialect) => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let ctx: ServiceContext;
  let copilot: string;
  let other: string;
  let openai: string;

  beforeAll(async () => {
    store = await openTestStore(dialect);
    ctx = createServiceContext(store, () => new Date("2025-05-20T12:00:00Z"));
    copilot = (await createAccount(ctx, { provider: "github_copilot", name: "org" })).id;
    other = (await createAccount(ctx, { provider: "github_copilot", name: "other" })).id;
    openai = (await createAccount(ctx, { provider: "openai", name: "chatgpt" })).id;
  });
  afterAll(async () => {
    await store.dropAll();
  });

  test("7 Copilot Business seats from 2025-01 to 2025-03 are $399.00, $133.00 a month", async () => {
    const plan = await addRecurring(ctx, {
      account_id: copilot,
      seats: 7,
      plan: "copilot_business",
      start_month: "2025-01",
      end_month: "2025-03",
    });
    expect(plan).toMatchObject({
      id: expect.stringMatching(/^rec_/),
      label: "GitHub Copilot Business",
      model: "copilot-business",
      seats: 7,
      unit_price: "19.00",
      monthly_cost: "133.00",
      status: "ended",
      confidence_label: "Manual Entry",
      recorded_months: 3,
      recorded_cost: "399.00",
    });
    const byMonth = await summarizeUsage(ctx, {
      account_id: copilot,
      group_by: ["month", "confidence"],
    });
    expect(byMonth.total_cost).toBe("399.00");
    expect(byMonth.groups.map((g) => [g.month, g.confidence, g.total_cost])).toEqual([
      ["2025-01", "manual", "133.00"],
      ["2025-02", "manual", "133.00"],
      ["2025-03", "manual", "133.00"],
    ]);
    const { records } = await listManualEntries(ctx, { account_id: copilot });
    expect(records[0]).toMatchObject({
      bucket: "month",
      timestamp: "2025-01-01T00:00:00.000Z",
      request_type: "manual",
      confidence: "manual",
      cost_source: "manual",
      source: "manual",
      requests: 0,
      idempotency_key: `recurring:${plan.id}:2025-01`,
      metadata: { recurring_id: plan.id, seats: 7, unit_price: "19.00" },
    });
  });

  test("materializing twice changes nothing", async () => {
    const first = await materializeRecurring(ctx);
    const second = await materializeRecurring(ctx, new Date("2025-05-20T12:00:00Z"));
    expect(second).toEqual({ ...first, inserted: 0, updated: 0, removed: 0 });
    expect(second.unchanged).toBeGreaterThanOrEqual(3);
    const summary = await summarizeUsage(ctx, { account_id: copilot });
    expect(summary).toMatchObject({ total_cost: "399.00", records: 3 });
  });

  test("an open plan runs to the current month, and a new month appears when it comes", async () => {
    const plan = await addRecurring(ctx, {
      account_id: other,
      seats: 3,
      plan: "copilot_enterprise",
      start_month: "2025-03",
    });
    expect(plan).toMatchObject({
      unit_price: "39.00",
      monthly_cost: "117.00",
      status: "active",
      recorded_months: 3,
      recorded_cost: "351.00",
    });
    const june = await materializeRecurring(ctx, new Date("2025-06-01T00:00:00Z"));
    expect(june.inserted).toBe(1);
    const summary = await summarizeUsage(ctx, { account_id: other, group_by: ["month"] });
    expect(summary.total_cost).toBe("468.00");
    expect(summary.groups.at(-1)).toMatchObject({ month: "2025-06", total_cost: "117.00" });
  });

  test("stopping removes the months after it, keeps their history, and is idempotent", async () => {
    const [plan] = (await listRecurring(ctx, { account_id: other })).plans;
    const id = plan?.id ?? "";
    const stopped = await stopRecurring(ctx, id, { end_month: "2025-04" });
    expect(stopped).toMatchObject({
      end_month: "2025-04",
      status: "ended",
      recorded_months: 2,
      recorded_cost: "234.00",
    });
    expect((await summarizeUsage(ctx, { account_id: other })).total_cost).toBe("234.00");
    const again = await materializeRecurring(ctx, new Date("2025-07-01T00:00:00Z"));
    expect(again).toMatchObject({ inserted: 0, removed: 0 });

    const history = await recurringHistory(ctx, id);
    expect(history.events.map((e) => e.action)).toEqual(["create", "stop", "delete", "delete"]);
    expect(history.events[1]).toMatchObject({
      before: { end_month: null },
      after: { end_month: "2025-04" },
    });
    expect(history.events.slice(2).map((e) => (e.before as { date: string }).date)).toEqual([
      "2025-05-01",
      "2025-06-01",
    ]);
  });

  test("stop defaults to the current month", async () => {
    const plan = await addRecurring(ctx, {
      account_id: openai,
      seats: 2,
      unit_price: "25",
      label: "ChatGPT Team",
      start_month: "2025-04",
    });
    const stopped = await stopRecurring(ctx, plan.id);
    expect(stopped).toMatchObject({
      end_month: "2025-05",
      model: null,
      recorded_months: 2,
      recorded_cost: "100.00",
    });
    await stopRecurring(ctx, plan.id, { end_month: "2025-05" });
    const history = await recurringHistory(ctx, plan.id);
    expect(history.events.map((e) => e.action)).toEqual(["create", "stop"]);
  });

  test("a seat change starts a new plan; earlier months keep their price", async () => {
    const plan = await addRecurring(ctx, {
      account_id: openai,
      seats: 10,
      unit_price: "30.000000001",
      start_month: "2025-01",
    });
    const { previous, plan: next } = await updateRecurring(ctx, plan.id, {
      from_month: "2025-04",
      seats: 12,
    });
    expect(previous).toMatchObject({ id: plan.id, end_month: "2025-03", recorded_months: 3 });
    expect(next).toMatchObject({
      seats: 12,
      unit_price: "30.000000001",
      start_month: "2025-04",
      end_month: null,
      monthly_cost: "360.000000012",
      recorded_months: 2,
    });
    expect(previous.recorded_cost).toBe("900.00000003");
    const summary = await summarizeUsage(ctx, {
      account_id: openai,
      from: "2025-01-01",
      to: "2025-06-01",
    });
    // 3 × 300.00000001 + 2 × 360.000000012, plus the ChatGPT Team plan's 2 × 50.
    expect(summary.total_cost).toBe("1720.000000054");
  });

  test("generated months are changed through their plan, not one by one", async () => {
    const { records } = await listManualEntries(ctx, { account_id: copilot, kind: "recurring" });
    const month = records[0]?.id ?? "";
    await expect(updateManualEntry(ctx, month, { cost: "1" })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(deleteManualEntry(ctx, month)).rejects.toMatchObject({ code: "conflict" });
  });

  test.each([
    ["no price and no plan", { plan: undefined }, "unit_price"],
    ["a price and a plan", { unit_price: "19" }, "plan"],
    ["zero seats", { seats: 0 }, "seats"],
    ["a float price", { plan: undefined, unit_price: 19.5 }, "unit_price"],
    ["a bad start month", { start_month: "2025-1" }, "start_month"],
    ["an end before the start", { end_month: "2024-12" }, "end_month"],
    ["a Copilot plan on an OpenAI account", { account: "openai" }, "plan"],
    ["an unknown plan", { plan: "copilot_free" }, "plan"],
  ])("%s is refused, naming the field", async (_name, change, field) => {
    const { account = "copilot", ...rest } = change as { account?: "copilot" | "openai" };
    const input = {
      account_id: { copilot, openai }[account],
      seats: 5,
      plan: "copilot_business",
      start_month: "2025-01",
      ...rest,
    };
    await expect(addRecurring(ctx, input)).rejects.toMatchObject({
      code: "validation_error",
      details: [expect.objectContaining({ field })],
    });
  });

  test("stopping before the month before the start is refused; unknown plans are not found", async () => {
    const [plan] = (await listRecurring(ctx, { account_id: copilot })).plans;
    await expect(
      stopRecurring(ctx, plan?.id ?? "", { end_month: "2024-11" }),
    ).rejects.toMatchObject({ details: [expect.objectContaining({ field: "end_month" })] });
    await expect(stopRecurring(ctx, "rec_nope")).rejects.toMatchObject({ code: "not_found" });
  });
});
