/**
 * The usage ledger: idempotent batch upserts, a cursor-paged listing, and grouped sums done in
 * SQL. Money stays integer nano-dollars end to end.
 */
import { createHash, randomUUID } from "node:crypto";
import type { Expression, ExpressionBuilder, Kysely, SqlBool, Transaction } from "kysely";
import { sql } from "kysely";
import type { Bucket, Confidence, CostSource, RequestType, Source } from "../core/enums.ts";
import { toBigInt, toSafeNumber } from "../core/money.ts";
import type { NewUsageRecord, UsageRecord } from "../core/usage-record.ts";
import type { ProviderId } from "../providers/registry.ts";
import type { DialectCapabilities } from "./dialect.ts";
import type { Database, UsageRecordsTable } from "./schema.ts";

/** Columns a record is written with; the upsert updates all of them but `id` and `created_at`. */
const UPDATABLE_COLUMNS = [
  "provider",
  "timestamp",
  "date",
  "month",
  "bucket",
  "model",
  "prompt_tokens",
  "completion_tokens",
  "total_tokens",
  "cache_read_tokens",
  "cache_write_5m_tokens",
  "cache_write_1h_tokens",
  "reasoning_tokens",
  "requests",
  "search_queries",
  "service_tier",
  "cost_nanos",
  "currency",
  "cost_source",
  "unpriced",
  "price_version",
  "request_type",
  "confidence",
  "source",
  "workspace_id",
  "api_key_suffix",
  "project",
  "metadata",
  "content_hash",
  "updated_at",
] as const;

/** Parameters per row of the insert, used to keep each statement under the dialect's limit. */
const PARAMS_PER_ROW = UPDATABLE_COLUMNS.length + 5; // + id, account_id, idempotency_key, version, created_at

export interface UpsertResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface UsageFilter {
  from?: string | undefined;
  to?: string | undefined;
  provider?: string | undefined;
  accountId?: string | undefined;
  model?: string | undefined;
  confidence?: string | undefined;
  project?: string | undefined;
}

export const GROUP_DIMENSIONS = [
  "provider",
  "model",
  "account_id",
  "date",
  "month",
  "confidence",
  "project",
] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];

export interface GroupTotals {
  keys: Partial<Record<GroupDimension, string | null>>;
  cost_nanos: bigint;
  prompt_tokens: bigint;
  completion_tokens: bigint;
  total_tokens: bigint;
  cache_read_tokens: bigint;
  requests: bigint;
  search_queries: bigint;
  records: bigint;
  unpriced_records: bigint;
}

