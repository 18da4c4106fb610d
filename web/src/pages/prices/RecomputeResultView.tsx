import { useId } from "react";
import { formatCount } from "../../ui/format.ts";
import { Money } from "../../ui/Money.tsx";
import type { AccountView, RecomputeResult } from "./api.ts";
import { plural } from "./format.ts";
import { SignedMoney } from "./SignedMoney.tsx";

/** What a recompute would change (dry run) or changed (applied): counts, totals, per model. */
export function RecomputeResultView({
  result,
  accounts,
}: {
  result: RecomputeResult;
  accounts: AccountView[] | undefined;
}) {
  const noteId = useId();
  const names = new Map((accounts ?? []).map((a) => [a.id, a.name]));
  const unpricedBefore = result.groups.reduce((n, g) => n + g.unpriced_before, 0);
  const unpricedAfter = result.groups.reduce((n, g) => n + g.unpriced_after, 0);
  const priced = result.groups.reduce((n, g) => n + g.records, 0);
  const shown = result.groups.filter((g) => g.changed > 0 || g.unpriced_after > 0);
  const hidden = result.groups.length - shown.length;
  const verb = result.applied ? "Repriced" : "Would reprice";
  return (
    <section
      className="recompute-result"
      aria-label={result.applied ? "Recompute applied" : "Dry run result"}
    >
      <div className="grid grid-4 result-stats">
        <div className="stat">
          <div className="label">{verb}</div>
          <div className="value" data-testid="records-changed">
            {formatCount(result.records_changed)}
          </div>
          <div className="sub">
            of {formatCount(result.records_examined)} table-priced{" "}
            {plural(result.records_examined, "record")}
          </div>
        </div>
        <div className="stat">
          <div className="label">Unpriced records</div>
          <div className="value">
            {formatCount(unpricedBefore)} → {formatCount(unpricedAfter)}
          </div>
          <div className="sub">before → after</div>
        </div>
        <div className="stat">
          <div className="label">Total before → after</div>
          <div className="value totals">
            <PartialTotal
              amount={result.old_total}
              unpriced={unpricedBefore}
              records={priced}
              bare
            />{" "}
            →{" "}
            <PartialTotal
              amount={result.new_total}
              unpriced={unpricedAfter}
              records={priced}
              bare
            />
          </div>
          <div className="sub">
            {unpricedBefore + unpricedAfter > 0
              ? "priced records only: unpriced ones add nothing"
              : "priced records only"}
          </div>
        </div>
        <div className="stat">
          <div className="label">Difference</div>
          <div className="value">
            <SignedMoney amount={result.difference} />
          </div>
          <div className="sub">exactly {result.difference} USD</div>
        </div>
      </div>
      {shown.length > 0 && (
        <>
          <p className="table-note" id={noteId}>
            Per account and model
            {hidden > 0
              ? `; ${formatCount(hidden)} unchanged ${plural(hidden, "group")} not shown`
              : ""}
            .
          </p>
          <div className="table-wrap">
            <table aria-describedby={noteId}>
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Model</th>
                  <th scope="col" className="num">
                    Records
                  </th>
                  <th scope="col" className="num">
                    {result.applied ? "Changed" : "Would change"}
                  </th>
                  <th scope="col" className="num">
                    Unpriced before → after
                  </th>
                  <th scope="col" className="num">
                    Before
                  </th>
                  <th scope="col" className="num">
                    After
                  </th>
                  <th scope="col" className="num">
                    Difference
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((g) => (
                  <tr key={`${g.account_id}/${g.model ?? ""}`}>
                    <td>{names.get(g.account_id) ?? g.account_id}</td>
                    <td>
                      {g.model ? <code>{g.model}</code> : <span className="muted">(no model)</span>}
                    </td>
                    <td className="num">{formatCount(g.records)}</td>
                    <td className="num">{formatCount(g.changed)}</td>
                    <td className="num">
                      {formatCount(g.unpriced_before)} → {formatCount(g.unpriced_after)}
                    </td>
                    <td className="num">
                      <PartialTotal
                        amount={g.old_total}
                        unpriced={g.unpriced_before}
                        records={g.records}
                      />
                    </td>
                    <td className="num">
                      <PartialTotal
                        amount={g.new_total}
                        unpriced={g.unpriced_after}
                        records={g.records}
                      />
                    </td>
                    <td className="num">
                      <SignedMoney amount={g.difference} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** A total of priced records; "unpriced" when no record had a price, never a misleading $0.00. */
function PartialTotal({
  amount,
  unpriced,
  records,
  bare = false,
}: {
  amount: string;
  unpriced: number;
  records: number;
  /** Leave out the "+ N unpriced" line (the caller says it in words). */
  bare?: boolean;
}) {
  if (records > 0 && unpriced === records) return <Money amount={null} />;
  return (
    <>
      <Money amount={amount} />
      {unpriced > 0 && !bare && (
        <div className="muted small-text">+ {formatCount(unpriced)} unpriced</div>
      )}
    </>
  );
}
