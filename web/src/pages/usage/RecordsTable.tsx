/** One page of records: sortable columns, each row's badge and cost story, details on demand. */
import { Fragment, useState } from "react";
import type { ListedPrice } from "../../../../src/pricing/quote.ts";
import type { AccountView } from "../../../../src/services/accounts.ts";
import type { UsageSort } from "../../../../src/services/usage-list.ts";
import type { UsageRecordWire } from "../../api/types.ts";
import { ConfidenceBadge } from "../../ui/ConfidenceBadge.tsx";
import { DateTime, Day } from "../../ui/DateTime.tsx";
import { formatMonth } from "../../ui/format.ts";
import { Money } from "../../ui/Money.tsx";
import { explainCost } from "./costExplanation.ts";
import { isDescending, nextSort, type SortField, sortField } from "./filters.ts";
import { RecordDetails } from "./RecordDetails.tsx";
import { compactCount, exactCount, providerName } from "./words.ts";

const COLUMNS = 9;

/**
 * When a record happened: a request or an hour at its local time; a day or month bucket as the
 * UTC ledger day or month it covers, which a local time would shift.
 */
function When({ record }: { record: UsageRecordWire }) {
  if (record.bucket === "1d") return <Day day={record.date} />;
  if (record.bucket === "month") {
    return (
      <time dateTime={record.date.slice(0, 7)} title={`${record.date.slice(0, 7)} (UTC month)`}>
        {formatMonth(record.date)}
      </time>
    );
  }
  return <DateTime iso={record.timestamp} />;
}

function SortHeader({
  field,
  label,
  sort,
  onSort,
  numeric,
}: {
  field: SortField;
  label: string;
  sort: UsageSort;
  onSort: (sort: UsageSort) => void;
  numeric?: boolean;
}) {
  const active = sortField(sort) === field;
  const direction = active ? (isDescending(sort) ? "descending" : "ascending") : "none";
  const next = nextSort(sort, field);
  return (
    <th scope="col" aria-sort={direction} className={numeric ? "num" : undefined}>
      <button
        type="button"
        className="sort"
        onClick={() => onSort(next)}
        title={`Sort by ${label.toLowerCase()}, ${isDescending(next) ? "largest or newest first" : "smallest or oldest first"}`}
      >
        {label}
        <span aria-hidden="true" className="usage-sort-mark">
          {active ? (isDescending(sort) ? " ▼" : " ▲") : " ↕"}
        </span>
      </button>
    </th>
  );
}

export function RecordsTable({
  records,
  accounts,
  catalog,
  sort,
  onSort,
  busy,
}: {
  records: UsageRecordWire[];
  accounts: Map<string, AccountView>;
  catalog: Map<string, ListedPrice> | undefined;
  sort: UsageSort;
  onSort: (sort: UsageSort) => void;
  busy: boolean;
}) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <div className="table-wrap">
      <table className="usage-table" aria-busy={busy} aria-label="Usage records">
        <thead>
          <tr>
            <SortHeader field="timestamp" label="Time" sort={sort} onSort={onSort} />
            <th scope="col">Provider</th>
            <th scope="col">Account</th>
            <th scope="col">Model</th>
            <th scope="col">Project</th>
            <SortHeader field="total_tokens" label="Tokens" sort={sort} onSort={onSort} numeric />
            <SortHeader field="total_cost" label="Cost" sort={sort} onSort={onSort} numeric />
            <th scope="col">Confidence</th>
            <th scope="col">
              <span className="visually-hidden">Details</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => {
            const explanation = explainCost(record, catalog);
            const account = accounts.get(record.account_id);
            const expanded = open.has(record.id);
            const detailsId = `usage-details-${record.id}`;
            return (
              <Fragment key={record.id}>
                <tr className={expanded ? "usage-row-open" : undefined}>
                  <td className="usage-nowrap">
                    <When record={record} />
                  </td>
                  <td className="usage-nowrap">{providerName(record.provider)}</td>
                  <td className="usage-nowrap">
                    {account ? account.name : <code>{record.account_id}</code>}
                  </td>
                  <td>{record.model ?? <span className="muted">no model</span>}</td>
                  <td>{record.project ?? <span className="muted">—</span>}</td>
                  <td
                    className="num usage-nowrap"
                    title={`${exactCount(record.prompt_tokens)} in + ${exactCount(record.completion_tokens)} out = ${exactCount(record.total_tokens)} tokens`}
                  >
                    {compactCount(record.total_tokens)}
                    <div className="usage-sub">
                      {compactCount(record.prompt_tokens)} in ·{" "}
                      {compactCount(record.completion_tokens)} out
                    </div>
                  </td>
                  <td className="num">
                    <Money amount={record.total_cost} />
                    <div
                      className={`usage-sub ${explanation.unpriced ? "usage-sub-bad" : ""}`}
                      title={explanation.sentence}
                    >
                      {explanation.short}
                    </div>
                  </td>
                  <td>
                    <ConfidenceBadge level={record.confidence} />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="usage-toggle"
                      aria-expanded={expanded}
                      aria-controls={expanded ? detailsId : undefined}
                      onClick={() => toggle(record.id)}
                    >
                      {expanded ? "Hide" : "Details"}
                      <span className="visually-hidden">
                        {" "}
                        for {record.model ?? "the record"} at {record.timestamp}
                      </span>
                    </button>
                  </td>
                </tr>
                {expanded && (
                  <tr id={detailsId} className="usage-details-row">
                    <td colSpan={COLUMNS}>
                      <RecordDetails record={record} explanation={explanation} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
