/**
 * Totals for the current filters from `/reports/summary`, grouped by one dimension, with the
 * grand total. Every number is the server's exact sum: nothing is added up in the browser.
 */
import type { ReactNode } from "react";
import { CONFIDENCE, type Confidence } from "../../../../src/core/enums.ts";
import type { AccountView } from "../../../../src/services/accounts.ts";
import type { Summary, SummaryGroup } from "../../../../src/services/reports.ts";
import { ConfidenceBadge } from "../../ui/ConfidenceBadge.tsx";
import { Day } from "../../ui/DateTime.tsx";
import { Field } from "../../ui/Field.tsx";
import { formatMonth, toNanos } from "../../ui/format.ts";
import { Money } from "../../ui/Money.tsx";
import { ErrorMessage, Loading } from "../../ui/states.tsx";
import { GROUPINGS, type Grouping, type UsageFilters } from "./filters.ts";
import { useSummary } from "./queries.ts";
import { compactCount, exactCount, providerName } from "./words.ts";

function isConfidence(value: unknown): value is Confidence {
  return (CONFIDENCE as readonly unknown[]).includes(value);
}

function groupLabel(
  grouping: Grouping,
  group: SummaryGroup,
  accounts: Map<string, AccountView>,
): ReactNode {
  const value = group[grouping];
  const key = value === null || value === undefined ? null : String(value);
  switch (grouping) {
    case "provider":
      return key === null ? "—" : providerName(key);
    case "account_id":
      return key === null ? "—" : (accounts.get(key)?.name ?? <code>{key}</code>);
    case "model":
      return key ?? <span className="muted">No model</span>;
    case "project":
      return key ?? <span className="muted">No project</span>;
    case "confidence":
      return isConfidence(key) ? <ConfidenceBadge level={key} /> : "—";
    case "date":
      return key === null ? "—" : <Day day={key} />;
    case "month":
      return key === null ? "—" : formatMonth(key);
    default:
      return grouping satisfies never;
  }
}

/** Days and months in time order (as the server sends them); anything else largest cost first. */
function ordered(groups: SummaryGroup[], grouping: Grouping): SummaryGroup[] {
  if (grouping === "date" || grouping === "month") return groups;
  const cost = (group: SummaryGroup) => toNanos(String(group.total_cost));
  return [...groups].sort((a, b) => {
    const difference = cost(b) - cost(a);
    return difference > 0n ? 1 : difference < 0n ? -1 : 0;
  });
}

/** A count field of a summary group (absent when nothing matched). */
function count(group: SummaryGroup | undefined, field: string): number {
  return Number(group?.[field] ?? 0);
}

function Tokens({ value }: { value: number }) {
  return <span title={`${exactCount(value)} tokens`}>{compactCount(value)}</span>;
}

function PeriodConfidence({ summary }: { summary: Summary }) {
  const { level, label, shares } = summary.confidence;
  if (isConfidence(level)) return <ConfidenceBadge level={level} />;
  if (level === "none") return <span className="muted">{label}</span>;
  return (
    <>
      <span className="badge badge-neutral">{label}</span>
      <ul className="usage-shares">
        {shares.map((share) => (
          <li key={share.confidence}>
            {share.label}: <Money amount={share.total_cost} />
          </li>
        ))}
      </ul>
    </>
  );
}

export function Totals({
  filters,
  grouping,
  onGrouping,
  accounts,
}: {
  filters: UsageFilters;
  grouping: Grouping;
  onGrouping: (grouping: Grouping) => void;
  accounts: Map<string, AccountView>;
}) {
  const grouped = useSummary(filters, grouping, true);
  const grand = useSummary(filters, null, true);
  const groupName = GROUPINGS.find((g) => g.value === grouping)?.label ?? grouping;
  const total = grand.data;
  const totals = total?.groups[0];
  return (
    <section className="panel" aria-labelledby="usage-totals-title">
      <h2 id="usage-totals-title">Totals for these filters</h2>
      {grand.isError && <ErrorMessage error={grand.error} action="load the totals" />}
      {grand.isPending && <Loading what="totals" />}
      {total && (
        <dl className="grid grid-4 usage-stats">
          <div className="stat">
            <dt className="label">Total cost</dt>
            <dd className="value">
              <Money amount={total.total_cost} />
            </dd>
            {total.unpriced_records > 0 && (
              <dd className="sub usage-unpriced-note">
                plus {exactCount(total.unpriced_records)} unpriced record
                {total.unpriced_records === 1 ? "" : "s"} of unknown cost
              </dd>
            )}
          </div>
          <div className="stat">
            <dt className="label">Records counted</dt>
            <dd className="value">{exactCount(total.records)}</dd>
          </div>
          <div className="stat">
            <dt className="label">Tokens</dt>
            <dd className="value">
              <Tokens value={count(totals, "total_tokens")} />
            </dd>
            <dd className="sub">
              <Tokens value={count(totals, "prompt_tokens")} /> in ·{" "}
              <Tokens value={count(totals, "completion_tokens")} /> out
            </dd>
          </div>
          <div className="stat">
            <dt className="label">Confidence</dt>
            <dd className="value usage-confidence">
              <PeriodConfidence summary={total} />
            </dd>
          </div>
        </dl>
      )}
      <p className="muted usage-hint">
        Every dollar is counted once: estimates that official data or a reconciliation replaced stay
        listed below but are not added here.
      </p>
      <div className="usage-group-by">
        <Field label="Group by">
          {(props) => (
            <select
              {...props}
              value={grouping}
              onChange={(e) => onGrouping(e.target.value as Grouping)}
            >
              {GROUPINGS.map((g) => (
                <option key={g.value} value={g.value}>
                  {g.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {grouped.isError && <ErrorMessage error={grouped.error} action={`group by ${groupName}`} />}
      {grouped.isPending && <Loading what={`totals by ${groupName.toLowerCase()}`} />}
      {grouped.data && total && (
        <div className="table-wrap">
          <table aria-label={`Totals by ${groupName.toLowerCase()}`} aria-busy={grouped.isFetching}>
            <thead>
              <tr>
                <th scope="col">{groupName}</th>
                <th scope="col" className="num">
                  Records
                </th>
                <th scope="col" className="num">
                  Tokens
                </th>
                <th scope="col" className="num">
                  Cost
                </th>
                <th scope="col" className="num">
                  Unpriced
                </th>
              </tr>
            </thead>
            <tbody>
              {ordered(grouped.data.groups, grouping).map((group) => (
                <tr key={String(group[grouping] ?? "")}>
                  <th scope="row">{groupLabel(grouping, group, accounts)}</th>
                  <td className="num">{exactCount(count(group, "records"))}</td>
                  <td className="num">
                    <Tokens value={count(group, "total_tokens")} />
                  </td>
                  <td className="num">
                    <Money amount={String(group.total_cost)} />
                  </td>
                  <td className="num">
                    {count(group, "unpriced_records") > 0 ? (
                      <span className="usage-sub-bad">
                        {exactCount(count(group, "unpriced_records"))}
                      </span>
                    ) : (
                      <span className="muted">0</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td className="num">{exactCount(total.records)}</td>
                <td className="num">
                  <Tokens value={count(totals, "total_tokens")} />
                </td>
                <td className="num">
                  <Money amount={total.total_cost} />
                </td>
                <td className="num">{exactCount(total.unpriced_records)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}
