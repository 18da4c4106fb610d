/** The account's negotiated prices: discounts and per-model prices with effective dates. */
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { accountOverridesQuery } from "../../price-overrides/api.ts";
import { newOverrideDraft } from "../../price-overrides/draft.ts";
import { OverrideForm } from "../../price-overrides/OverrideForm.tsx";
import { OverrideList } from "../../price-overrides/OverrideList.tsx";
import { OverrideNotice } from "../../price-overrides/OverrideNotice.tsx";
import { addedMessage } from "../../price-overrides/words.ts";
import type { AccountView } from "./types.ts";

export function PriceOverrides({ account }: { account: AccountView }) {
  const overrides = useQuery(accountOverridesQuery(account.id));
  const [draft] = useState(() => newOverrideDraft({ kind: "discount" }));
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <section className="panel" aria-labelledby="prices-heading">
      <h2 id="prices-heading">Price overrides</h2>
      <p className="muted">
        Negotiated prices for this account, used instead of the public price list for usage that
        TokenLedger prices itself (captured requests, Priority Tier usage). Amounts from a
        provider's cost report are what was billed and are never changed. Records already stored
        keep their cost until prices are recomputed (on the Prices page, or{" "}
        <code>tokenledger prices recompute</code>).
      </p>
      <OverrideList
        overrides={overrides}
        empty="No price overrides: this account is priced at list prices."
        onRemoved={setNotice}
      />
      <OverrideNotice message={notice}>
        <Link to="/prices#recompute">Go to the recompute dry run</Link>
      </OverrideNotice>
      <OverrideForm
        accountId={account.id}
        draft={draft}
        onAdded={(override) => setNotice(addedMessage(override))}
      />
    </section>
  );
}
