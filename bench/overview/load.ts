/**
 * Filling a scratch database: the ledger's records through the storage layer's batch upsert
 * (as the ledger fills in production), the sync and reconciliation bookkeeping, then the
 * statistics a production database has. Loading is setup: timed and printed, not measured.
 */
import { statSync } from "node:fs";
import { sql } from "kysely";
import { formatInt } from "../lib/stats.ts";
import type { BenchDb } from "./bench-db.ts";
import { ledgerBatches } from "./generate.ts";
import {
  ACCOUNTS,
  addDays,
  emptyFacts,
  FAILING_ACCOUNT,
  type LedgerFacts,
  type LedgerPlan,
} from "./ledger.ts";
import { DIALECT_TITLES } from "./options.ts";
import { log } from "./progress.ts";

/** Loads the ledger through the storage layer's batch upsert, printing progress. */
export async function load(
  db: BenchDb,
  plan: LedgerPlan,
  today: string,
  batchSize: number,
): Promise<LedgerFacts> {
  const facts = emptyFacts();
  const now = `${today}T14:00:00.000Z`;
  const started = performance.now();
  let written = 0;
  let nextReport = 100_000;
  // PostgreSQL works in its own process: keep a few batches in flight.
  const inFlight = db.dialect === "postgres" ? 3 : 1;
  const pending = new Set<Promise<void>>();
  let failure: unknown;
  for (const batch of ledgerBatches(plan, db.accountIds, today, batchSize, facts)) {
    if (failure) break;
    const write = db.ctx.usage.upsertMany(batch, now).then((result) => {
      if (result.inserted !== batch.length) {
        throw new Error(`${db.dialect}: ${result.inserted} of ${batch.length} records inserted`);
      }
      written += batch.length;
      if (written >= nextReport || written === plan.total) {
        const seconds = (performance.now() - started) / 1000;
        log(
          `    ${DIALECT_TITLES[db.dialect]}: ${formatInt(written)} / ${formatInt(plan.total)} records` +
            ` (${seconds.toFixed(1)} s, ${formatInt(written / seconds)} records/s)`,
        );
        while (nextReport <= written) nextReport += 100_000;
      }
    });
    const tracked: Promise<void> = write
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => pending.delete(tracked));
    pending.add(tracked);
    if (pending.size >= inFlight) await Promise.race(pending);
  }
  await Promise.all(pending);
  if (failure) throw failure;
  if (facts.rows !== plan.total) throw new Error(`generated ${facts.rows}, planned ${plan.total}`);
  await seedBookkeeping(db, plan, facts, today);
  db.loadSeconds = (performance.now() - started) / 1000;

  const analyzeStarted = performance.now();
  await analyze(db, plan);
  db.analyzeSeconds = (performance.now() - analyzeStarted) / 1000;
  const rows = await countRows(db);
  if (rows !== plan.total)
    throw new Error(`${db.dialect}: ${rows} rows stored, expected ${plan.total}`);
  return facts;
}

/**
 * Production databases have statistics: PostgreSQL's autovacuum gathers them (and sets the
 * visibility map); on SQLite, ANALYZE fills sqlite_stat1. Both are checked; the size on disk
 * is noted.
 */
async function analyze(db: BenchDb, plan: LedgerPlan) {
  if (db.dialect === "postgres") {
    await sql`vacuum (analyze)`.execute(db.store.db);
    const stats = await sql<{ last_analyze: string | null; reltuples: number }>`
      select s.last_analyze, c.reltuples from pg_stat_user_tables s
      join pg_class c on c.oid = s.relid where s.relname = 'usage_records'`.execute(db.store.db);
    const row = stats.rows[0];
    if (!row?.last_analyze || Number(row.reltuples) < plan.total * 0.9) {
      throw new Error(`postgres: usage_records not analyzed: ${JSON.stringify(row)}`);
    }
    const size = await sql<{ bytes: bigint }>`
      select pg_total_relation_size('usage_records') as bytes`.execute(db.store.db);
    db.sizeBytes = Number(size.rows[0]?.bytes ?? 0);
  } else {
    await sql`analyze`.execute(db.store.db);
    await sql`pragma wal_checkpoint(truncate)`.execute(db.store.db);
    const stats = await sql<{ n: bigint }>`
      select count(*) as n from sqlite_stat1 where tbl = 'usage_records'`.execute(db.store.db);
    if (Number(stats.rows[0]?.n ?? 0) === 0) throw new Error("sqlite: usage_records not analyzed");
    db.sizeBytes = statSync(db.store.description.replace(/^sqlite:/, "")).size;
  }
}

/**
 * What the sync and reconciliation write besides records: official coverage of every day
 * before today for the official accounts, sync status and run history (one account's latest
 * runs failing), and a current reconciliation of each completed Perplexity month.
 */
async function seedBookkeeping(db: BenchDb, plan: LedgerPlan, facts: LedgerFacts, today: string) {
  const now = `${today}T14:00:00.000Z`;
  const covered = plan.days.map((d) => d.date).filter((d) => d < today);
  for (const { key, official } of ACCOUNTS) {
    if (!official) continue;
    const id = db.accountIds[key];
    for (let i = 0; i < covered.length; i += 500) {
      await db.ctx.sync.markCovered(id, covered.slice(i, i + 500), now);
    }
    // 100 hourly runs back from now; the failing account's last 6 failed.
    const runs = Array.from({ length: 100 }, (_, i) => {
      const started = new Date(Date.parse(now) - i * 3_600_000).toISOString();
      const failed = key === FAILING_ACCOUNT && i < 6;
      return {
        id: `run_${key}_${i.toString().padStart(3, "0")}`,
        account_id: id,
        trigger: "schedule",
        window_start: addDays(started.slice(0, 10), -3),
        window_end: started.slice(0, 10),
        started_at: started,
        finished_at: started,
        outcome: failed ? "failed" : "success",
        records: failed ? 0 : 120,
        inserted: failed ? 0 : 24,
        updated: 0,
        unchanged: failed ? 0 : 96,
        error_class: failed ? "rate_limited" : null,
        error_message: failed ? "429 Too Many Requests: retry budget exhausted" : null,
      };
    });
    await db.store.db.insertInto("sync_runs").values(runs).execute();
    const failing = key === FAILING_ACCOUNT;
    await db.ctx.sync.updateStatus(
      id,
      {
        last_run_at: runs[0]?.started_at ?? now,
        last_success_at: (failing ? runs[6] : runs[0])?.started_at ?? now,
        last_error_class: failing ? "rate_limited" : null,
        last_error_message: failing ? "429 Too Many Requests: retry budget exhausted" : null,
        next_run_at: new Date(Date.parse(now) + 3_600_000).toISOString(),
      },
      now,
    );
  }
  const reconciliations = facts.reconciledMonths.map((period, i) => {
    const estimated = facts.perplexityMonthNanos.get(period) ?? 0n;
    return {
      id: `rec_${i.toString().padStart(3, "0")}`,
      account_id: db.accountIds["perplexity-search"],
      period,
      api_key_suffix: null,
      amount_nanos: estimated,
      estimated_nanos: estimated,
      note: "invoice",
      status: "current",
      created_at: `${addDays(`${period}-01`, 40)}T09:00:00.000Z`,
      undone_at: null,
    };
  });
  if (reconciliations.length > 0) {
    await db.store.db.insertInto("reconciliations").values(reconciliations).execute();
  }
}

async function countRows(db: BenchDb): Promise<number> {
  const result = await sql<{ n: bigint | string }>`select count(*) as n from usage_records`.execute(
    db.store.db,
  );
  return Number(result.rows[0]?.n ?? 0);
}
