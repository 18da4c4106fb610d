/** Sync bookkeeping: per-account status, run history, and resumable checkpoints. */
import type { Kysely, Selectable } from "kysely";
import { toSafeNumber } from "../core/money.ts";
import type { Database, SyncRunsTable, SyncStatusTable } from "./schema.ts";

export type SyncStatus = Omit<SyncStatusTable, "updated_at">;

export interface SyncRun {
  id: string;
  account_id: string;
  trigger: string;
  window_start: string;
  window_end: string;
  started_at: string;
  finished_at: string | null;
  outcome: "running" | "success" | "failed";
  records: number;
  inserted: number;
  updated: number;
  unchanged: number;
  error_class: string | null;
  error_message: string | null;
}

function toRun(row: Selectable<SyncRunsTable>): SyncRun {
  return {
    ...row,
    outcome: row.outcome as SyncRun["outcome"],
    records: toSafeNumber(row.records),
    inserted: toSafeNumber(row.inserted),
    updated: toSafeNumber(row.updated),
    unchanged: toSafeNumber(row.unchanged),
  };
}

export function syncRepository(db: Kysely<Database>) {
  return {
    async getStatus(accountId: string): Promise<SyncStatus | undefined> {
      const row = await db
        .selectFrom("sync_status")
        .selectAll()
        .where("account_id", "=", accountId)
        .executeTakeFirst();
      if (!row) return undefined;
      const { updated_at: _updated, ...status } = row;
      return status;
    },
    async allStatuses(): Promise<Map<string, SyncStatus>> {
      const rows = await db.selectFrom("sync_status").selectAll().execute();
      return new Map(rows.map(({ updated_at: _u, ...status }) => [status.account_id, status]));
    },
    /** Merges `changes` into the account's status row. */
    async updateStatus(
      accountId: string,
      changes: Partial<Omit<SyncStatus, "account_id">>,
      now: string,
    ): Promise<void> {
      const current = (await this.getStatus(accountId)) ?? {
        account_id: accountId,
        last_run_at: null,
        last_success_at: null,
        last_error_class: null,
        last_error_message: null,
        next_run_at: null,
        paused_reason: null,
      };
      const next = { ...current, ...changes, account_id: accountId, updated_at: now };
      const { account_id: _id, ...set } = next;
      await db
        .insertInto("sync_status")
        .values(next)
        .onConflict((oc) => oc.column("account_id").doUpdateSet(set))
        .execute();
    },
    async insertRun(run: SyncRun): Promise<void> {
      await db.insertInto("sync_runs").values(run).execute();
    },
    async finishRun(id: string, changes: Partial<SyncRun>): Promise<void> {
      await db.updateTable("sync_runs").set(changes).where("id", "=", id).execute();
    },
    /** Writes a running run's counters so far, so its progress can be read while it runs. */
    async updateRunCounts(
      id: string,
      counts: Pick<SyncRun, "records" | "inserted" | "updated" | "unchanged">,
    ): Promise<void> {
      await db
        .updateTable("sync_runs")
        .set(counts)
        .where("id", "=", id)
        .where("outcome", "=", "running")
        .execute();
    },
    async listRuns(accountId: string, limit: number): Promise<SyncRun[]> {
      const rows = await db
        .selectFrom("sync_runs")
        .selectAll()
        .where("account_id", "=", accountId)
        .orderBy("started_at", "desc")
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map(toRun);
    },
    async getCheckpoint(
      accountId: string,
      endpoint: string,
      windowStart: string,
      windowEnd: string,
    ): Promise<string | null> {
      const row = await db
        .selectFrom("sync_checkpoints")
        .select("done_until")
        .where("account_id", "=", accountId)
        .where("endpoint", "=", endpoint)
        .where("window_start", "=", windowStart)
        .where("window_end", "=", windowEnd)
        .executeTakeFirst();
      return row?.done_until ?? null;
    },
    /** How far each endpoint of a window got: the day up to which it is fully written. */
    async listCheckpoints(
      accountId: string,
      windowStart: string,
      windowEnd: string,
    ): Promise<{ endpoint: string; done_until: string }[]> {
      return db
        .selectFrom("sync_checkpoints")
        .select(["endpoint", "done_until"])
        .where("account_id", "=", accountId)
        .where("window_start", "=", windowStart)
        .where("window_end", "=", windowEnd)
        .execute();
    },
    /** Records that official cost data was fetched for these days of an account. */
    async markCovered(accountId: string, dates: readonly string[], now: string): Promise<void> {
      if (dates.length === 0) return;
      await db
        .insertInto("official_coverage")
        .values(dates.map((date) => ({ account_id: accountId, date, updated_at: now })))
        .onConflict((oc) => oc.columns(["account_id", "date"]).doUpdateSet({ updated_at: now }))
        .execute();
    },
    /** Forgets a window's checkpoints once every endpoint of it is done. */
    async clearCheckpoints(
      accountId: string,
      windowStart: string,
      windowEnd: string,
    ): Promise<void> {
      await db
        .deleteFrom("sync_checkpoints")
        .where("account_id", "=", accountId)
        .where("window_start", "=", windowStart)
        .where("window_end", "=", windowEnd)
        .execute();
    },
    async putCheckpoint(
      accountId: string,
      endpoint: string,
      windowStart: string,
      windowEnd: string,
      doneUntil: string,
      now: string,
    ): Promise<void> {
      await db
        .insertInto("sync_checkpoints")
        .values({
          account_id: accountId,
          endpoint,
          window_start: windowStart,
          window_end: windowEnd,
          done_until: doneUntil,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc
            .columns(["account_id", "endpoint", "window_start", "window_end"])
            .doUpdateSet({ done_until: doneUntil, updated_at: now }),
        )
        .execute();
    },
  };
}

export type SyncRepository = ReturnType<typeof syncRepository>;
