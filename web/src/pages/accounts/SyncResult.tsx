/** How a "Sync now" ended, in words: records new / changed / unchanged, or the error. */
import { ApiError } from "../../api/client.ts";
import { Day } from "../../ui/DateTime.tsx";
import { formatCount } from "../../ui/format.ts";
import { lastDayOf } from "./dates.ts";
import type { SyncSummary } from "./types.ts";
import { endpointWords, syncErrorWords } from "./words.ts";

export function SyncResult(props: { summary: SyncSummary } | { error: unknown }) {
  if ("error" in props) {
    return (
      <p className="notice notice-error" role="alert">
        <strong>The sync failed: {failureWords(props.error)}</strong>
        {props.error instanceof Error && (
          <>
            {" "}
            <span className="provider-message">({props.error.message})</span>
          </>
        )}
      </p>
    );
  }
  const s = props.summary;
  return (
    <p className="notice notice-ok" role="status">
      <strong>Sync finished</strong> for <Day day={s.from} /> – <Day day={lastDayOf(s.to)} />:{" "}
      {s.records === 0 ? (
        "the provider reported no usage or cost for these days."
      ) : (
        <>
          {formatCount(s.records)} records fetched — {formatCount(s.inserted)} new,{" "}
          {formatCount(s.updated)} changed, {formatCount(s.unchanged)} unchanged.
        </>
      )}
      {s.resumed.length > 0 &&
        ` It continued where an interrupted sync of the ${s.resumed.map(endpointWords).join(" and ")} stopped.`}
    </p>
  );
}

function failureWords(error: unknown): string {
  if (error instanceof ApiError && error.code.startsWith("provider_"))
    return `${syncErrorWords(error.code.slice("provider_".length))}.`;
  if (error instanceof ApiError && error.code === "validation_error")
    return "the account is not ready to sync.";
  if (error instanceof ApiError && error.status === 0) return "the server could not be reached.";
  return "something went wrong.";
}
