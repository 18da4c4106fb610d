/**
 * Official Anthropic sync against the fake admin API: a month of hourly data with batch,
 * priority and long-context rows, two workspaces (one the default), faults and late data.
 * The account's spend must equal the cost report plus Priority Tier usage at list price,
 * exactly, and tokens must equal the usage report exactly.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { parseScaledDecimal } from "../../src/core/money.ts";
import {
  ProviderAuthError,
  ProviderBadResponseError,
  ProviderBillingError,
  ProviderTransientError,
} from "../../src/providers/errors.ts";
import { resetBreakers } from "../../src/providers/shared/resilience.ts";
import { createScheduler } from "../../src/scheduler/scheduler.ts";
import { createLogger } from "../../src/logging/logger.ts";
import { createAccount, getAccount, updateAccount } from "../../src/services/accounts.ts";
import type { ServiceContext } from "../../src/services/context.ts";
import { summarizeUsage } from "../../src/services/reports.ts";
import { syncAccount } from "../../src/services/sync/sync-account.ts";
import {
  ANTHROPIC_COST_PATH,
  ANTHROPIC_USAGE_PATH,
  DEFAULT_ANTHROPIC_ADMIN_KEY,
  startFakeAnthropicAdmin,
} from "../fakes/anthropic-admin.ts";
import type { AnthropicUsageRow } from "../fakes/anthropic-admin.ts";
import { anthropicCostRowsFromUsage, seedAnthropicMonth } from "../fakes/anthropic-seed.ts";
import { DIALECTS, openTestStore } from "../support/databases.ts";
import { syncContext } from "../support/sync.ts";

type Fake = Awaited<ReturnType<typeof startFakeAnthropicAdmin>>;

/** Cents (decimal strings) to nano-dollars, exactly. */
const centsToNanos = (amount: string) => parseScaledDecimal(amount, 7);

/** Expected spend: every cost-report amount, plus priority usage at list (standard) price. */
function expectedSpend(fake: Fake): bigint {
  const reported = fake.state.costs.reduce((sum, row) => sum + centsToNanos(row.amount), 0n);
  const priority = fake.state.usage
    .filter((row) => row.service_tier === "priority")
    .map((row) => ({ ...row, service_tier: "standard" }));
  const priorityAtList = anthropicCostRowsFromUsage(priority).reduce(
    (sum, row) => sum + centsToNanos(row.amount),
    0n,
  );
  return reported + priorityAtList;
}

function expectedTokens(rows: readonly AnthropicUsageRow[]) {
  let prompt = 0;
  let completion = 0;
  let cacheRead = 0;
  for (const r of rows) {
    prompt +=
      r.uncached_input_tokens +
      r.cache_read_input_tokens +
      r.cache_creation.ephemeral_5m_input_tokens +
      r.cache_creation.ephemeral_1h_input_tokens;
    completion += r.output_tokens;
    cacheRead += r.cache_read_input_tokens;
  }
  return { prompt, completion, cacheRead };
}

const nanosOf = (decimal: string) => parseScaledDecimal(decimal, 9);

