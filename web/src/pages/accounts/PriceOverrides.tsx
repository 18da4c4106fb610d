/** The account's negotiated prices: discounts and per-model prices with effective dates. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import { Day } from "../../ui/DateTime.tsx";
import { Empty, ErrorMessage, Loading } from "../../ui/states.tsx";
import { AddOverrideForm } from "./AddOverrideForm.tsx";
import { FormProblem } from "./FormProblem.tsx";
import { overridePrices, overrideTitle } from "./overrideWords.ts";
import { accountPath, overridesQuery } from "./queries.ts";
import type { AccountView } from "./types.ts";

export function PriceOverrides({ account }: { account: AccountView }) {
  const queryClient = useQueryClient();
  const overrides = useQuery(overridesQuery(account.id));
  const remove = useMutation({
    mutationFn: (id: string) =>
      api(accountPath(account.id, `/prices/${encodeURIComponent(id)}`), { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries(),
  });
  return (
    <section className="panel" aria-labelledby="prices-heading">
      <h2 id="prices-heading">Price overrides</h2>
      <p className="muted">
        Negotiated prices for this account, used instead of the public price list for usage that
        TokenLedger prices itself (captured requests, Priority Tier usage). Amounts from a
        provider's cost report are what was billed and are never changed. Records already stored
        keep their cost until prices are recomputed (<code>tokenledger prices recompute</code>).
      </p>
      <FormProblem error={remove.error} action="remove the override" />
      {overrides.isPending ? (
        <Loading what="price overrides" />
      ) : overrides.isError ? (
        <ErrorMessage error={overrides.error} action="load the price overrides" />
      ) : overrides.data.length === 0 ? (
        <Empty>No price overrides: this account is priced at list prices.</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Override</th>
                <th scope="col">Prices per million tokens</th>
                <th scope="col">From</th>
                <th scope="col">Ends on</th>
                <th scope="col">Note</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {overrides.data.map((o) => (
                <tr key={o.id}>
                  <td>{overrideTitle(o)}</td>
                  <td>{overridePrices(o) ?? "—"}</td>
                  <td className="nowrap">
                    <Day day={o.effective_from} />
                  </td>
                  <td className="nowrap">
                    {o.effective_to ? (
                      <span title="The first day it no longer applies">
                        <Day day={o.effective_to} />
                      </span>
                    ) : (
                      "No end"
                    )}
                  </td>
                  <td>{o.note ?? <span className="muted">—</span>}</td>
                  <td>
                    <button
                      type="button"
                      className="danger"
                      onClick={() => remove.mutate(o.id)}
                      disabled={remove.isPending}
                      aria-label={`Remove override: ${overrideTitle(o)}`}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddOverrideForm accountId={account.id} />
    </section>
  );
}
