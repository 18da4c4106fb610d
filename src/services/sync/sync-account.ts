/**
 * Pulls an account's official usage and cost into the ledger. Idempotent (re-running a window
 * changes nothing unless the provider's numbers changed), late-data aware (the default window
 * reaches back over a trailing period), and resumable (each endpoint is checkpointed chunk by
 * chunk, so an interrupted backfill continues where it stopped).
 */
import { randomUUID } from "node:crypto";
import { TokenLedgerError } from "../../core/errors.ts";
import { addDays, todayUtc } from "../../core/time.ts";
import { ProviderError, type ProviderErrorClass } from "../../providers/errors.ts";
import type { SyncRun } from "../../storage/sync-repository.ts";
import { getAccount } from "../accounts.ts";
import type { ServiceContext } from "../context.ts";
import { ingestRecords } from "../ingest.ts";
import { connectionFor, openAdminKey, requireOfficialAdapter } from "./credentials.ts";
import { chunksOf, resolveWindow } from "./window.ts";

/** Records buffered before they are written (each write is one all-or-nothing batch). */
const FLUSH_EVERY = 5_000;

export interface SyncInput {
  account_id: string;
  from?: string | undefined;
  to?: string | undefined;
  trigger?: "manual" | "schedule" | "api";
}

export interface SyncProgress {
  endpoint: string;
  chunksDone: number;
  chunksTotal: number;
  pages: number;
  records: number;
}

export interface SyncSummary {
  run_id: string;
  account_id: string;
  from: string;
  to: string;
  outcome: "success";
  /** Records fetched from the provider. */
  records: number;
  inserted: number;
  updated: number;
  unchanged: number;
  pages: number;
  /** Endpoints that continued from a checkpoint of an earlier, interrupted run. */
  resumed: string[];
}

/** The class a failed sync is filed under (the provider taxonomy, or "internal"). */
export type SyncErrorClass = ProviderErrorClass | "invalid_data" | "internal";

export function classifySyncError(error: unknown): SyncErrorClass {
  if (error instanceof ProviderError) return error.errorClass;
  if (error instanceof TokenLedgerError) return "invalid_data";
  return "internal";
}

