/** An account's sync state in words: a short badge for lists, the next run, the schedule. */
import { DateTime } from "../../ui/DateTime.tsx";
import type { AccountView } from "./types.ts";
import { collectionOf, hasAdminApi, syncErrorWords } from "./words.ts";

type State = "synced" | "failing" | "paused" | "no-key" | "never" | "captured" | "manual";

export function syncState(account: AccountView): State {
  const collection = collectionOf(account.provider);
  if (collection === "capture") return "captured";
  if (collection === "manual") return "manual";
  if (!account.credentials) return "no-key";
  if (account.sync?.paused_reason) return "paused";
  if (account.sync?.last_error_class) return "failing";
  if (account.sync?.last_success_at) return "synced";
  return "never";
}

const BADGES: Record<State, { label: string; className: string }> = {
  synced: { label: "Synced", className: "badge-ok" },
  failing: { label: "Last sync failed", className: "badge-bad" },
  paused: { label: "Paused", className: "badge-bad" },
  "no-key": { label: "No admin key", className: "badge-warn" },
  never: { label: "Not synced yet", className: "badge-neutral" },
  captured: { label: "Captured", className: "badge-neutral" },
  manual: { label: "Manual", className: "badge-neutral" },
};

/** The badge and one line of detail, for the accounts table. */
export function SyncStateSummary({ account }: { account: AccountView }) {
  const state = syncState(account);
  const badge = BADGES[state];
  return (
    <div className="sync-state">
      <span className={`badge ${badge.className}`}>{badge.label}</span>
      <StateDetail account={account} state={state} />
    </div>
  );
}

function StateDetail({ account, state }: { account: AccountView; state: State }) {
  const sync = account.sync;
  if (state === "synced" && sync?.last_success_at)
    return (
      <small className="muted">
        Last success <DateTime iso={sync.last_success_at} />
      </small>
    );
  if (state === "failing" && sync?.last_error_class)
    return <small className="state-problem">{syncErrorWords(sync.last_error_class)}.</small>;
  if (state === "paused")
    return (
      <small className="state-problem">
        The admin key was rejected — replace it to resume syncing.
      </small>
    );
  if (state === "no-key") return <small className="muted">Add an admin key to sync.</small>;
  if (state === "captured" || state === "manual")
    return <small className="muted">Nothing to sync.</small>;
  return null;
}

/** When the scheduler runs this account's sync next, following the scheduler's own rule. */
export function NextRun({ account }: { account: AccountView }) {
  if (!hasAdminApi(account.provider)) return <>No scheduled sync: nothing to pull.</>;
  if (!account.credentials) return <>Not scheduled — add an admin key first.</>;
  if (account.sync?.paused_reason) return <>Paused until the admin key is replaced.</>;
  const next = account.sync?.next_run_at;
  if (!next || Date.parse(next) <= Date.now())
    return (
      <span title="The server's scheduler looks for due accounts every minute">
        Due now (starts within a minute)
      </span>
    );
  return <DateTime iso={next} />;
}

export function ScheduleWords({ account }: { account: AccountView }) {
  if (!account.sync_schedule) return <>Every hour (the default)</>;
  return (
    <>
      <code>{account.sync_schedule}</code> (cron, UTC)
    </>
  );
}
