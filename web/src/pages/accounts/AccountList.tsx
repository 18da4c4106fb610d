/** Every account: provider, how its spend arrives, its key's last 4 characters, its sync state. */
import { Link } from "react-router";
import { NextRun, SyncStateSummary } from "./SyncState.tsx";
import type { AccountView } from "./types.ts";
import { COLLECTION_WORDS, collectionOf, hasAdminApi, providerName } from "./words.ts";

export function AccountList({ accounts }: { accounts: AccountView[] }) {
  return (
    <div className="table-wrap">
      <table className="accounts-table">
        <caption className="visually-hidden">Accounts</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Provider</th>
            <th scope="col">Spend arrives</th>
            <th scope="col">Admin key</th>
            <th scope="col">Status</th>
            <th scope="col">Next sync</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <tr key={account.id}>
              <th scope="row" className="account-name">
                <Link to={`?account=${encodeURIComponent(account.id)}`}>{account.name}</Link>
              </th>
              <td>{providerName(account.provider)}</td>
              <td>{COLLECTION_WORDS[collectionOf(account.provider)]}</td>
              <td>
                <KeyHint account={account} />
              </td>
              <td>
                <SyncStateSummary account={account} />
              </td>
              <td className="next-run">
                {hasAdminApi(account.provider) ? <NextRun account={account} /> : "—"}
              </td>
              <td>
                <Link
                  className="manage-link"
                  to={`?account=${encodeURIComponent(account.id)}`}
                  aria-label={`Manage ${account.name}`}
                >
                  Manage
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Only the last 4 characters the server keeps; the key itself never reaches the browser. */
export function KeyHint({ account }: { account: AccountView }) {
  if (!hasAdminApi(account.provider)) return <span className="muted nowrap">not needed</span>;
  if (!account.credentials) return <span className="muted">none</span>;
  return (
    <code className="key-hint" title="Only the last 4 characters of the key are ever shown">
      …{account.credentials.admin_key_hint}
    </code>
  );
}