export async function syncAccount(
  ctx: ServiceContext,
  input: SyncInput,
  onProgress?: (progress: SyncProgress) => void,
  signal?: AbortSignal,
): Promise<SyncSummary> {
  const account = await getAccount(ctx, input.account_id);
  const adapter = requireOfficialAdapter(account);
  const adminKey = await openAdminKey(ctx, account);
  const status = await ctx.sync.getStatus(account.id);
  const window = resolveWindow(input, status?.last_success_at ?? null, ctx.now(), ctx.syncSettings);
  const connection = connectionFor(ctx, account, adminKey, signal);

  const startedAt = ctx.now().toISOString();
  const run: SyncRun = {
    id: `sync_${randomUUID()}`,
    account_id: account.id,
    trigger: input.trigger ?? "manual",
    window_start: window.from,
    window_end: window.to,
    started_at: startedAt,
    finished_at: null,
    outcome: "running",
    records: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    error_class: null,
    error_message: null,
  };
  await ctx.sync.insertRun(run);
  await ctx.sync.updateStatus(account.id, { last_run_at: startedAt }, startedAt);

  const summary: SyncSummary = {
    run_id: run.id,
    account_id: account.id,
    from: window.from,
    to: window.to,
    outcome: "success",
    records: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    pages: 0,
    resumed: [],
  };
  try {
    for (const endpoint of adapter.endpoints) {
      const checkpoint = await ctx.sync.getCheckpoint(
        account.id,
        endpoint.name,
        window.from,
        window.to,
      );
      if (checkpoint) summary.resumed.push(endpoint.name);
      const chunks = chunksOf(window, checkpoint);
      let chunksDone = 0;
      let pages = 0;
      let fetched = 0;
      for (const chunk of chunks) {
        let buffer: unknown[] = [];
        const flush = async () => {
          if (buffer.length === 0) return;
          const written = await ingestRecords(ctx, buffer);
          summary.inserted += written.inserted;
          summary.updated += written.updated;
          summary.unchanged += written.unchanged;
          buffer = [];
        };
        for await (const page of endpoint.fetch(connection, chunk)) {
          for (const record of page.records) buffer.push({ ...record, account_id: account.id });
          pages += 1;
          fetched += page.records.length;
          summary.pages += 1;
          summary.records += page.records.length;
          if (buffer.length >= FLUSH_EVERY) await flush();
          onProgress?.({
            endpoint: endpoint.name,
            chunksDone,
            chunksTotal: chunks.length,
            pages,
            records: fetched,
          });
        }
        await flush();
        if (endpoint.officialCost)
          await ctx.sync.markCovered(
            account.id,
            coveredDays(chunk, ctx.now()),
            ctx.now().toISOString(),
          );
        chunksDone += 1;
        // Only a chunk fully written is checkpointed; a crash mid-chunk repeats it, which upserts harmlessly.
        await ctx.sync.putCheckpoint(
          account.id,
          endpoint.name,
          window.from,
          window.to,
          chunk.end.slice(0, 10),
          ctx.now().toISOString(),
        );
        // The run's counters so far, read with the checkpoints by whoever watches the run.
        await ctx.sync.updateRunCounts(run.id, {
          records: summary.records,
          inserted: summary.inserted,
          updated: summary.updated,
          unchanged: summary.unchanged,
        });
        onProgress?.({
          endpoint: endpoint.name,
          chunksDone,
          chunksTotal: chunks.length,
          pages,
          records: fetched,
        });
      }
    }
  } catch (error) {
    await recordFailure(ctx, run, summary, error);
    throw error;
  }

  // The window is complete: a later run of the same window starts afresh (and sees late data).
  await ctx.sync.clearCheckpoints(account.id, window.from, window.to);
  const finishedAt = ctx.now().toISOString();
  await ctx.sync.finishRun(run.id, {
    finished_at: finishedAt,
    outcome: "success",
    records: summary.records,
    inserted: summary.inserted,
    updated: summary.updated,
    unchanged: summary.unchanged,
  });
  await ctx.sync.updateStatus(
    account.id,
    { last_success_at: finishedAt, last_error_class: null, last_error_message: null },
    finishedAt,
  );
  return summary;
}

/**
 * The days of a fetched chunk that official data now covers: every day up to today. Today's
 * official figures may still grow (late data), but they win over estimates from the moment
 * they exist, so nothing is counted twice; later syncs complete them.
 */
function coveredDays(chunk: { start: string; end: string }, now: Date): string[] {
  const days: string[] = [];
  const today = todayUtc(now);
  for (
    let day = chunk.start.slice(0, 10);
    day < chunk.end.slice(0, 10) && day <= today;
    day = addDays(day, 1)
  ) {
    days.push(day);
  }
  return days;
}

async function recordFailure(
  ctx: ServiceContext,
  run: SyncRun,
  summary: SyncSummary,
  error: unknown,
): Promise<void> {
  const now = ctx.now().toISOString();
  const errorClass = classifySyncError(error);
  const message = error instanceof Error ? error.message : String(error);
  await ctx.sync.finishRun(run.id, {
    finished_at: now,
    outcome: "failed",
    records: summary.records,
    inserted: summary.inserted,
    updated: summary.updated,
    unchanged: summary.unchanged,
    error_class: errorClass,
    error_message: message,
  });
  await ctx.sync.updateStatus(
    run.account_id,
    {
      last_error_class: errorClass,
      last_error_message: message,
      // Retrying a refused key only gets it locked; wait for new credentials.
      ...(errorClass === "auth" ? { paused_reason: `auth error: ${message}` } : {}),
    },
    now,
  );
}
