import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { Day } from "../../ui/DateTime.tsx";
import { Empty, ErrorMessage, Loading } from "../../ui/states.tsx";
import {
  type AccountPriceOverrideWire,
  type AccountView,
  fetchOverrides,
  KEYS,
  type PriceOverrideWire,
  removeOverride,
} from "./api.ts";
import { goToSection, type OverrideDraft } from "./drafts.ts";
import { providerName, usd } from "./format.ts";
import { OverrideForm } from "./OverrideForm.tsx";

const PRICE_LABELS: Record<string, string> = {
  input: "input",
  output: "output",
  cache_read: "cache read",
  cache_write_5m: "cache write 5 min",
  cache_write_1h: "cache write 1 h",
};

/** Every account's negotiated prices and discounts, with a form to add one. */
export function OverridesSection({
  accounts,
  draft,
  onOpen,
  onClose,
  onAdded,
}: {
  accounts: AccountView[] | undefined;
  draft: OverrideDraft | null;
  onOpen: () => void;
  onClose: () => void;
  onAdded: (override: PriceOverrideWire) => void;
}) {
  const overrides = useQuery({ queryKey: KEYS.overrides, queryFn: fetchOverrides });
  const [notice, setNotice] = useState<string | null>(null);
  const noAccounts = accounts !== undefined && accounts.length === 0;

  return (
    <section className="panel" aria-labelledby="overrides-title" id="overrides">
      <div className="row section-head">
        <h2 id="overrides-title" tabIndex={-1}>
          Price overrides
        </h2>
        <span className="spacer" />
        {!draft && (
          <button
            type="button"
            onClick={() => {
              setNotice(null);
              onOpen();
            }}
            disabled={accounts === undefined || noAccounts}
          >
            Add an override
          </button>
        )}
      </div>
      <p className="muted section-intro">
        Discounts and model prices an account negotiated. They win over the catalog on the days they
        are in effect.
      </p>
      {noAccounts && (
        <p className="muted">
          Overrides belong to an account: <Link to="/accounts">add an account</Link> first.
        </p>
      )}
      {draft && accounts && (
        <OverrideForm
          key={draft.id}
          initial={draft}
          accounts={accounts}
          onCancel={onClose}
          onAdded={(override) => {
            const account = accounts.find((a) => a.id === override.account_id);
            setNotice(
              `Override added to ${account?.name ?? "the account"}. Records already stored keep their old price until you recompute.`,
            );
            onAdded(override);
          }}
        />
      )}
      {notice && (
        <div className="notice notice-ok" role="status">
          {notice}{" "}
          <button type="button" className="link" onClick={() => goToSection("recompute-title")}>
            Go to the recompute dry run
          </button>
        </div>
      )}
      {overrides.isPending ? (
        <Loading what="price overrides" />
      ) : overrides.isError ? (
        <ErrorMessage error={overrides.error} action="load the price overrides" />
      ) : overrides.data.length === 0 ? (
        <Empty>No account has a price override: every record is priced at list price.</Empty>
      ) : (
        <OverridesTable overrides={overrides.data} onRemoved={setNotice} />
      )}
    </section>
  );
}

function OverridesTable({
  overrides,
  onRemoved,
}: {
  overrides: AccountPriceOverrideWire[];
  onRemoved: (message: string) => void;
}) {
  return (
    <>
      <p className="table-note" id="overrides-note">
        Prices in USD per million tokens. Effective to is the first day an override no longer
        applies.
      </p>
      <div className="table-wrap">
        <table className="cards-on-phone overrides-table" aria-describedby="overrides-note">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Kind</th>
              <th scope="col">Applies to</th>
              <th scope="col">Price</th>
              <th scope="col">Effective from</th>
              <th scope="col">Effective to</th>
              <th scope="col">Note</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {overrides.map((o) => (
              <OverrideRow key={o.id} override={o} onRemoved={onRemoved} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function OverrideRow({
  override: o,
  onRemoved,
}: {
  override: AccountPriceOverrideWire;
  onRemoved: (message: string) => void;
}) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const removal = useMutation({
    mutationFn: () => removeOverride(o.account_id, o.id),
    onSuccess: async () => {
      onRemoved(
        `Override removed from ${o.account_name}. Records already stored keep the override's price until you recompute.`,
      );
      await queryClient.invalidateQueries({ queryKey: KEYS.overrides });
    },
  });
  const what = o.kind === "discount" ? `${o.percent}% discount` : `${o.model} prices`;
  return (
    <tr>
      <td>
        <Link to={`/accounts?account=${encodeURIComponent(o.account_id)}`}>{o.account_name}</Link>
        <div className="muted small-text">{providerName(o.account_provider)}</div>
      </td>
      <td data-label="Kind">{o.kind === "discount" ? "Discount" : "Model prices"}</td>
      <td data-label="Applies to">
        {o.model ? <code>{o.model}</code> : "All models"}
        {o.service_tier && <div className="muted small-text">{o.service_tier} tier only</div>}
      </td>
      <td data-label="Price">
        {o.kind === "discount" ? (
          <>{o.percent}% off</>
        ) : (
          <ul className="plain-list">
            {Object.entries(o.prices ?? {}).map(([key, value]) => (
              <li key={key}>
                {PRICE_LABELS[key] ?? key} <span className="price">{usd(value)}</span>
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="date-cell" data-label="Effective from">
        <Day day={o.effective_from} />
      </td>
      <td className="date-cell" data-label="Effective to">
        {o.effective_to ? <Day day={o.effective_to} /> : <span className="muted">open-ended</span>}
      </td>
      <td data-label="Note">{o.note ?? <span className="muted">—</span>}</td>
      <td className="actions-cell">
        {confirming ? (
          <div className="row confirm-row">
            <span>Remove?</span>
            <button
              type="button"
              className="danger"
              aria-label={`Yes, remove the ${what} of ${o.account_name}`}
              onClick={() => removal.mutate()}
              disabled={removal.isPending}
            >
              {removal.isPending ? "Removing…" : "Remove"}
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={removal.isPending}>
              Keep
            </button>
          </div>
        ) : (
          <button
            type="button"
            className="danger"
            aria-label={`Remove the ${what} of ${o.account_name}`}
            onClick={() => setConfirming(true)}
          >
            Remove
          </button>
        )}
        {removal.isError && <ErrorMessage error={removal.error} action="remove the override" />}
      </td>
    </tr>
  );
}
