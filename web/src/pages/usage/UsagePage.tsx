/**
 * The usage explorer: records and their totals for a filter kept in the URL, sorted and paged
 * by the server, each record with its confidence and the story of its cost, and the same
 * filter as a CSV download.
 */
import { useRef, useState } from "react";
import { useSearchParams } from "react-router";
import type { UsageSort } from "../../../../src/services/usage-list.ts";
import { ApiError, apiUrl } from "../../api/client.ts";
import { Empty, ErrorMessage, Loading } from "../../ui/states.tsx";
import { usePageTitle } from "../../ui/usePageTitle.ts";
import { FiltersForm } from "./FiltersForm.tsx";
import {
  apiFilters,
  DEFAULT_GROUPING,
  dateRangeError,
  EMPTY_FILTERS,
  type ExplorerState,
  FILTER_KEYS,
  hasFilters,
  readState,
  writeState,
} from "./filters.ts";
import { Pager } from "./Pager.tsx";
import { useAccounts, useCatalog, useRecords } from "./queries.ts";
import { RecordsTable } from "./RecordsTable.tsx";
import { Totals } from "./Totals.tsx";
import "./usage.css";

const SORT_WORDS: Record<UsageSort, string> = {
  "-timestamp": "newest first",
  timestamp: "oldest first",
  "-total_cost": "most expensive first, unpriced last",
  total_cost: "cheapest first, unpriced last",
  "-total_tokens": "most tokens first",
  total_tokens: "fewest tokens first",
};

export function UsagePage() {
  usePageTitle("Usage");
  const [params, setParams] = useSearchParams();
  const state = readState(params);
  // Built on the address as it is now, not as it was at this render: two quick changes (clear
  // the filters, then pick a page size) must not bring back what the first one removed.
  const update = (change: Partial<ExplorerState>) =>
    setParams(writeState({ ...readState(new URLSearchParams(window.location.search)), ...change }));

  // Cursors of the pages before this one; a new filter, sort or page size starts again.
  const listKey = writeState({ ...state, grouping: DEFAULT_GROUPING }).toString();
  const [pages, setPages] = useState<{ key: string; cursors: string[] }>({
    key: listKey,
    cursors: [],
  });
  const cursors = pages.key === listKey ? pages.cursors : [];
  const recordsHeading = useRef<HTMLHeadingElement>(null);

  const rangeProblem = dateRangeError(state.filters);
  const accounts = useAccounts();
  const catalog = useCatalog();
  const records = useRecords(
    state.filters,
    state.sort,
    state.pageSize,
    cursors.at(-1),
    rangeProblem === undefined,
  );
  const accountsById = new Map((accounts.data ?? []).map((a) => [a.id, a]));
  const filtered = hasFilters(state.filters);
  const firstPageEmpty = records.data?.records.length === 0 && cursors.length === 0;
  const badRequest =
    records.error instanceof ApiError && records.error.status === 400 ? records.error : null;

  const goTo = (next: string[]) => {
    setPages({ key: listKey, cursors: next });
    const heading = recordsHeading.current;
    if (heading && heading.getBoundingClientRect().top < 0) heading.scrollIntoView();
  };
  const clearFilters = () => update({ filters: EMPTY_FILTERS });
  const exportHref = apiUrl("export/records", {
    format: "csv",
    ...apiFilters(state.filters),
    sort: state.sort,
  });

  return (
    <section className="usage-page">
      <h1>Usage</h1>
      <p className="muted usage-intro">
        Every record in the ledger and its totals. Dates are UTC days; times show in your time zone
        (UTC on hover).
      </p>
      <FiltersForm
        key={FILTER_KEYS.map((k) => state.filters[k]).join("\u0000")}
        applied={state.filters}
        accounts={accounts.data}
        serverError={badRequest}
        onApply={(filters) => update({ filters })}
        onClear={clearFilters}
      />
      {accounts.isError && <ErrorMessage error={accounts.error} action="load the accounts" />}
      {rangeProblem && (
        <div className="state error" role="alert">
          The date range is empty: “To” {rangeProblem}.
        </div>
      )}
      {!rangeProblem && !firstPageEmpty && (
        <Totals
          filters={state.filters}
          grouping={state.grouping}
          onGrouping={(grouping) => update({ grouping })}
          accounts={accountsById}
        />
      )}
      {!rangeProblem && (
        <section className="panel" aria-labelledby="usage-records-title">
          <div className="row usage-panel-head">
            <h2 id="usage-records-title" ref={recordsHeading}>
              Records <span className="muted usage-sort-words">{SORT_WORDS[state.sort]}</span>
            </h2>
            <span className="spacer" />
            {!firstPageEmpty && (
              <a className="usage-button-link" href={exportHref} download>
                Export CSV
              </a>
            )}
          </div>
          {records.isPending && <Loading what="records" />}
          {records.isError && <ErrorMessage error={records.error} action="load the records" />}
          {firstPageEmpty && (
            <Empty>
              {filtered ? (
                <>
                  <p>No usage matches these filters.</p>
                  <button type="button" onClick={clearFilters}>
                    Clear filters
                  </button>
                </>
              ) : (
                <p>
                  No usage is recorded yet. Records arrive from official syncs, the capture proxy,
                  the ingest API, CSV import and manual entries.
                </p>
              )}
            </Empty>
          )}
          {records.data && !firstPageEmpty && (
            <>
              <RecordsTable
                records={records.data.records}
                accounts={accountsById}
                catalog={catalog.data}
                sort={state.sort}
                onSort={(sort) => update({ sort })}
                busy={records.isFetching}
              />
              <Pager
                page={cursors.length}
                pageSize={state.pageSize}
                shown={records.data.records.length}
                hasNext={records.data.next_cursor !== null && !records.isPlaceholderData}
                busy={records.isFetching}
                onPrevious={() => goTo(cursors.slice(0, -1))}
                onNext={() => {
                  const next = records.data?.next_cursor;
                  if (next) goTo([...cursors, next]);
                }}
                onPageSize={(pageSize) => update({ pageSize })}
              />
            </>
          )}
        </section>
      )}
    </section>
  );
}