export function usageRepository(db: Kysely<Database>, dialect: DialectCapabilities) {
  const rowsPerStatement = Math.min(1_000, Math.floor(dialect.maxParameters / PARAMS_PER_ROW));

  return {
    /**
     * Upserts records keyed by (account_id, idempotency_key), all in one transaction: the
     * latest version of a record wins, and a record whose content is unchanged is not written
     * again. Callers must not pass the same key twice in one call.
     */
    async upsertMany(records: readonly NewUsageRecord[], now: string): Promise<UpsertResult> {
      const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
      if (records.length === 0) return result;
      await db.transaction().execute(async (trx) => {
        for (let start = 0; start < records.length; start += rowsPerStatement) {
          const chunk = records.slice(start, start + rowsPerStatement);
          const written = await upsertChunk(trx, chunk, now);
          for (const row of written) {
            if (toBigInt(row.version) === 1n) result.inserted += 1;
            else result.updated += 1;
          }
          result.unchanged += chunk.length - written.length;
        }
      });
      return result;
    },

    async countForAccount(accountId: string): Promise<number> {
      const row = await db
        .selectFrom("usage_records")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("account_id", "=", accountId)
        .executeTakeFirstOrThrow();
      return toSafeNumber(row.n);
    },

    /**
     * Records whose cost comes from the price table (or that are unpriced) in a date range,
     * oldest first, `limit` at a time after `after` — for repricing.
     */
    async listTablePriced(
      filter: UsageFilter,
      limit: number,
      after?: Cursor,
    ): Promise<UsageRecord[]> {
      let query = db
        .selectFrom("usage_records")
        .selectAll()
        .where((eb) =>
          eb.and([
            ...filterConditions(eb, filter),
            eb.or([eb("cost_source", "=", "price_table"), eb("unpriced", "=", 1)]),
          ]),
        );
      if (after) {
        query = query.where((eb) =>
          eb.or([
            eb("timestamp", ">", after.timestamp),
            eb.and([eb("timestamp", "=", after.timestamp), eb("id", ">", after.id)]),
          ]),
        );
      }
      const rows = await query.orderBy("timestamp").orderBy("id").limit(limit).execute();
      return rows.map(toUsageRecord);
    },

    /** Records newest first, `limit` at a time; `cursor` continues after the last one returned. */
    async list(filter: UsageFilter, limit: number, cursor?: Cursor): Promise<UsageRecord[]> {
      let query = db
        .selectFrom("usage_records")
        .selectAll()
        .where((eb) => eb.and(filterConditions(eb, filter)));
      if (cursor) {
        query = query.where((eb) =>
          eb.or([
            eb("timestamp", "<", cursor.timestamp),
            eb.and([eb("timestamp", "=", cursor.timestamp), eb("id", "<", cursor.id)]),
          ]),
        );
      }
      const rows = await query
        .orderBy("timestamp", "desc")
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map(toUsageRecord);
    },

    /** Sums per group; no dimensions gives one group with the grand total. */
    async summarize(
      filter: UsageFilter,
      dimensions: readonly GroupDimension[],
    ): Promise<GroupTotals[]> {
      const rows = await db
        .selectFrom("usage_records")
        .where((eb) => eb.and(filterConditions(eb, filter)))
        .select(dimensions)
        .select((eb) => [
          eb.fn.sum<string>("cost_nanos").as("cost_nanos"),
          eb.fn.sum<string>("prompt_tokens").as("prompt_tokens"),
          eb.fn.sum<string>("completion_tokens").as("completion_tokens"),
          eb.fn.sum<string>("total_tokens").as("total_tokens"),
          eb.fn.sum<string>("cache_read_tokens").as("cache_read_tokens"),
          eb.fn.sum<string>("requests").as("requests"),
          eb.fn.sum<string>("search_queries").as("search_queries"),
          eb.fn.countAll<string>().as("records"),
          eb.fn.sum<string>("unpriced").as("unpriced_records"),
        ])
        .$if(dimensions.length > 0, (q) =>
          dimensions.reduce((ordered, d) => ordered.orderBy(d), q.groupBy(dimensions)),
        )
        .execute();
      return rows.map((row) => {
        const keys: Partial<Record<GroupDimension, string | null>> = {};
        for (const dimension of dimensions)
          keys[dimension] = (row as Record<string, string | null>)[dimension] ?? null;
        return {
          keys,
          cost_nanos: toBigInt(row.cost_nanos),
          prompt_tokens: toBigInt(row.prompt_tokens),
          completion_tokens: toBigInt(row.completion_tokens),
          total_tokens: toBigInt(row.total_tokens),
          cache_read_tokens: toBigInt(row.cache_read_tokens),
          requests: toBigInt(row.requests),
          search_queries: toBigInt(row.search_queries),
          records: toBigInt(row.records),
          unpriced_records: toBigInt(row.unpriced_records),
        };
      });
    },
  };
}

export type UsageRepository = ReturnType<typeof usageRepository>;

export interface Cursor {
  timestamp: string;
  id: string;
}

async function upsertChunk(
  trx: Transaction<Database>,
  chunk: readonly NewUsageRecord[],
  now: string,
) {
  const rows = chunk.map((record) => toRow(record, now));
  return trx
    .insertInto("usage_records")
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(["account_id", "idempotency_key"])
        .doUpdateSet((eb) => {
          const set: Record<string, unknown> = { version: sql`usage_records.version + 1` };
          for (const column of UPDATABLE_COLUMNS) set[column] = eb.ref(`excluded.${column}`);
          return set;
        })
        // Unchanged content writes nothing, so re-ingesting a batch is cheap and reports "unchanged".
        .where(sql<SqlBool>`usage_records.content_hash <> excluded.content_hash`),
    )
    .returning(["version"])
    .execute();
}

