/**
 * An account's sync history, with the progress of a run still going: how many days of its
 * window each endpoint has fully written (its checkpoints) and the records counted so far, which
 * the sync writes at every checkpoint. Both live in the database, so any instance can report
 * the progress of a sync another instance runs.
 */
import { officialAdapterFor } from "../../providers/official.ts";
import type { SyncRun } from "../../storage/sync-repository.ts";
import { getAccountRecord } from "../accounts.ts";
import type { ServiceContext } from "../context.ts";

export interface SyncRunProgress {
  /** Days in the run's window [window_start, window_end). */
  days_total: number;
  /** Per endpoint (e.g. "usage", "cost"), the days of the window fully fetched and stored. */
  endpoints: { endpoint: string; days_done: number }[];
  /** Endpoint-days done, of `total` (days × endpoints): the fill of a progress bar. */
  done: number;
  total: number;
}

/** A run as the API shows it: `progress` is set while it is running, null once it finished. */
export interface SyncRunView extends SyncRun {
  progress: SyncRunProgress | null;
}

const DAY_MS = 86_400_000;

function daysBetween(from: string, to: string): number {
  return Math.max(
    0,
    Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS),
  );
}

/** The account's last `limit` sync runs, newest first; a running one carries its progress. */
export async function listSyncRuns(
  ctx: ServiceContext,
  accountId: string,
  limit = 50,
): Promise<SyncRunView[]> {
  const account = await getAccountRecord(ctx, accountId);
  const runs = await ctx.sync.listRuns(account.id, limit);
  const endpoints = officialAdapterFor(account.provider)?.endpoints.map((e) => e.name) ?? [];
  return Promise.all(
    runs.map(async (run) => ({
      ...run,
      progress: run.outcome === "running" ? await progressOf(ctx, run, endpoints) : null,
    })),
  );
}

async function progressOf(
  ctx: ServiceContext,
  run: SyncRun,
  endpointNames: readonly string[],
): Promise<SyncRunProgress> {
  const checkpoints = await ctx.sync.listCheckpoints(
    run.account_id,
    run.window_start,
    run.window_end,
  );
  const doneUntil = new Map(checkpoints.map((c) => [c.endpoint, c.done_until]));
  const daysTotal = daysBetween(run.window_start, run.window_end);
  const endpoints = endpointNames.map((endpoint) => {
    const until = doneUntil.get(endpoint);
    return {
      endpoint,
      days_done: until ? Math.min(daysTotal, daysBetween(run.window_start, until)) : 0,
    };
  });
  return {
    days_total: daysTotal,
    endpoints,
    done: endpoints.reduce((sum, e) => sum + e.days_done, 0),
    total: daysTotal * endpoints.length,
  };
}
