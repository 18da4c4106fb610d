import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Fragment, useMemo, useState } from "react";
import { Day } from "../../ui/DateTime.tsx";
import { Field } from "../../ui/Field.tsx";
import { formatCount } from "../../ui/format.ts";
import { Empty, ErrorMessage, Loading } from "../../ui/states.tsx";
import { fetchCatalog, KEYS, type ListedPrice } from "./api.ts";
import {
  PROVIDER_IDS,
  plural,
  providerName,
  STATUS_LABELS,
  todayUtc,
  versionStatus,
} from "./format.ts";
import { OtherPrices, TOKEN_CLASSES, TokenPriceCell } from "./PriceCells.tsx";

/** The price catalog: every model's prices per class and their effective dates, past and future. */
export function CatalogSection() {
  const [provider, setProvider] = useState("");
  const [search, setSearch] = useState("");
  const [at, setAt] = useState("");
  const catalog = useQuery({
    queryKey: KEYS.catalog(at),
    queryFn: () => fetchCatalog(at),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
  const needle = search.trim().toLowerCase();
  const entries = useMemo(
    () =>
      (catalog.data ?? []).filter(
        (e) =>
          (provider === "" || e.provider === provider) &&
          (needle === "" ||
            e.model.includes(needle) ||
            e.aliases.some((alias) => alias.includes(needle))),
      ),
    [catalog.data, provider, needle],
  );
  const models = new Set(entries.map((e) => `${e.provider}/${e.model}`)).size;

  return (
    <section className="panel" aria-labelledby="catalog-title" id="catalog">
      <h2 id="catalog-title" tabIndex={-1}>
        Price catalog
      </h2>
      <p className="muted section-intro">
        The list prices TokenLedger prices records with. A price change is a new version with its
        own dates, so past records keep the price they were billed at.
      </p>
      <search className="form-grid filters" aria-label="Filter the catalog">
        <Field label="Provider">
          {(props) => (
            <select {...props} value={provider} onChange={(e) => setProvider(e.target.value)}>
              <option value="">All providers</option>
              {PROVIDER_IDS.map((id) => (
                <option key={id} value={id}>
                  {providerName(id)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Model">
          {(props) => (
            <input
              {...props}
              type="search"
              placeholder="e.g. o3 or claude-sonnet"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          )}
        </Field>
        <Field label="In effect on" hint="Empty shows every version, past and future">
          {(props) => (
            <input {...props} type="date" value={at} onChange={(e) => setAt(e.target.value)} />
          )}
        </Field>
      </search>
      {catalog.isPending ? (
        <Loading what="the price catalog" />
      ) : catalog.isError ? (
        <ErrorMessage error={catalog.error} action="load the price catalog" />
      ) : entries.length === 0 ? (
        <Empty>
          No price {at ? "in effect on that day " : ""}matches
          {needle ? ` “${search.trim()}”` : ""}
          {provider ? ` for ${providerName(provider)}` : ""}.
        </Empty>
      ) : (
        <>
          <p className="muted small-text" aria-live="polite">
            {formatCount(entries.length)} price {plural(entries.length, "version")} of{" "}
            {formatCount(models)} {plural(models, "model")}.
          </p>
          <CatalogTable entries={entries} showProviders={provider === ""} />
        </>
      )}
    </section>
  );
}

function CatalogTable({
  entries,
  showProviders,
}: {
  entries: ListedPrice[];
  showProviders: boolean;
}) {
  const today = todayUtc();
  const columns = 5 + TOKEN_CLASSES.length;
  return (
    <>
      <p className="table-note" id="catalog-note">
        Token prices in USD per million tokens (MTok), exactly as the catalog lists them. Effective
        to is the first day a price no longer applies.
      </p>
      <div className="table-wrap">
        <table className="catalog-table" aria-describedby="catalog-note">
          <thead>
            <tr>
              <th scope="col">Model</th>
              {TOKEN_CLASSES.map((c) => (
                <th scope="col" className="num" key={c.key}>
                  {c.label}
                  <span className="unit">$/MTok</span>
                </th>
              ))}
              <th scope="col">Other prices</th>
              <th scope="col">Effective from</th>
              <th scope="col" title="The first day the price no longer applies">
                Effective to
              </th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry, index) => (
              <Fragment key={entry.version}>
                {showProviders && entry.provider !== entries[index - 1]?.provider && (
                  <tr className="group-row">
                    <th scope="colgroup" colSpan={columns}>
                      {providerName(entry.provider)}
                    </th>
                  </tr>
                )}
                <CatalogRow entry={entry} today={today} />
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function CatalogRow({ entry, today }: { entry: ListedPrice; today: string }) {
  const status = versionStatus(entry.effective_from, entry.effective_to, today);
  return (
    <tr data-version={entry.version}>
      <th scope="row" className="model-cell">
        <div className="model-inner">
          <code>{entry.model}</code>{" "}
          <span className={`badge version-${status}`}>{STATUS_LABELS[status]}</span>
          {entry.aliases.length > 0 && (
            <div className="aliases muted" title="Other ids of the same model">
              also {entry.aliases.join(", ")}
            </div>
          )}
          {entry.notes && (
            <details className="entry-notes">
              <summary>Note</summary>
              {entry.notes}
            </details>
          )}
        </div>
      </th>
      {TOKEN_CLASSES.map((c) => (
        <TokenPriceCell key={c.key} entry={entry} tokenClass={c.key} />
      ))}
      <td className="other-cell">
        <OtherPrices entry={entry} />
      </td>
      <td className="date-cell">
        <Day day={entry.effective_from} />
      </td>
      <td className="date-cell">
        {entry.effective_to ? (
          <Day day={entry.effective_to} />
        ) : (
          <span className="muted">open-ended</span>
        )}
      </td>
      <td>
        <a
          href={entry.source_url}
          target="_blank"
          rel="noreferrer noopener"
          title={`${entry.source_url} (checked ${entry.checked_on})`}
          aria-label={`Source of the ${entry.model} price (opens in a new tab)`}
        >
          source
        </a>
      </td>
    </tr>
  );
}
