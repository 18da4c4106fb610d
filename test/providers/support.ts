/** Helpers the adapter suites share: a connection to a fake, a fast policy, page collection. */
import { parseUsd } from "../../src/core/money.ts";
import { validateUsageRecord } from "../../src/core/usage-record.ts";
import {
  type ProviderPolicy,
  providerPolicy,
  type ResilienceOptions,
} from "../../src/providers/shared/resilience.ts";
import type {
  AdminConnection,
  OfficialAdapter,
  OfficialEndpoint,
  SyncPage,
  SyncWindow,
} from "../../src/providers/types.ts";

export type LedgerRecord = SyncPage["records"][number];

/** Real retry semantics with tiny delays, so fault tests take milliseconds, not seconds. */
export const FAST_RESILIENCE: ResilienceOptions = {
  attempts: 3,
  initialDelayMs: 5,
  maxDelayMs: 20,
  maxRetryAfterMs: 5_000,
  breakerFailures: 10,
  breakerOpenMs: 60_000,
};

export function fastPolicy(url: string, options: Partial<ResilienceOptions> = {}): ProviderPolicy {
  return providerPolicy(url, { ...FAST_RESILIENCE, ...options });
}

export function connectionTo(
  url: string,
  adminKey: string,
  fields: Partial<AdminConnection> = {},
): AdminConnection {
  return {
    accountId: "acc_x",
    adminKey,
    baseUrl: url,
    policy: fastPolicy(url),
    timeoutMs: 5_000,
    ...fields,
  };
}

export function endpointOf(adapter: OfficialAdapter, name: string): OfficialEndpoint {
  const endpoint = adapter.endpoints.find((candidate) => candidate.name === name);
  if (endpoint === undefined) throw new Error(`${adapter.provider} has no endpoint "${name}"`);
  return endpoint;
}

export interface Collected {
  pages: SyncPage[];
  records: LedgerRecord[];
  buckets: number;
}

/** Runs one endpoint over a window to the last page. */
export async function collect(
  adapter: OfficialAdapter,
  name: string,
  connection: AdminConnection,
  window: SyncWindow,
): Promise<Collected> {
  const pages: SyncPage[] = [];
  for await (const page of endpointOf(adapter, name).fetch(connection, window)) pages.push(page);
  return {
    pages,
    records: pages.flatMap((page) => page.records),
    buckets: pages.reduce((sum, page) => sum + page.buckets, 0),
  };
}

/** The error a promise rejects with (a test asserts on it; resolving is itself a failure). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => new Error("expected a rejection, but the promise resolved"),
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error(`rejected with a non-error: ${String(outcome)}`);
  return outcome;
}

export function sumOf(records: readonly LedgerRecord[], field: keyof LedgerRecord): number {
  return records.reduce((sum, record) => sum + Number(record[field] ?? 0), 0);
}

/** The exact total of the records' costs, in nano-dollars. */
export function costNanos(records: readonly LedgerRecord[]): bigint {
  return records.reduce(
    (sum, record) => sum + (record.total_cost ? parseUsd(record.total_cost) : 0n),
    0n,
  );
}

/** The validation errors of every record as the ledger would ingest it (none expected). */
export function invalidRecords(records: readonly LedgerRecord[]) {
  return records.flatMap((record, index) => {
    const result = validateUsageRecord({ ...record, account_id: "acc_x" }, index);
    return result.ok ? [] : [{ record, errors: result.errors }];
  });
}

export function metadataOf(record: LedgerRecord): Record<string, unknown> {
  return record.metadata ?? {};
}
