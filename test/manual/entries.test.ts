/**
 * Manual entries in the ledger: labelled Manual Entry, the cost exactly as entered and never
 * repriced, edits and deletions that keep an audit trail, and validation errors that name
 * the field.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAccount } from "../../src/services/accounts.ts";
import { createServiceContext, type ServiceContext } from "../../src/services/context.ts";
import {
  addManualEntry,
  deleteManualEntry,
  listManualEntries,
  manualEntryHistory,
  updateManualEntry,
} from "../../src/services/manual/index.ts";
import { summarizeUsage } from "../../src/services/reports.ts";
import { listUsage } from "../../src/services/usage-list.ts";
import { DIALECTS, openTestStore } from "../support/databases.ts";

describe.each(DIALECTS)("manual entries on %s", (dialect) => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let ctx: ServiceContext;
  let copilot: string;
  let openai: string;

  beforeAll(async () => {
    store = await openTestStore(dialect);
    ctx = createServiceContext(store, () => new Date("2025-04-15T09:00:00Z"));
    copilot = (await createAccount(ctx, { provider: "github_copilot", name: "org" })).id;
    openai = (await createAccount(ctx, { provider: "openai", name: "openai" })).id;
  });
  afterAll(async () => {
    await store.dropAll();
  });

  test("an entry for a day is a manual record with the cost exactly as entered", async () => {
    const entry = await addManualEntry(ctx, {
      account_id: copilot,
      date: "2025-03-04",
      cost: "12.345678901",
      tokens: 150_000,
      model: "copilot-chat",
      note: "invoice 42",
    });
    expect(entry).toMatchObject({
      id: expect.any(String),
      account_id: copilot,
      provider: "github_copilot",
      timestamp: "2025-03-04T00:00:00.000Z",
      date: "2025-03-04",
      bucket: "1d",
      model: "copilot-chat",
      prompt_tokens: 150_000,
      completion_tokens: 0,
      total_tokens: 150_000,
      requests: 0,
      total_cost: "12.345678901",
      currency: "USD",
      cost_source: "manual",
      request_type: "manual",
      confidence: "manual",
      confidence_label: "Manual Entry",
      source: "manual",
      metadata: { note: "invoice 42", estimated_tokens: true },
    });
    expect(entry.idempotency_key).toBe(`manual:${entry.id}`);
    const { records } = await listUsage(ctx, { account_id: copilot });
    expect(records).toEqual([
      expect.objectContaining({ id: entry.id, total_cost: "12.345678901" }),
    ]);
  });

  test("an entry for a period is a month record dated the first; a known model is not repriced", async () => {
    const entry = await addManualEntry(ctx, {
      account_id: openai,
      period: "2025-02",
      cost: "100",
      model: "gpt-4o",
      tokens: "5000000",
    });
    expect(entry).toMatchObject({
      bucket: "month",
      date: "2025-02-01",
      timestamp: "2025-02-01T00:00:00.000Z",
      total_cost: "100.00",
      cost_source: "manual",
      price_version: null,
      metadata: { period: "2025-02", estimated_tokens: true },
    });
    const summary = await summarizeUsage(ctx, {
      account_id: openai,
      group_by: ["month", "confidence"],
    });
    expect(summary.groups).toEqual([
      expect.objectContaining({ month: "2025-02", confidence: "manual", total_cost: "100.00" }),
    ]);
  });

  test("editing replaces the record under the same key and keeps before and after", async () => {
    const entry = await addManualEntry(ctx, {
      account_id: copilot,
      date: "2025-01-10",
      cost: "19.00",
      note: "first",
    });
    const edited = await updateManualEntry(ctx, entry.id, { cost: "38.50", note: "corrected" });
    expect(edited).toMatchObject({
      id: entry.id,
      idempotency_key: entry.idempotency_key,
      total_cost: "38.50",
      metadata: { note: "corrected" },
    });
    const unchanged = await updateManualEntry(ctx, entry.id, { cost: "38.5" });
    expect(unchanged.total_cost).toBe("38.50");

    const january = await summarizeUsage(ctx, { from: "2025-01-01", to: "2025-02-01" });
    expect(january).toMatchObject({ total_cost: "38.50", records: 1 });

    const history = await manualEntryHistory(ctx, entry.id);
    expect(history.events.map((e) => e.action)).toEqual(["create", "update"]);
    expect(history.events[1]).toMatchObject({
      before: { total_cost: "19.00", metadata: { note: "first" } },
      after: { total_cost: "38.50", metadata: { note: "corrected" } },
    });
    expect(history.current).toMatchObject({ total_cost: "38.50" });
  });

  test("moving an entry from a day to a month keeps one record", async () => {
    const entry = await addManualEntry(ctx, {
      account_id: copilot,
      date: "2024-11-20",
      cost: "7",
    });
    const moved = await updateManualEntry(ctx, entry.id, { period: "2024-12" });
    expect(moved).toMatchObject({ bucket: "month", date: "2024-12-01", total_cost: "7.00" });
    const late2024 = await summarizeUsage(ctx, { from: "2024-11-01", to: "2025-01-01" });
    expect(late2024).toMatchObject({ total_cost: "7.00", records: 1 });
  });

  test("deleting removes the entry from the totals and keeps it in its history", async () => {
    const entry = await addManualEntry(ctx, {
      account_id: copilot,
      date: "2025-03-20",
      cost: "1000.01",
    });
    const before = await summarizeUsage(ctx, { account_id: copilot, from: "2025-03-01" });
    const { removed } = await deleteManualEntry(ctx, entry.id);
    expect(removed).toMatchObject({ id: entry.id, total_cost: "1000.01" });
    const after = await summarizeUsage(ctx, { account_id: copilot, from: "2025-03-01" });
    expect(after.records).toBe(before.records - 1);
    expect(after.total_cost).toBe("12.345678901");

    const history = await manualEntryHistory(ctx, entry.id);
    expect(history.current).toBeNull();
    expect(history.events.map((e) => [e.action, e.before, e.after])).toEqual([
      ["create", null, expect.objectContaining({ total_cost: "1000.01" })],
      ["delete", expect.objectContaining({ total_cost: "1000.01" }), null],
    ]);
    await expect(deleteManualEntry(ctx, entry.id)).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringContaining("was deleted"),
    });
  });

  test("listing filters by account and date range", async () => {
    const { records } = await listManualEntries(ctx, {
      account_id: copilot,
      from: "2025-01-01",
      to: "2025-04-01",
    });
    expect(records.map((r) => [r.date, r.total_cost])).toEqual([
      ["2025-01-10", "38.50"],
      ["2025-03-04", "12.345678901"],
    ]);
    expect(records.every((r) => r.confidence === "manual")).toBe(true);
  });

  test.each([
    ["a negative cost", { cost: "-5" }, "cost", /must not be negative/],
    ["a cost as a JSON number", { cost: 19.99 }, "cost", /decimal string/],
    ["a cost that is not a decimal", { cost: "1e3" }, "cost", /not a decimal number/],
    ["more than 9 decimals", { cost: "0.0000000001" }, "cost", /more than 9 digits/],
    ["a missing cost", { cost: undefined }, "cost", /is required/],
    ["an impossible date", { date: "2025-02-30" }, "date", /calendar date/],
    ["a bad period", { date: undefined, period: "2025-13" }, "period", /month YYYY-MM/],
    ["a date and a period", { period: "2025-02" }, "period", /together with date/],
    ["neither a date nor a period", { date: undefined }, "date", /is required/],
    ["fractional tokens", { tokens: 1.5 }, "tokens", /whole number/],
    ["an unknown field", { cents: 5 }, "cents", /./],
    ["an unknown account", { account_id: "acc_nope" }, "account_id", /no account/],
  ])("%s is refused, naming the field", async (_name, change, field, message) => {
    const input = { account_id: copilot, date: "2025-03-01", cost: "1.00", ...change };
    await expect(addManualEntry(ctx, input)).rejects.toMatchObject({
      code: "validation_error",
      details: [expect.objectContaining({ field, message: expect.stringMatching(message) })],
    });
  });

  test("an edit that changes nothing or names an unknown entry is refused", async () => {
    const { records } = await listManualEntries(ctx, { account_id: copilot, kind: "entry" });
    const id = records[0]?.id ?? "";
    await expect(updateManualEntry(ctx, id, {})).rejects.toMatchObject({
      code: "validation_error",
    });
    await expect(updateManualEntry(ctx, id, { cost: 5 })).rejects.toMatchObject({
      details: [expect.objectContaining({ field: "cost" })],
    });
    await expect(updateManualEntry(ctx, "nope", { cost: "5" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(manualEntryHistory(ctx, "nope")).rejects.toMatchObject({ code: "not_found" });
  });
});
