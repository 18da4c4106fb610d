/**
 * The capture recorder's promise: a record acknowledged to it is never lost. Records reach the
 * journal within one event-loop turn; a process that dies before the batch is stored leaves
 * them in the journal, and the next start replays them — idempotently, so nothing is counted
 * twice.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createLogger } from "../../src/logging/logger.ts";
import { createAccount } from "../../src/services/accounts.ts";
import { createRecorder } from "../../src/services/capture/recorder.ts";
import { createServiceContext, type ServiceContext } from "../../src/services/context.ts";
import { summarizeUsage } from "../../src/services/reports.ts";
import { DIALECTS, openTestStore } from "../support/databases.ts";

const logger = createLogger("silent");
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe.each(DIALECTS)("capture recorder on %s", (dialect) => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let ctx: ServiceContext;
  let accountId: string;
  let journalDir: string;

  beforeAll(async () => {
    store = await openTestStore(dialect);
    ctx = createServiceContext(store);
    accountId = (await createAccount(ctx, { provider: "groq", name: "g" })).id;
    journalDir = mkdtempSync(join(tmpdir(), "tokenledger-journal-"));
  });
  afterAll(async () => {
    await store.dropAll();
    rmSync(journalDir, { recursive: true, force: true });
  });

  const record = (i: number) => ({
    account_id: accountId,
    timestamp: "2025-08-01T00:00:00Z",
    model: "llama-3.1-8b-instant",
    prompt_tokens: 1_000_000,
    source: "proxy",
    idempotency_key: `groq:req_${i}`,
  });

  test("records journaled before a crash are replayed on the next start, once", async () => {
    // flushMs far away: the "crash" happens before any batch is stored.
    const crashed = await createRecorder(ctx, { journalDir, flushMs: 3_600_000, logger });
    for (let i = 0; i < 5; i += 1) crashed.record(record(i));
    await nextTurn();
    expect(readdirSync(journalDir)).toHaveLength(1);
    expect((await summarizeUsage(ctx, { account_id: accountId })).records).toBe(0);

    const restarted = await createRecorder(ctx, { journalDir, flushMs: 3_600_000, logger });
    expect((await summarizeUsage(ctx, { account_id: accountId })).records).toBe(5);
    expect(readdirSync(journalDir)).toEqual([]);

    // The crashed process's records turning up again (a second replay) changes nothing.
    restarted.record(record(0));
    await restarted.close();
    const summary = await summarizeUsage(ctx, { account_id: accountId });
    expect(summary).toMatchObject({ records: 5, total_cost: "0.25" });
  });

  test("close stores everything pending and leaves no journal", async () => {
    const recorder = await createRecorder(ctx, { journalDir, flushMs: 3_600_000, logger });
    for (let i = 10; i < 20; i += 1) recorder.record(record(i));
    await recorder.close();
    expect((await summarizeUsage(ctx, { account_id: accountId })).records).toBe(15);
    expect(readdirSync(journalDir)).toEqual([]);
    expect(recorder.stats).toEqual({ recorded: 10, stored: 10, rejected: 0 });
  });

  test("a record that arrives after close is journaled and stored by the next start", async () => {
    const closedOne = await createRecorder(ctx, { journalDir, flushMs: 3_600_000, logger });
    await closedOne.close();
    const before = (await summarizeUsage(ctx, { account_id: accountId })).records;
    closedOne.record(record(40));
    expect(readdirSync(journalDir)).toHaveLength(1);
    const next = await createRecorder(ctx, { journalDir, flushMs: 3_600_000, logger });
    await next.close();
    expect((await summarizeUsage(ctx, { account_id: accountId })).records).toBe(before + 1);
    expect(readdirSync(journalDir)).toEqual([]);
  });

  test("a record the ledger refuses is dropped alone, not with its batch", async () => {
    const recorder = await createRecorder(ctx, { journalDir: null, flushMs: 3_600_000, logger });
    recorder.record(record(30));
    recorder.record({ ...record(31), prompt_tokens: -1 });
    recorder.record(record(32));
    await recorder.close();
    expect(recorder.stats).toEqual({ recorded: 3, stored: 2, rejected: 1 });
  });

  test("in a batch of more than 10,000, refused records beyond the first slice drop alone", async () => {
    const recorder = await createRecorder(ctx, { journalDir: null, flushMs: 3_600_000, logger });
    const before = (await summarizeUsage(ctx, { account_id: accountId })).records;
    // 10,002 records: two refused, one in each slice of the ledger's 10,000-record batches.
    for (let i = 0; i < 10_002; i += 1) {
      const refused = i === 3 || i === 10_001;
      recorder.record({ ...record(1_000 + i), ...(refused ? { prompt_tokens: -1 } : {}) });
    }
    await recorder.close();
    expect(recorder.stats).toEqual({ recorded: 10_002, stored: 10_000, rejected: 2 });
    const after = (await summarizeUsage(ctx, { account_id: accountId })).records;
    expect(after - before).toBe(10_000);
  });
});
