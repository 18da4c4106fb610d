import { CONFIDENCE_ORDER, type Overview } from "../../api/types.ts";
import { ConfidenceBadge } from "../../ui/ConfidenceBadge.tsx";
import { formatCount, formatShare } from "../../ui/format.ts";
import { Money } from "../../ui/Money.tsx";

/** Month-to-date totals per confidence level: how sure we are of each dollar. */
export function ConfidenceSplit({ overview }: { overview: Overview }) {
  const totals = new Map(overview.by_confidence.totals.map((t) => [t.confidence, t]));
  const shares = new Map(overview.by_confidence.shares.map((s) => [s.confidence, s.share]));
  return (
    <section className="panel" aria-labelledby="confidence-title">
      <h2 id="confidence-title">How sure is this month's number?</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Confidence</th>
              <th scope="col" className="num">
                Spend
              </th>
              <th scope="col" className="num">
                Share
              </th>
              <th scope="col" className="num">
                Records
              </th>
            </tr>
          </thead>
          <tbody>
            {CONFIDENCE_ORDER.map((level) => {
              const total = totals.get(level);
              const share = shares.get(level);
              return (
                <tr key={level} data-confidence={level}>
                  <td>
                    <ConfidenceBadge level={level} />
                  </td>
                  <td className="num">
                    <Money amount={total?.total_cost ?? "0"} />
                  </td>
                  <td className="num">{share ? formatShare(share) : "—"}</td>
                  <td className="num">
                    {formatCount(total?.records ?? 0)}
                    {total && total.unpriced_records > 0 && (
                      <span className="muted">
                        {" "}
                        ({formatCount(total.unpriced_records)} unpriced)
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
