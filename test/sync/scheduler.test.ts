/**
 * Two scheduler instances sharing one database: each due account is synced by exactly one of
 * them, and an account is not run again before its next scheduled time.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createLogger } from "../../src/logging/logger.ts";
import { createScheduler, nextRun } from "../../src/scheduler/scheduler.ts";
import { createAccount } from "../../src/services/accounts.ts";
import { DEFAULT_ANTHROPIC_ADMIN_KEY, startFakeAnthropicAdmin } from "../fakes/anthropic-admin.ts";
import { seedAnthropicMonth } from "../fakes/anthropic-seed.ts";
import { DIALECTS, openTestStore } from "../support/databases.ts";
import { syncContext } from "../support/sync.ts";

describe.each(DIALECTS)("scheduler on %s", (dialect) => {
  let fake: Awaited<ReturnType<typeof startFakeAnthropicAdmin>>;
  let store: Awaited<ReturnType<typeof openTestStore>>;

  beforeAll(async () => {
    fake = await startFakeAnthropicAdmin();
    Object.assign(fake.state, seedAnthropicMonth({ month: "2025-11" }));
    store = await openTestStore(dialect);
  });
  afterAll(async () => {
    await fake.close();
    await store.dropAll();
  });

  test("two instances on one database never sync the same account twice", async () => {
    const now = new Date("2025-11-20T10:00:30Z");
    // Each instance has its own context, as two processes would.
    const ctxA = syncContext(store, { anthropic: fake.url }, now);
    const ctxB = syncContext(store, { anthropic: fake.url }, now);
    const accounts = [];
    for (const name of ["one", "two", "three"]) {
      accounts.push(
        (
          await createAccount(ctxA, {
            provider: "anthropic",
            name,
            admin_key: DEFAULT_ANTHROPIC_ADMIN_KEY,
          })
        ).id,
      );
    }
    const logger = createLogger("silent");
    const a = createScheduler(ctxA, { logger, instanceId: "a" });
    const b = createScheduler(ctxB, { logger, instanceId: "b" });

    const [resultA, resultB] = await Promise.all([a.tick(), b.tick()]);
    expect([...resultA.ran, ...resultB.ran].sort()).toEqual([...accounts].sort());
    expect(resultA.failed).toEqual([]);
    expect(resultB.failed).toEqual([]);
    for (const id of accounts) {
      const runs = await ctxA.sync.listRuns(id, 10);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ trigger: "schedule", outcome: "success" });
      expect((await ctxA.sync.getStatus(id))?.next_run_at).toBe("2025-11-20T11:00:00.000Z");
    }

    const [againA, againB] = await Promise.all([a.tick(), b.tick()]);
    expect([...againA.ran, ...againB.ran]).toEqual([]);
  });

  test("a held lease keeps other instances out until it expires", async () => {
    const ctx = syncContext(store, { anthropic: fake.url }, new Date("2025-11-20T12:00:00Z"));
    expect(
      await ctx.leases.acquire("job", "a", "2025-11-20T12:00:00Z", "2025-11-20T12:30:00Z"),
    ).toBe(true);
    expect(
      await ctx.leases.acquire("job", "b", "2025-11-20T12:10:00Z", "2025-11-20T12:40:00Z"),
    ).toBe(false);
    expect(
      await ctx.leases.acquire("job", "b", "2025-11-20T12:30:00Z", "2025-11-20T13:00:00Z"),
    ).toBe(true);
    expect(await ctx.leases.holderOf("job", "2025-11-20T12:31:00Z")).toBe("b");
  });

  test("next run follows the account's cron schedule in UTC", () => {
    expect(nextRun({ sync_schedule: null }, new Date("2025-11-20T10:15:00Z"))).toBe(
      "2025-11-20T11:00:00.000Z",
    );
    expect(nextRun({ sync_schedule: "30 2 * * *" }, new Date("2025-11-20T10:15:00Z"))).toBe(
      "2025-11-21T02:30:00.000Z",
    );
  });
});
