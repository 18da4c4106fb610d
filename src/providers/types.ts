/**
 * The contract every official-data adapter fulfils (Anthropic and OpenAI admin APIs). An
 * adapter knows its provider's API — endpoints, auth, error bodies, response schemas — and turns
 * responses into ledger records in the canonical token semantics. It knows nothing of storage,
 * scheduling or checkpoints: the sync service owns those.
 *
 * Every adapter folder has the same files: `client.ts` (requests and what error answers mean,
 * as an `AdminApi`), `schema.ts` (responses), `normalize.ts` (rows → records) and `index.ts`
 * (the adapter). What both APIs do alike lives once in `shared/`: the page loop, the query
 * layout, the error status ladder, tolerant schema pieces, key redaction, idempotency keys.
 */
import type { UsageRecordInput } from "../core/usage-record.ts";
import type { ProviderId } from "./registry.ts";
import type { ProviderPolicy } from "./shared/resilience.ts";

/** What an adapter needs to call the provider for one account. */
export interface AdminConnection {
  accountId: string;
  /** The decrypted admin key; never logged, never stored in clear. */
  adminKey: string;
  /** API base URL without a trailing slash (per account, else the environment, else public). */
  baseUrl: string;
  policy: ProviderPolicy;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** A half-open window [start, end) of whole UTC days, as RFC 3339 timestamps. */
export interface SyncWindow {
  start: string;
  end: string;
}

/** A ledger record as an adapter makes it: the sync service adds the account. */
export type LedgerRecord = Omit<UsageRecordInput, "account_id">;

/** One page of an endpoint, already normalized to ledger records (without account_id). */
export interface SyncPage {
  records: LedgerRecord[];
  /** Buckets this page covered, for progress. */
  buckets: number;
}

export interface OfficialEndpoint {
  /** Stable name used for checkpoints and progress, e.g. "usage" or "cost". */
  name: string;
  /**
   * True for the endpoint whose dollars are the official figures (the cost report): the days
   * it fetched are "covered", and estimates for those account-days stop counting.
   */
  officialCost: boolean;
  /** Fetches every page of [start, end), following the provider's pagination to the end. */
  fetch(connection: AdminConnection, window: SyncWindow): AsyncIterable<SyncPage>;
}

export interface OfficialAdapter {
  provider: ProviderId;
  /** Throws a ValidationError explaining which key is needed when `key` is the wrong kind. */
  checkKeyFormat(key: string): void;
  /** One cheap authenticated call; throws ProviderAuthError for a bad key. */
  verify(connection: AdminConnection): Promise<void>;
  /** Endpoints in the order a sync fetches them. */
  endpoints: readonly OfficialEndpoint[];
}
