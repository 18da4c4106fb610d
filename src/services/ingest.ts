/**
 * Ingest: validate a batch of usage records, check their accounts, and upsert them in one
 * transaction. A batch is all or nothing: one bad record rejects it whole, listing every bad
 * record by index, field and reason, and nothing of it is stored.
 */
import type { ErrorDetail } from "../core/errors.ts";
import { ValidationError } from "../core/errors.ts";
import type { NewUsageRecord } from "../core/usage-record.ts";
import { validateUsageRecord } from "../core/usage-record.ts";
import type { UpsertResult } from "../storage/usage-repository.ts";
import type { ServiceContext } from "./context.ts";
import { priceBatch } from "./pricing.ts";

export const MAX_BATCH_RECORDS = 10_000;
/** More errors than this are summarized: a client fixing a batch needs the pattern, not 10,000 lines. */
const MAX_ERROR_DETAILS = 1_000;

export interface IngestResult extends UpsertResult {
  /** Records in the batch, including repeats of one key within it. */
  received: number;
}

/** Ingests `{ records: [...] }`. Throws ValidationError, with nothing stored, if any record is bad. */
export async function ingestUsage(ctx: ServiceContext, body: unknown): Promise<IngestResult> {
  const records = readBatch(body);
  return storeBatch(ctx, records);
}

/**
 * Stores records produced inside TokenLedger (official sync, capture): the same validation,
 * pricing and idempotent upsert as the API, in batches of at most MAX_BATCH_RECORDS, each
 * all or nothing.
 */
export async function ingestRecords(
  ctx: ServiceContext,
  records: readonly unknown[],
): Promise<IngestResult> {
  const total: IngestResult = { received: 0, inserted: 0, updated: 0, unchanged: 0 };
  for (let start = 0; start < records.length; start += MAX_BATCH_RECORDS) {
    const slice = records.slice(start, start + MAX_BATCH_RECORDS);
    const result = await storeBatch(ctx, slice).catch((error: unknown) => {
      if (!(error instanceof ValidationError) || start === 0) throw error;
      // The refusal must name records by their place in what the caller passed, and say that
      // the slices before this one were stored.
      throw new ValidationError(
        `${error.message} (records ${start + 1}–${start + slice.length} of ${records.length}; the ${start} before them were stored)`,
        error.details.map((d) => (d.index === undefined ? d : { ...d, index: d.index + start })),
        { cause: error },
      );
    });
    total.received += result.received;
    total.inserted += result.inserted;
    total.updated += result.updated;
    total.unchanged += result.unchanged;
  }
  return total;
}

async function storeBatch(ctx: ServiceContext, records: readonly unknown[]): Promise<IngestResult> {
  const errors: ErrorDetail[] = [];
  const valid: (NewUsageRecord | null)[] = [];
  records.forEach((input, index) => {
    const result = validateUsageRecord(input, index);
    if (result.ok) valid.push(result.record as NewUsageRecord);
    else {
      errors.push(...result.errors);
      valid.push(null);
    }
  });

  errors.push(...(await checkAccounts(ctx, valid)));
  if (errors.length > 0) throw batchError(errors, records.length);

  const unique = lastVersionPerKey(valid as NewUsageRecord[]);
  await priceBatch(ctx, unique);
  const written = await ctx.usage.upsertMany(unique, ctx.now().toISOString());
  return {
    received: records.length,
    ...written,
    unchanged: written.unchanged + (records.length - unique.length),
  };
}

function readBatch(body: unknown): unknown[] {
  const records = (body as { records?: unknown } | null)?.records;
  if (!Array.isArray(records)) {
    throw new ValidationError('the body must be a JSON object {"records": [ ... ]}', [
      { field: "records", message: "must be an array of usage records" },
    ]);
  }
  if (records.length === 0) {
    throw new ValidationError("the batch is empty", [
      { field: "records", message: "must hold at least one record" },
    ]);
  }
  if (records.length > MAX_BATCH_RECORDS) {
    throw new ValidationError(
      `a batch holds at most ${MAX_BATCH_RECORDS} records, got ${records.length}`,
      [
        {
          field: "records",
          message: `must hold at most ${MAX_BATCH_RECORDS} records; split the batch`,
        },
      ],
    );
  }
  return records;
}

/**
 * Every record must name an existing account, and its provider (when given) must be that
 * account's; fills in the provider. Returns one error per bad record (ingest and import share it).
 */
export async function checkAccounts(
  ctx: ServiceContext,
  records: readonly (NewUsageRecord | null)[],
): Promise<ErrorDetail[]> {
  const errors: ErrorDetail[] = [];
  const ids = new Set<string>();
  for (const record of records) if (record) ids.add(record.account_id);
  const accounts = await ctx.accounts.getMany([...ids]);
  records.forEach((record, index) => {
    if (!record) return;
    const account = accounts.get(record.account_id);
    if (!account) {
      errors.push({
        index,
        field: "account_id",
        message: `no account with id "${record.account_id}"`,
      });
      return;
    }
    if (record.provider !== undefined && record.provider !== account.provider) {
      errors.push({
        index,
        field: "provider",
        message: `account "${account.id}" is a ${account.provider} account, not ${record.provider}`,
      });
      return;
    }
    record.provider = account.provider;
  });
  return errors;
}

/** The same key twice in one batch: the later record is the newer version. */
export function lastVersionPerKey(records: NewUsageRecord[]): NewUsageRecord[] {
  const byKey = new Map<string, NewUsageRecord>();
  for (const record of records) {
    const key = `${record.account_id}\u0000${record.idempotency_key}`;
    byKey.delete(key);
    byKey.set(key, record);
  }
  return byKey.size === records.length ? records : [...byKey.values()];
}

function batchError(errors: ErrorDetail[], total: number): ValidationError {
  const badRecords = new Set(errors.map((e) => e.index)).size;
  const shown = errors.slice(0, MAX_ERROR_DETAILS);
  const more = errors.length - shown.length;
  const suffix = more > 0 ? ` (first ${shown.length} errors listed, ${more} more)` : "";
  return new ValidationError(
    `${badRecords} of ${total} records are invalid; nothing from this batch was stored${suffix}`,
    shown,
  );
}
