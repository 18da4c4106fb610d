/** One account: its sync state and history, "Sync now", settings, price overrides, removal. */
import { useEffect, useRef } from "react";
import { Link } from "react-router";
import { usePageTitle } from "../../ui/usePageTitle.ts";
import { KeyHint } from "./AccountList.tsx";
import { CaptureHelp } from "./CaptureHelp.tsx";
import { EditAccountForm } from "./EditAccountForm.tsx";
import { PriceOverrides } from "./PriceOverrides.tsx";
import { RemoveAccount } from "./RemoveAccount.tsx";
import { SyncHistory } from "./SyncHistory.tsx";
import { SyncPanel } from "./SyncPanel.tsx";
import type { AccountView } from "./types.ts";
import { COLLECTION_WORDS, collectionOf, hasAdminApi, providerName } from "./words.ts";

export function AccountDetail({ account }: { account: AccountView }) {
  usePageTitle(`${account.name} · Accounts`);
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening an account moves focus to it, so keyboard and screen-reader users land on it.
  useEffect(() => heading.current?.focus(), []);
  const official = hasAdminApi(account.provider);
  return (
    <section className="account-detail" aria-labelledby="account-heading">
      <p className="back">
        <Link to="/accounts">← All accounts</Link>
      </p>
      <h1 id="account-heading" ref={heading} tabIndex={-1}>
        {account.name}
      </h1>
      <p className="account-facts">
        <span className="badge badge-neutral">{providerName(account.provider)}</span>{" "}
        <span>{COLLECTION_WORDS[collectionOf(account.provider)]}</span>
        {official && (
          <>
            {" · "}Admin key <KeyHint account={account} />
          </>
        )}
        {" · "}
        <span className="muted">
          id <code>{account.id}</code>
        </span>
      </p>
      {official ? (
        <>
          <SyncPanel account={account} />
          <SyncHistory accountId={account.id} />
        </>
      ) : (
        <CaptureHelp account={account} />
      )}
      <PriceOverrides account={account} />
      <div className="grid grid-2">
        <EditAccountForm account={account} />
        <RemoveAccount account={account} />
      </div>
    </section>
  );
}
