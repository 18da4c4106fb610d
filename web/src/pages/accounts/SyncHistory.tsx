/** The account's last 50 sync runs, newest first. */
import { useQuery } from "@tanstack/react-query";
import { DateTime, Day } from "../../ui/DateTime.tsx";
import { formatCount } from "../../ui/format.ts";
import { Empty, ErrorMessage, Loading } from "../../ui/states.tsx";
import { lastDayOf } from "./dates.ts";
import { syncRunsQuery } from "./queries.ts";
import type { SyncRunView } from "./types.ts";
import { syncErrorWords, triggerWords } from "./words.ts";

export function SyncHistory({ accountId }: { accountId: string }) {
  const runs = useQuery(syncRunsQuery(accountId));
  return (
    <section className="panel" aria-labelledby="history-heading">
      <h2 id="history-heading">Sync history</h2>
      {runs.isPending ? (
        <Loading what="sync history" />
      ) : runs.isError ? (
        <ErrorMessage error={runs.error} action="load the sync history" />
      ) : runs.data.length === 0 ? (
        <Empty>No syncs yet. “Sync now” runs the first one; the schedule runs the rest.</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Started by</th>
                <th scope="col">Days</th>
                <th scope="col">Outcome</th>
                <th scope="col" className="num">
                  Fetched
                </th>
                <th scope="col" className="num">
                  New
                </th>
                <th scope="col" className="num">
                  Changed
                </th>
                <th scope="col" className="num">
                  Unchanged
                </th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map((run) => (
                <tr key={run.id}>
                  <td className="nowrap">
                    <DateTime iso={run.started_at} />
                  </td>
                  <td>{triggerWords(run.trigger)}</td>
                  <td className="nowrap">
                    <Day day={run.window_start} /> – <Day day={lastDayOf(run.window_end)} />
                  </td>
                  <td>
                    <Outcome run={run} />
                  </td>
                  <td className="num">{formatCount(run.records)}</td>
                  <td className="num">{formatCount(run.inserted)}</td>
                  <td className="num">{formatCount(run.updated)}</td>
                  <td className="num">{formatCount(run.unchanged)}</td>
                  <td className="problem">
                    {run.error_class ? (
                      <>
                        {syncErrorWords(run.error_class)}.
                        {run.error_message && (
                          <small className="provider-message"> {run.error_message}</small>
                        )}
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Outcome({ run }: { run: SyncRunView }) {
  if (run.outcome === "success") return <span className="badge badge-ok">Succeeded</span>;
  if (run.outcome === "failed") return <span className="badge badge-bad">Failed</span>;
  return (
    <span className="badge badge-running" title="Still running, or stopped without finishing">
      Running
    </span>
  );
}
