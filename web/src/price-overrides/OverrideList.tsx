/** A list of price overrides (one account's or every account's), with loading, error and empty states. */
import type { UseQueryResult } from "@tanstack/react-query";
import { type ReactNode, useId } from "react";
import { Empty, ErrorMessage, Loading } from "../ui/states.tsx";
import { OverrideRow } from "./OverrideRow.tsx";
import type { ListedOverride } from "./types.ts";
import "./price-overrides.css";

export function OverrideList({
  overrides,
  withAccount = false,
  empty,
  onRemoved,
}: {
  overrides: UseQueryResult<ListedOverride[]>;
  /** Adds an Account column, for a list across accounts. */
  withAccount?: boolean;
  empty: ReactNode;
  onRemoved: (message: string) => void;
}) {
  const noteId = useId();
  if (overrides.isPending) return <Loading what="price overrides" />;
  if (overrides.isError) {
    return <ErrorMessage error={overrides.error} action="load the price overrides" />;
  }
  if (overrides.data.length === 0) return <Empty>{empty}</Empty>;
  return (
    <>
      <p className="overrides-note" id={noteId}>
        Prices in USD per million tokens, exactly as agreed. Effective to is the first day an
        override no longer applies.
      </p>
      <div className="table-wrap">
        <table className="overrides-table" aria-describedby={noteId}>
          <thead>
            <tr>
              {withAccount && <th scope="col">Account</th>}
              <th scope="col">Override</th>
              <th scope="col">Prices per million tokens</th>
              <th scope="col">Effective from</th>
              <th scope="col">Effective to</th>
              <th scope="col">Note</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {overrides.data.map((o) => (
              <OverrideRow
                key={o.id}
                override={o}
                withAccount={withAccount}
                onRemoved={onRemoved}
              />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
