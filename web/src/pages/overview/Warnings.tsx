import { Link } from "react-router";
import type { Overview } from "../../api/types.ts";
import { DateTime } from "../../ui/DateTime.tsx";
import { formatCount } from "../../ui/format.ts";
import { providerName } from "../../ui/providers.ts";
import { syncErrorWords } from "../../ui/sync-errors.ts";

/** What needs a person's attention, each with a link to where it is fixed. */
export function Warnings({ overview }: { overview: Overview }) {
  const { unpriced_records: unpriced, sync_errors: syncErrors } = overview;
  if (unpriced === 0 && syncErrors.length === 0) return null;
  return (
    <section aria-label="Warnings" className="warnings">
      {unpriced > 0 && (
        <div className="notice notice-warn" role="status">
          <strong>
            {formatCount(unpriced)} {unpriced === 1 ? "record has" : "records have"} no price
          </strong>{" "}
          this month, so {unpriced === 1 ? "its" : "their"} cost is not in the totals below.{" "}
          <Link to="/prices#unpriced">See the unpriced models and add a price</Link>.
        </div>
      )}
      {syncErrors.map((error) => (
        <div className="notice notice-error" role="status" key={error.account_id}>
          <strong>
            Sync of the {providerName(error.provider)} account “{error.name}” is failing:{" "}
            {syncErrorWords(error.error_class)}.
          </strong>
          {error.since && (
            <>
              {" "}
              Failing since <DateTime iso={error.since} />.
            </>
          )}
          {error.paused_reason && <> Scheduled syncs are paused until the admin key is replaced.</>}{" "}
          <Link to={`/accounts?account=${encodeURIComponent(error.account_id)}`}>
            Fix it on the account
          </Link>
          .{error.message && <div className="muted small">Provider said: {error.message}</div>}
        </div>
      ))}
    </section>
  );
}
