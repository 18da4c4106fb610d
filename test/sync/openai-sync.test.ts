/**
 * Official OpenAI sync against the fake admin API: a month of hourly usage (spanning o3's
 * 2025-06-10 price change) with batch rows in two projects; spend equals the costs endpoint
 * exactly (amounts in dollars, as strings or as JSON numbers), tokens equal the usage report.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { parseUsd } from "../../src/core/money.ts";
import { ProviderAuthError } from "../../src/providers/errors.ts";
import { resetBreakers } from "../../src/providers/shared/resilience.ts";
import { createAccount, getAccount } from "../../src/services/accounts.ts";
import type { ServiceContext } from "../../src/services/context.ts";
import { summarizeUsage } from "../../src/services/reports.ts";
import { syncAccount } from "../../src/services/sync/sync-account.ts";
import {
  DEFAULT_OPENAI_ADMIN_KEY,
  OPENAI_USAGE_PATH,
  startFakeOpenAIAdmin,
} from "../fakes/openai-admin.ts";
import { openAICostRowsFromUsage, seedOpenAIMonth } from "../fakes/openai-seed.ts";
import { DIALECTS, openTestStore } from "../support/databases.ts";
import { syncContext } from "../support/sync.ts";

type Fake = Awaited<ReturnType<typeof startFakeOpenAIAdmin>>;

/**
 * Cost lines carry more decimals than a nano-dollar (cached input at $0.075/MTok); each line is
 * rounded once, half to even, to whole nano-dollars as it enters the ledger.
 */
const spendOf = (fake: Fake) =>
  fake.state.costs.reduce((sum, row) => sum + parseUsd(row.value, "half-even"), 0n);

describe.each(DIALECTS)("OpenAI official sync on %s", (dialect) => {
  let fake: Fake;
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let ctx: ServiceContext;
  let accountId: string;

  beforeAll(async () => {
    fake = await startFakeOpenAIAdmin();
    Object.assign(fake.state, seedOpenAIMonth({ month: "2025-06" }));
    store = await openTestStore(dialect);
    ctx = syncContext(store, { openai: fake.url }, new Date("2025-07-01T06:00:00Z"));
    accountId = (
      await createAccount(ctx, {
        provider: "openai",
        name: "org",
        admin_key: DEFAULT_OPENAI_ADMIN_KEY,
      })
    ).id;
  });
  beforeEach(() => {
    resetBreakers();
    fake.state.faults.length = 0;
  });
  afterAll(async () => {
    await fake.close();
    await store.dropAll();
  });

  test("a month syncs through a 429 and a 503; spend and tokens are exact", async () => {
    fake.state.faults.push(
      { status: 429, retryAfter: 1, path: OPENAI_USAGE_PATH },
      { status: 503 },
    );
    const summary = await syncAccount(ctx, {
      account_id: accountId,
      from: "2025-06-01",
      to: "2025-07-01",
    });
    expect(summary.inserted).toBe(summary.records);

    const total = await summarizeUsage(ctx, { account_id: accountId, group_by: ["account_id"] });
    expect(parseUsd(total.total_cost)).toBe(spendOf(fake));
    const byModel = await summarizeUsage(ctx, { account_id: accountId, group_by: ["model"] });
    expect(byModel.total_cost).toBe(total.total_cost);
    const byProject = await summarizeUsage(ctx, { account_id: accountId, group_by: ["project"] });
    expect(byProject.groups.map((g) => g.project)).toEqual(["proj_seed_alpha", "proj_seed_beta"]);

    const usage = fake.state.usage;
    expect(total.groups[0]).toMatchObject({
      prompt_tokens: usage.reduce((s, r) => s + r.input_tokens, 0),
      cache_read_tokens: usage.reduce((s, r) => s + r.input_cached_tokens, 0),
      completion_tokens: usage.reduce((s, r) => s + r.output_tokens, 0),
      requests: usage.reduce((s, r) => s + r.num_model_requests, 0),
    });
  });

  test("a second sync changes nothing; amounts sent as JSON numbers are still exact", async () => {
    const again = await syncAccount(ctx, {
      account_id: accountId,
      from: "2025-06-01",
      to: "2025-07-01",
    });
    expect(again).toMatchObject({ inserted: 0, updated: 0 });
    fake.state.costs = openAICostRowsFromUsage(fake.state.usage, "number");
    const numbers = await syncAccount(ctx, {
      account_id: accountId,
      from: "2025-06-01",
      to: "2025-07-01",
    });
    expect(numbers).toMatchObject({ inserted: 0, updated: 0 });
    expect(parseUsd((await summarizeUsage(ctx, { account_id: accountId })).total_cost)).toBe(
      spendOf(fake),
    );
  });

  test("late usage appears after the next sync without duplicates", async () => {
    const before = await summarizeUsage(ctx, { account_id: accountId });
    const late = fake.state.usage.find(
      (r) => r.start_time === Date.parse("2025-06-29T10:00:00Z") / 1000,
    );
    expect(late).toBeDefined();
    if (late) late.output_tokens += 50_000;
    fake.state.costs = openAICostRowsFromUsage(fake.state.usage);
    const summary = await syncAccount(ctx, {
      account_id: accountId,
      from: "2025-06-28",
      to: "2025-07-01",
    });
    expect(summary).toMatchObject({ inserted: 0 });
    const after = await summarizeUsage(ctx, { account_id: accountId });
    expect(after.records).toBe(before.records);
    expect(parseUsd(after.total_cost)).toBe(spendOf(fake));
  });

  test("a revoked key fails as auth and pauses the account", async () => {
    fake.state.revokeKey(DEFAULT_OPENAI_ADMIN_KEY);
    await expect(
      syncAccount(ctx, { account_id: accountId, from: "2025-06-01", to: "2025-06-02" }),
    ).rejects.toBeInstanceOf(ProviderAuthError);
    expect((await getAccount(ctx, accountId)).sync).toMatchObject({
      last_error_class: "auth",
      paused_reason: expect.any(String),
    });
  });

  test("a project key is refused with directions to an admin key", async () => {
    await expect(
      createAccount(ctx, { provider: "openai", name: "p", admin_key: "sk-proj-abcdefghijklmnop" }),
    ).rejects.toThrow(/admin/i);
  });
});
