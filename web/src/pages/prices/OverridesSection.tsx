import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { everyAccountOverridesQuery } from "../../price-overrides/api.ts";
import type { OverrideDraft } from "../../price-overrides/draft.ts";
import { OverrideForm } from "../../price-overrides/OverrideForm.tsx";
import { OverrideList } from "../../price-overrides/OverrideList.tsx";
import { OverrideNotice } from "../../price-overrides/OverrideNotice.tsx";
import { addedMessage } from "../../price-overrides/words.ts";
import type { AccountView, PriceOverrideWire } from "./api.ts";
import { goToSection } from "./drafts.ts";

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
  const overrides = useQuery(everyAccountOverridesQuery);
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
          draft={draft}
          accounts={accounts}
          focusOnMount
          onCancel={onClose}
          onAdded={(override) => {
            const account = accounts.find((a) => a.id === override.account_id);
            setNotice(addedMessage(override, account?.name ?? "the account"));
            onAdded(override);
          }}
        />
      )}
      <OverrideNotice message={notice}>
        <button type="button" className="link" onClick={() => goToSection("recompute-title")}>
          Go to the recompute dry run
        </button>
      </OverrideNotice>
      <OverrideList
        overrides={overrides}
        withAccount
        empty="No account has a price override: every record is priced at list price."
        onRemoved={setNotice}
      />
    </section>
  );
}
