import { DateTime, Day } from "../../ui/DateTime.tsx";
import { Money } from "../../ui/Money.tsx";
import type { CreditView } from "./queries.ts";

/** Purchases and top-ups, newest first. */
export function CreditHistory({ credits }: { credits: readonly CreditView[] }) {
  const rows = [...credits].reverse();
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Kind</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">Note</th>
            <th scope="col">Recorded</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((credit) => (
            <tr key={credit.id}>
              <td className="nowrap">
                <Day day={credit.date} />
              </td>
              <td>{credit.kind === "top_up" ? "Top-up" : "Purchase"}</td>
              <td className="num">
                <Money amount={credit.amount} />
              </td>
              <td>{credit.note ?? <span className="muted">—</span>}</td>
              <td className="nowrap muted">
                <DateTime iso={credit.created_at} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
