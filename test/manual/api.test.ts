/** The HTTP API for manual entries and seat plans, through the full app. */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type {
  ManualEntryHistory,
  ManualRecordView,
  RecurringPlanView,
} from "../../src/services/manual/index.ts";
import type { Summary } from "../../src/services/reports.ts";
import { openTestApp } from "../support/app.ts";
import { DIALECTS } from "../support/databases.ts";

/** A response body, typed as the service returns it. */
async function body<T>(response: Response | Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}

describe.each(DIALECTS)("manual entry API on %s", (dialect) => {
  let app: Awaited<ReturnType<typeof openTestApp>>;
  let account: string;

  beforeAll(async () => {
    app = await openTestApp(dialect);
    const created = await app.call("POST", "/api/v1/accounts", {
      provider: "github_copilot",
      name: "org",
    });
    account = ((await created.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await app.close();
  });

  test("POST /api/v1/usage/manual answers 201 with the record", async () => {
    const response = await app.call("POST", "/api/v1/usage/manual", {
      account_id: account,
      date: "2025-03-04",
      cost: "19.99",
      tokens: 1200,
      model: "copilot-chat",
      note: "by hand",
    });
    expect(response.status).toBe(201);
    const record = await body<ManualRecordView>(response);
    expect(record).toMatchObject({
      id: expect.any(String),
      account_id: account,
      provider: "github_copilot",
      date: "2025-03-04",
      total_cost: "19.99",
      prompt_tokens: 1200,
      confidence: "manual",
      confidence_label: "Manual Entry",
      request_type: "manual",
      metadata: { note: "by hand", estimated_tokens: true },
    });
    const usage = await body(app.call("GET", `/api/v1/usage?account_id=${account}`));
    expect(usage).toMatchObject({ records: [{ id: record.id, total_cost: "19.99" }] });
  });

  test("a cost sent as a JSON number is refused in the error envelope", async () => {
    const response = await app.call("POST", "/api/v1/usage/manual", {
      account_id: account,
      date: "2025-03-04",
      cost: 19.99,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: {
        code: "validation_error",
        details: [{ field: "cost", message: expect.stringContaining("decimal string") }],
      },
    });
  });

  test("list, edit, history and delete", async () => {
    const created = await body<ManualRecordView>(
      app.call("POST", "/api/v1/usage/manual", {
        account_id: account,
        period: "2025-02",
        cost: "10",
      }),
    );
    const listed = await body<{ records: ManualRecordView[] }>(
      app.call("GET", `/api/v1/usage/manual?account_id=${account}&from=2025-02-01`),
    );
    expect(listed.records.map((r) => r.total_cost)).toEqual(["10.00", "19.99"]);

    const patched = await app.call("PATCH", `/api/v1/usage/manual/${created.id}`, {
      cost: "12",
      note: "corrected",
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ id: created.id, total_cost: "12.00" });

    const deleted = await app.call("DELETE", `/api/v1/usage/manual/${created.id}`);
    expect(await deleted.json()).toMatchObject({ removed: { id: created.id } });
    const summary = await body<Summary>(
      app.call("GET", `/api/v1/reports/summary?account_id=${account}`),
    );
    expect(summary.total_cost).toBe("19.99");

    const history = await body<ManualEntryHistory>(
      app.call("GET", `/api/v1/usage/manual/${created.id}/history`),
    );
    expect(history.events.map((e) => e.action)).toEqual(["create", "update", "delete"]);
    expect(history.events[1]).toMatchObject({
      before: { total_cost: "10.00" },
      after: { total_cost: "12.00", metadata: { note: "corrected" } },
    });
    const missing = await app.call("PATCH", `/api/v1/usage/manual/${created.id}`, { cost: "1" });
    expect(missing.status).toBe(404);
  });

  test("POST /api/v1/recurring answers 201; stop with and without a body", async () => {
    const response = await app.call("POST", "/api/v1/recurring", {
      account_id: account,
      seats: 7,
      plan: "copilot_business",
      start_month: "2025-01",
      end_month: "2025-03",
    });
    expect(response.status).toBe(201);
    const plan = await body<RecurringPlanView>(response);
    expect(plan).toMatchObject({ recorded_cost: "399.00", monthly_cost: "133.00" });

    const listed = await body<{ plans: RecurringPlanView[] }>(
      app.call("GET", `/api/v1/recurring?account_id=${account}`),
    );
    expect(listed.plans).toEqual([expect.objectContaining({ id: plan.id })]);

    const stopped = await app.call("POST", `/api/v1/recurring/${plan.id}/stop`, {
      end_month: "2025-01",
    });
    expect(stopped.status).toBe(200);
    expect(await stopped.json()).toMatchObject({ end_month: "2025-01", recorded_cost: "133.00" });

    const open = await body<RecurringPlanView>(
      app.call("POST", "/api/v1/recurring", {
        account_id: account,
        seats: "2",
        unit_price: "39",
        start_month: "2099-01",
      }),
    );
    const stopNow = await app.call("POST", `/api/v1/recurring/${open.id}/stop`);
    expect(stopNow.status).toBe(400);
    expect(await stopNow.json()).toMatchObject({
      error: { details: [{ field: "end_month" }] },
    });
    const unknown = await app.call("POST", "/api/v1/recurring/rec_nope/stop");
    expect(unknown.status).toBe(404);
  });
});