describe.each(DIALECTS)("Anthropic official sync on %s", (dialect) => {
  let fake: Fake;
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let ctx: ServiceContext;
  let accountId: string;

  beforeAll(async () => {
    fake = await startFakeAnthropicAdmin();
    Object.assign(fake.state, seedAnthropicMonth({ month: "2025-11" }));
    store = await openTestStore(dialect);
    ctx = syncContext(store, { anthropic: fake.url }, new Date("2025-12-01T06:00:00Z"));
    accountId = (
      await createAccount(ctx, {
        provider: "anthropic",
        name: "org",
        admin_key: DEFAULT_ANTHROPIC_ADMIN_KEY,
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

  test("a month syncs through a 429 with retry-after and a 529; spend and tokens are exact", async () => {
    fake.state.faults.push(
      { status: 429, retryAfter: 1, path: ANTHROPIC_USAGE_PATH },
      { status: 529, path: ANTHROPIC_COST_PATH },
    );
    const started = Date.now();
    const summary = await syncAccount(ctx, {
      account_id: accountId,
      from: "2025-11-01",
      to: "2025-12-01",
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(summary).toMatchObject({ outcome: "success", updated: 0, unchanged: 0 });
    expect(summary.inserted).toBe(summary.records);
    expect(fake.state.requests.filter((r) => r.status === 429 || r.status === 529)).toHaveLength(2);

    const byAccount = await summarizeUsage(ctx, {
      account_id: accountId,
      group_by: ["account_id"],
    });
    expect(nanosOf(byAccount.total_cost)).toBe(expectedSpend(fake));
    const byModel = await summarizeUsage(ctx, { account_id: accountId, group_by: ["model"] });
    expect(byModel.total_cost).toBe(byAccount.total_cost);
    const byConfidence = await summarizeUsage(ctx, {
      account_id: accountId,
      group_by: ["confidence"],
    });
    expect(byConfidence.groups.map((g) => g.confidence)).toEqual(["estimated", "official"]);

    const tokens = expectedTokens(fake.state.usage);
    expect(byAccount.groups[0]).toMatchObject({
      prompt_tokens: tokens.prompt,
      completion_tokens: tokens.completion,
      cache_read_tokens: tokens.cacheRead,
    });
    expect(byAccount.unpriced_records).toBe(0);
  });

  test("a second sync of the same window changes nothing", async () => {
    const before = await summarizeUsage(ctx, { account_id: accountId });
    const again = await syncAccount(ctx, {
      account_id: accountId,
      from: "2025-11-01",
      to: "2025-12-01",
    });
    expect(again).toMatchObject({ inserted: 0, updated: 0 });
    expect(again.unchanged).toBe(again.records);
    expect(await summarizeUsage(ctx, { account_id: accountId })).toEqual(before);
  });

  test("late data appears after the next sync, without duplicates", async () => {
    const before = await summarizeUsage(ctx, { account_id: accountId });
    const row = fake.state.usage.find(
      (r) => r.starting_at.startsWith("2025-11-30") && r.service_tier === "standard",
    );
    expect(row).toBeDefined();
    if (row) row.output_tokens += 1_000_000;
    fake.state.costs = anthropicCostRowsFromUsage(fake.state.usage);
    const summary = await syncAccount(ctx, {
      account_id: accountId,
      from: "2025-11-28",
      to: "2025-12-01",
    });
    expect(summary.inserted).toBe(0);
    expect(summary.updated).toBeGreaterThanOrEqual(2);
    const after = await summarizeUsage(ctx, { account_id: accountId, group_by: ["account_id"] });
    expect(after.records).toBe(before.records);
    expect(nanosOf(after.total_cost)).toBe(expectedSpend(fake));
    expect(after.groups[0]?.completion_tokens).toBe(expectedTokens(fake.state.usage).completion);
  });

  test("an interrupted sync resumes from its checkpoint", async () => {
    fake.state.faults.push({ status: 500, times: 3, path: ANTHROPIC_COST_PATH });
    await expect(
      syncAccount(ctx, { account_id: accountId, from: "2025-11-01", to: "2025-11-22" }),
    ).rejects.toBeInstanceOf(ProviderTransientError);
    const status = (await getAccount(ctx, accountId)).sync;
    expect(status).toMatchObject({ last_error_class: "transient" });
    const requestsBefore = fake.state.requests.length;
    const resumed = await syncAccount(ctx, {
      account_id: accountId,
      from: "2025-11-01",
      to: "2025-11-22",
    });
    expect(resumed.resumed).toEqual(["usage"]);
    const paths = fake.state.requests.slice(requestsBefore).map((r) => r.path);
    expect(paths.every((p) => p === ANTHROPIC_COST_PATH)).toBe(true);
    expect((await getAccount(ctx, accountId)).sync).toMatchObject({ last_error_class: null });
  });

  test("a spend cap fails as billing and is not retried", async () => {
    fake.state.faults.push({ status: 429, spendCap: true });
    const requestsBefore = fake.state.requests.length;
    await expect(
      syncAccount(ctx, { account_id: accountId, from: "2025-11-01", to: "2025-11-02" }),
    ).rejects.toBeInstanceOf(ProviderBillingError);
    expect(fake.state.requests.length - requestsBefore).toBe(1);
    expect((await getAccount(ctx, accountId)).sync).toMatchObject({
      last_error_class: "billing",
      paused_reason: null,
    });
  });

  test("malformed JSON fails as a bad response", async () => {
    fake.state.faults.push({ malformedJson: true });
    await expect(
      syncAccount(ctx, { account_id: accountId, from: "2025-11-01", to: "2025-11-02" }),
    ).rejects.toBeInstanceOf(ProviderBadResponseError);
    expect((await getAccount(ctx, accountId)).sync?.last_error_class).toBe("bad_response");
  });

  test("a revoked key pauses scheduled syncs until the key changes", async () => {
    fake.state.revokeKey(DEFAULT_ANTHROPIC_ADMIN_KEY);
    await expect(
      syncAccount(ctx, { account_id: accountId, from: "2025-11-01", to: "2025-11-02" }),
    ).rejects.toBeInstanceOf(ProviderAuthError);
    expect((await getAccount(ctx, accountId)).sync?.paused_reason).toMatch(/auth error/);
    const scheduler = createScheduler(ctx, { logger: createLogger("silent") });
    expect(await scheduler.tick()).toMatchObject({ ran: [], skipped: [accountId] });

    const rotated = "sk-ant-admin01-rotated-key-0123456789";
    fake.state.adminKeys.push(rotated);
    const account = await updateAccount(ctx, accountId, { admin_key: rotated });
    expect(account.credentials).toEqual({ admin_key_hint: "6789" });
    expect(account.sync?.paused_reason).toBeNull();
  });

  test("a normal API key is refused with directions to an admin key", async () => {
    await expect(
      createAccount(ctx, {
        provider: "anthropic",
        name: "wrong",
        admin_key: "sk-ant-api03-abcdefghijklmnop",
      }),
    ).rejects.toThrow(/sk-ant-admin01/);
  });
});
