import { formatDateTime, formatDay, utcTitle } from "./format.ts";

/** A timestamp in the browser's time zone, UTC on hover. */
export function DateTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={utcTitle(iso)}>
      {formatDateTime(iso)}
    </time>
  );
}

/** A ledger day: a UTC calendar day, shown as that day everywhere. */
export function Day({ day }: { day: string }) {
  return (
    <time dateTime={day} title={`${day} (UTC day)`}>
      {formatDay(day)}
    </time>
  );
}
