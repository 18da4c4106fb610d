/** A running sync's progress: days stored per report of its window, and records so far. */
import { formatCount } from "../../ui/format.ts";
import type { SyncRunView } from "./types.ts";
import { endpointWords } from "./words.ts";

export function SyncProgress({ run }: { run: SyncRunView | undefined }) {
  const progress = run?.progress;
  const determinate = progress && progress.total > 0;
  return (
    <div className="sync-progress">
      {determinate ? (
        <progress
          aria-label="Sync progress"
          max={progress.total}
          value={progress.done}
          aria-valuetext={`${Math.floor((progress.done * 100) / progress.total)}%`}
        />
      ) : (
        <progress aria-label="Sync progress" />
      )}
      <p role="status" aria-live="polite" className="progress-words">
        {!run || !progress ? (
          "Starting the sync…"
        ) : (
          <>
            Fetched{" "}
            {progress.endpoints
              .map(
                (e) =>
                  `${formatCount(e.days_done)} of ${formatCount(progress.days_total)} days of the ${endpointWords(e.endpoint)}`,
              )
              .join(" and ")}
            . {formatCount(run.records)} records fetched so far: {formatCount(run.inserted)} new,{" "}
            {formatCount(run.updated)} changed, {formatCount(run.unchanged)} unchanged.
          </>
        )}
      </p>
    </div>
  );
}
