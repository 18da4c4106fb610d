/** For accounts without an admin API: how their usage reaches the ledger instead. */
import { Link } from "react-router";
import type { AccountView } from "./types.ts";
import { collectionOf, providerName } from "./words.ts";

export function CaptureHelp({ account }: { account: AccountView }) {
  const name = providerName(account.provider);
  if (collectionOf(account.provider) === "manual") {
    return (
      <section className="panel" aria-labelledby="capture-heading">
        <h2 id="capture-heading">How spend arrives</h2>
        <p>
          {name} has no usage or billing API, so there is nothing to sync. Record its spend on the{" "}
          <Link to="/manual">Manual entry</Link> page (one-off amounts or recurring seats).
        </p>
      </section>
    );
  }
  const proxy = `${window.location.origin}/proxy/${account.provider}`;
  return (
    <section className="panel" aria-labelledby="capture-heading">
      <h2 id="capture-heading">How spend arrives</h2>
      <p>
        {name} has no usage or billing API, so there is nothing to sync: every request is captured
        as it passes through TokenLedger's proxy and priced as an estimate. Point your SDK's base
        URL at <code>{proxy}</code> and send these headers:
      </p>
      <ul className="plain-list">
        <li>
          <code>x-tokenledger-key</code>: a TokenLedger key with the ingest scope
        </li>
        <li>
          <code>x-tokenledger-account: {account.id}</code> to book the requests to this account
        </li>
      </ul>
    </section>
  );
}
