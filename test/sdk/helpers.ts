/** Shared set-up of the SDK tests: options pointing at the fake ingest, record validation. */

import type { TokenLedgerOptions } from "../../packages/sdk/src/index.ts";
import { validateUsageRecord } from "../../src/core/usage-record.ts";
import type { WireRecord } from "./fake-ingest.ts";

export const INGEST_KEY = "tl_ingest_test_0123456789abcdef";
export const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function ledgerOptions(
  endpoint: string,
  extra: Partial<TokenLedgerOptions> = {},
): TokenLedgerOptions {
  return {
    endpoint,
    key: INGEST_KEY,
    account: "acc_test",
    project: "checkout",
    flushOnExit: false,
    ...extra,
  };
}

/** The ledger's own validation errors for each record (the ingest API takes a batch all or nothing). */
export function invalid(records: WireRecord[]): unknown[] {
  return records.flatMap((record, index) => {
    const result = validateUsageRecord(record, index);
    return result.ok ? [] : result.errors;
  });
}

export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

/** Chunks of two streams differ only by their response id. */
export function withId<T extends { id?: unknown }>(chunks: T[], id: string): T[] {
  return chunks.map((chunk) => ({ ...chunk, id }));
}

/** The record fields every SDK record shares. */
export const COMMON = {
  account_id: "acc_test",
  bucket: "request",
  requests: 1,
  request_type: "api",
  confidence: "estimated",
  source: "sdk",
  project: "checkout",
} as const;
