/** The account's sync state in plain words, and "Sync now" with its live progress and result. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { api } from "../../api/client.ts";
import { DateTime } from "../../ui/DateTime.tsx";
import { accountPath, accountsQuery, syncRunsQuery } from "./queries.ts";
import { SyncProgress } from "./SyncProgress.tsx";
import { SyncResult } from "./SyncResult.tsx";
import { NextRun, ScheduleWords } from "./SyncState.tsx";
import type { AccountView, SyncSummary } from "./types.ts";
import { syncErrorWords } from "./words.ts";

/** How often the run's progress is read while a sync is in flight. */
const POLL_MS = 500;

export function SyncPanel({ account }: { account: AccountView }) {
  const queryClient = useQueryClient();
  const sync = useMutation({
    mutationFn: () =>
      api<SyncSummary>(accountPath(account.id, "/sync"), { method: "POST", body: {} }),
    // New records change every report; refresh whatever this page and others have cached.
    onSettled: () => queryClient.invalidateQueries(),
  });
  const runs = useQuery({
    ...syncRunsQuery(account.id),
    refetchInterval: sync.isPending ? POLL_MS : false,
  });
  // The account's own status (last attempt) changes as the sync starts; keep it current too.
  useQuery({ ...accountsQuery, refetchInterval: sync.isPending ? POLL_MS * 4 : false });
  /** Runs that existed before "Sync now": the new one is the run not among them. */
  const known = useRef<Set<string>>(new Set());
  const current = sync.isPending
    ? runs.data?.find((run) => run.outcome === "running" && !known.current.has(run.id))
    : undefined;
  const status = account.sync;

  function start() {
    known.current = new Set(runs.data?.map((run) => run.id));
    sync.mutate();
  }

  return (
    <section className="panel" aria-labelledby="sync-heading">
      <h2 id="sync-heading">Sync</h2>
      <dl className="facts">
        <div>
          <dt>Last successful sync</dt>
          <dd>{status?.last_success_at ? <DateTime iso={status.last_success_at} /> : "Never"}</dd>
        </div>
        <div>
          <dt>Last attempt</dt>
          <dd>{status?.last_run_at ? <DateTime iso={status.last_run_at} /> : "Never"}</dd>
        </div>
        <div>
          <dt>Next scheduled sync</dt>
          <dd>
            <NextRun account={account} />
          </dd>
        </div>
        <div>
          <dt>Schedule</dt>
          <dd>
            <ScheduleWords account={account} />
          </dd>
        </div>
      </dl>
      {status?.paused_reason && (
        <p className="notice notice-error">
          <strong>Scheduled syncs are paused</strong> because the provider rejected the admin key.
          Replace the key under Settings below; syncing resumes by itself.{" "}
          <small className="provider-message">Recorded reason: {status.paused_reason}</small>
        </p>
      )}
      {status?.last_error_class && !status.paused_reason && (
        <p className="notice notice-warn">
          <strong>The last sync failed: {syncErrorWords(status.last_error_class)}.</strong>
          {status.last_error_message && (
            <>
              {" "}
              <span className="provider-message">
                The provider said: {status.last_error_message}
              </span>
            </>
          )}
        </p>
      )}
      <div className="row sync-actions">
        <button
          type="button"
          className="primary"
          onClick={start}
          disabled={sync.isPending || !account.credentials}
        >
          {sync.isPending ? "Syncing…" : "Sync now"}
        </button>
        {!account.credentials && (
          <span className="muted">Add an admin key under Settings to sync this account.</span>
        )}
        {account.credentials && !sync.isPending && (
          <span className="muted">
            Pulls official usage and cost from a few days before the last success through today (the
            last 30 days on a first sync).
          </span>
        )}
      </div>
      {sync.isPending && <SyncProgress run={current} />}
      {sync.isSuccess && <SyncResult summary={sync.data} />}
      {sync.isError && <SyncResult error={sync.error} />}
    </section>
  );
}