function toRow(record: NewUsageRecord, now: string): UsageRecordsTable {
  const metadata = JSON.stringify(record.metadata);
  const row = {
    id: randomUUID(),
    account_id: record.account_id,
    provider: record.provider,
    timestamp: record.timestamp,
    date: record.date,
    month: record.month,
    bucket: record.bucket,
    model: record.model,
    prompt_tokens: record.prompt_tokens,
    completion_tokens: record.completion_tokens,
    total_tokens: record.total_tokens,
    cache_read_tokens: record.cache_read_tokens,
    cache_write_5m_tokens: record.cache_write_5m_tokens,
    cache_write_1h_tokens: record.cache_write_1h_tokens,
    reasoning_tokens: record.reasoning_tokens,
    requests: record.requests,
    search_queries: record.search_queries,
    service_tier: record.service_tier,
    cost_nanos: record.cost_nanos,
    currency: record.currency,
    cost_source: record.cost_source,
    unpriced: record.unpriced ? 1 : 0,
    price_version: record.price_version,
    request_type: record.request_type,
    confidence: record.confidence,
    source: record.source,
    workspace_id: record.workspace_id,
    api_key_suffix: record.api_key_suffix,
    project: record.project,
    metadata,
    idempotency_key: record.idempotency_key,
    content_hash: "",
    version: 1,
    created_at: now,
    updated_at: now,
  };
  row.content_hash = contentHash(row);
  return row;
}

/** Hash of everything a record says (not when it was written), to detect real changes. */
function contentHash(row: UsageRecordsTable): string {
  const hash = createHash("sha256");
  for (const column of UPDATABLE_COLUMNS) {
    if (column === "content_hash" || column === "updated_at") continue;
    const value = row[column];
    hash.update(value === null ? "\u0000" : String(value));
    hash.update("\u0001");
  }
  return hash.digest("base64url").slice(0, 32);
}

function filterConditions(
  eb: ExpressionBuilder<Database, "usage_records">,
  filter: UsageFilter,
): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (filter.from) conditions.push(eb("date", ">=", filter.from));
  if (filter.to) conditions.push(eb("date", "<", filter.to));
  if (filter.provider) conditions.push(eb("provider", "=", filter.provider));
  if (filter.accountId) conditions.push(eb("account_id", "=", filter.accountId));
  if (filter.model) conditions.push(eb("model", "=", filter.model));
  if (filter.confidence) conditions.push(eb("confidence", "=", filter.confidence));
  if (filter.project) conditions.push(eb("project", "=", filter.project));
  return conditions;
}

function toUsageRecord(row: UsageRecordsTable): UsageRecord {
  return {
    id: row.id,
    account_id: row.account_id,
    provider: row.provider as ProviderId,
    timestamp: row.timestamp,
    date: row.date,
    month: row.month,
    bucket: row.bucket as Bucket,
    model: row.model,
    prompt_tokens: toSafeNumber(row.prompt_tokens),
    completion_tokens: toSafeNumber(row.completion_tokens),
    total_tokens: toSafeNumber(row.total_tokens),
    cache_read_tokens: toSafeNumber(row.cache_read_tokens),
    cache_write_5m_tokens: toSafeNumber(row.cache_write_5m_tokens),
    cache_write_1h_tokens: toSafeNumber(row.cache_write_1h_tokens),
    reasoning_tokens: toSafeNumber(row.reasoning_tokens),
    requests: toSafeNumber(row.requests),
    search_queries: toSafeNumber(row.search_queries),
    service_tier: row.service_tier,
    cost_nanos: row.cost_nanos === null ? null : toBigInt(row.cost_nanos),
    currency: "USD",
    cost_source: row.cost_source as CostSource | null,
    unpriced: toBigInt(row.unpriced) === 1n,
    price_version: row.price_version,
    request_type: row.request_type as RequestType,
    confidence: row.confidence as Confidence,
    source: row.source as Source,
    workspace_id: row.workspace_id,
    api_key_suffix: row.api_key_suffix,
    project: row.project,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    idempotency_key: row.idempotency_key,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
