/**
 * Live progress of a sync: while `POST /accounts/:id/sync` is in flight, the run in
 * `GET /accounts/:id/sync-runs` says how many days of its window each endpoint has stored and
 * how many records it has counted so far; once finished, its progress is null and its counts
 * are the summary's. The fake holds back the cost report so the half-way state can be seen.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hashToken } from "../../src/auth/admin-token.ts";
import { createLogger } from "../../src/logging/logger.ts";
import { createApp } from "../../src/server/app.ts";
import type { SyncRunView } from "../../src/services/sync/runs.ts";
import type { SyncSummary } from "../../src/services/sync/sync-account.ts";
import {
  ANTHROPIC_COST_PATH,
  DEFAULT_ANTHROPIC_ADMIN_KEY,
  startFakeAnthropicAdmin,
} from "../fakes/anthropic-admin.ts";
import { seedAnthropicMonth } from "../fakes/anthropic-seed.ts";
import { TEST_TOKEN } from "../support/app.ts";
import { DIALECTS, openTestStore } from "../support/databases.ts";
import { syncContext } from "../support/sync.ts";

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe.each(DIALECTS)("sync progress on %s", (dialect) => {
  let fake: Awaited<ReturnType<typeof startFakeAnthropicAdmin>>;
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let call: (method: string, path: string, body?: unknown) => Promise<Response>;
  let accountId: string;

  const runs = async () =>
    (
      (await (await call("GET", `/api/v1/accounts/${accountId}/sync-runs`)).json()) as {
        runs: SyncRunView[];
      }
    ).runs;

  /** Polls the history until `predicate` holds for the newest run (at most ~5 s). */
  async function waitForRun(predicate: (run: SyncRunView) => boolean): Promise<SyncRunView> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const [newest] = await runs();
      if (newest && predicate(newest)) return newest;
      await sleep(50);
    }
    throw new Error("the run never reached the expected state");
  }

  beforeAll(async () => {
    fake = await startFakeAnthropicAdmin();
    Object.assign(fake.state, seedAnthropicMonth({ month: "2025-11" }));
    store = await openTestStore(dialect);
    const ctx = syncContext(store, { anthropic: fake.url }, new Date("2025-11-20T00:00:00Z"));
    const app = createApp({
      ctx,
      adminTokenHash: hashToken(TEST_TOKEN),
      logger: createLogger("silent"),
    });
    call = async (method, path, body) =>
      app.request(path, {
        method,
        headers: { authorization: `Bearer ${TEST_TOKEN}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const created = await call("POST", "/api/v1/accounts", {
      provider: "anthropic",
      name: "org",
      admin_key: DEFAULT_ANTHROPIC_ADMIN_KEY,
    });
    accountId = ((await created.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await fake.close();
    await store.dropAll();
  });

  test("a running sync reports days stored per endpoint and records so far", async () => {
    // The usage report (first endpoint) finishes; the cost report's first page is held back.
    fake.state.faults.push({ delayMs: 1_500, path: ANTHROPIC_COST_PATH });
    const pending = call("POST", `/api/v1/accounts/${accountId}/sync`, {
      from: "2025-11-01",
      to: "2025-11-15",
    });

    const halfway = await waitForRun(
      (run) => run.progress?.endpoints.find((e) => e.endpoint === "usage")?.days_done === 14,
    );
    expect(halfway.outcome).toBe("running");
    expect(halfway.finished_at).toBeNull();
    expect(halfway.progress).toEqual({
      days_total: 14,
      endpoints: [
        { endpoint: "usage", days_done: 14 },
        { endpoint: "cost", days_done: 0 },
      ],
      done: 14,
      total: 28,
    });
    expect(halfway.records).toBeGreaterThan(0);
    expect(halfway.inserted).toBe(halfway.records);

    const response = await pending;
    expect(response.status).toBe(200);
    const summary = (await response.json()) as SyncSummary;
    expect(summary.records).toBeGreaterThan(halfway.records);

    const [finished] = await runs();
    expect(finished).toMatchObject({
      id: summary.run_id,
      outcome: "success",
      progress: null,
      records: summary.records,
      inserted: summary.inserted,
      updated: summary.updated,
      unchanged: summary.unchanged,
    });
  });

  test("the history of an unknown account is a 404", async () => {
    const response = await call("GET", "/api/v1/accounts/acc_missing/sync-runs");
    expect(response.status).toBe(404);
  });
});
