/** One override in a list, with a two-step Remove (Remove, then "Yes, remove" or Keep). */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { Day } from "../ui/DateTime.tsx";
import { providerName } from "../ui/providers.ts";
import { ErrorMessage } from "../ui/states.tsx";
import { invalidateOverrides, removeOverride } from "./api.ts";
import type { ListedOverride } from "./types.ts";
import { overridePrices, overrideTitle, removedMessage } from "./words.ts";

export function OverrideRow({
  override: o,
  withAccount,
  onRemoved,
}: {
  override: ListedOverride;
  withAccount: boolean;
  onRemoved: (message: string) => void;
}) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const removal = useMutation({
    mutationFn: () => removeOverride(o.account_id, o.id),
    onSuccess: async () => {
      onRemoved(removedMessage(o, withAccount ? o.account_name : undefined));
      await invalidateOverrides(queryClient);
    },
  });
  const title = overrideTitle(o);
  const what = `override: ${title}${withAccount && o.account_name ? ` on ${o.account_name}` : ""}`;
  const prices = overridePrices(o);
  return (
    <tr>
      {withAccount && (
        <td data-label="Account">
          <Link to={`/accounts?account=${encodeURIComponent(o.account_id)}`}>
            {o.account_name ?? o.account_id}
          </Link>
          {o.account_provider && (
            <div className="muted small-text">{providerName(o.account_provider)}</div>
          )}
        </td>
      )}
      <td data-label="Override">{title}</td>
      <td data-label="Prices per million tokens">
        {prices.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <ul className="plain-list">
            {prices.map(([label, price]) => (
              <li key={label}>
                {label} <span className="price">{price}</span>
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="date-cell" data-label="Effective from">
        <Day day={o.effective_from} />
      </td>
      <td className="date-cell" data-label="Effective to">
        {o.effective_to ? <Day day={o.effective_to} /> : <span className="muted">No end</span>}
      </td>
      <td data-label="Note">{o.note ?? <span className="muted">—</span>}</td>
      <td className="actions-cell">
        {confirming ? (
          <div className="row confirm-row">
            <span>Remove?</span>
            <button
              type="button"
              className="danger"
              aria-label={`Yes, remove ${what}`}
              onClick={() => removal.mutate()}
              disabled={removal.isPending}
            >
              {removal.isPending ? "Removing…" : "Yes, remove"}
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={removal.isPending}>
              Keep
            </button>
          </div>
        ) : (
          <button
            type="button"
            className="danger"
            aria-label={`Remove ${what}`}
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
