import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { Day } from "../../ui/DateTime.tsx";
import { formatCount } from "../../ui/format.ts";
import { ErrorMessage, Loading } from "../../ui/states.tsx";
import { fetchUnpriced, KEYS, type UnpricedModel } from "./api.ts";
import { plural, providerName } from "./format.ts";

/** Models with records that have no price, how many, and what to do about them. */
export function UnpricedSection({
  onAddPrice,
  onRecompute,
}: {
  onAddPrice: (model: UnpricedModel) => void;
  onRecompute: (model: UnpricedModel) => void;
}) {
  const unpriced = useQuery({ queryKey: KEYS.unpriced, queryFn: fetchUnpriced });
  const total = unpriced.data?.total_records ?? 0;
  return (
    <section className="panel" aria-labelledby="unpriced-title" id="unpriced">
      <div className="row section-head">
        <h2 id="unpriced-title" tabIndex={-1}>
          Unpriced models
        </h2>
        {unpriced.data && total > 0 && (
          <span className="badge badge-bad">
            {formatCount(total)} unpriced {plural(total, "record")}
          </span>
        )}
      </div>
      {unpriced.isPending ? (
        <Loading what="unpriced models" />
      ) : unpriced.isError ? (
        <ErrorMessage error={unpriced.error} action="count the unpriced records" />
      ) : unpriced.data.models.length === 0 ? (
        <div className="notice notice-ok" role="status">
          Every record has a price: no model is unpriced.
        </div>
      ) : (
        <>
          <div className="notice notice-warn">
            <p>
              <strong>
                {formatCount(total)} {plural(total, "record has", "records have")} no price
              </strong>
              , so {plural(total, "its", "their")} cost is missing from every total (TokenLedger
              never counts an unknown price as $0).
            </p>
            <p>To fix it:</p>
            <ol>
              <li>
                <strong>Add an override price</strong> for the model on its account (a price you pay
                that the catalog lacks), <em>or</em> <strong>update the catalog</strong> (a new
                entry in <code>src/pricing/catalog/&lt;provider&gt;.json</code>, see
                docs/pricing.md) and restart the server.
              </li>
              <li>
                <strong>Recompute</strong> the days shown: run the dry run, check what would change,
                then apply it.
              </li>
            </ol>
          </div>
          <UnpricedTable
            models={unpriced.data.models}
            onAddPrice={onAddPrice}
            onRecompute={onRecompute}
          />
        </>
      )}
    </section>
  );
}

function UnpricedTable({
  models,
  onAddPrice,
  onRecompute,
}: {
  models: UnpricedModel[];
  onAddPrice: (model: UnpricedModel) => void;
  onRecompute: (model: UnpricedModel) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="unpriced-table cards-on-phone">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col" className="num">
              Unpriced records
            </th>
            <th
              scope="col"
              className="num"
              title="Records that count in totals; the others are estimates replaced by official data or a reconciliation"
            >
              In totals
            </th>
            <th scope="col">Days</th>
            <th scope="col">Accounts</th>
            <th scope="col">Fix</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => {
            const name = m.model ?? "(no model)";
            return (
              <tr key={`${m.provider}/${m.model ?? ""}`}>
                <th scope="row">
                  <code>{name}</code>
                  <div className="muted small-text">{providerName(m.provider)}</div>
                  {m.catalog_model !== null && (
                    <div className="small-text why">
                      In the catalog as <code>{m.catalog_model}</code>, but these records are dated
                      outside its price versions or carried no usage.
                    </div>
                  )}
                </th>
                <td className="num unpriced-count" data-label="Unpriced records">
                  {formatCount(m.records)}
                </td>
                <td className="num" data-label="In totals">
                  {formatCount(m.counted_records)}
                </td>
                <td className="date-cell" data-label="Days">
                  <Day day={m.first_date} />
                  {m.last_date !== m.first_date && (
                    <>
                      {" "}
                      – <Day day={m.last_date} />
                    </>
                  )}
                </td>
                <td data-label="Accounts">
                  <ul className="plain-list">
                    {m.accounts.map((a) => (
                      <li key={a.account_id}>
                        <Link to={`/accounts?account=${encodeURIComponent(a.account_id)}`}>
                          {a.account_name ?? a.account_id}
                        </Link>{" "}
                        <span className="muted">
                          {formatCount(a.records)} {plural(a.records, "record")}
                        </span>
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="actions-cell">
                  <div className="fix-buttons">
                    {m.model !== null && (
                      <button
                        type="button"
                        onClick={() => onAddPrice(m)}
                        aria-label={`Add a price for ${name}`}
                      >
                        Add a price
                      </button>
                    )}
                    <button
                      type="button"
                      onClick={() => onRecompute(m)}
                      aria-label={`Recompute the days of ${name}`}
                    >
                      Recompute these days
                    </button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
