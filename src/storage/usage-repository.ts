/**
 * The usage ledger: idempotent batch upserts, a cursor-paged listing, and grouped sums done in
 * SQL. Money stays integer nano-dollars end to end.
 */
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from "kysely";
import type { Bucket, Confidence, CostSource, RequestType, Source } from "../core/enums.ts";
import { toBigInt, toSafeNumber } from "../core/money.ts";
import type { NewUsageRecord, UsageRecord } from "../core/usage-record.ts";
import type { ProviderId } from "../providers/registry.ts";
import { supersededByOfficial, supersededByReconciliation } from "./counted.ts";
import type { DialectCapabilities } from "./dialect.ts";
import type { Database, UsageRecordsTable } from "./schema.ts";
import { toRowValues } from "./usage-rows.ts";
import { usageRowWriter } from "./usage-upsert.ts";

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
  const writeRows = usageRowWriter(db, dialect);

  return {
    /**
     * Upserts records keyed by (account_id, idempotency_key), all in one transaction: the
     * latest version of a record wins, and a record whose content is unchanged is not written
     * again. Callers must not pass the same key twice in one call.
     */
    async upsertMany(records: readonly NewUsageRecord[], now: string): Promise<UpsertResult> {
      if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
      const written = await writeRows(records.map((record) => toRowValues(record, now)));
      return { ...written, unchanged: records.length - written.inserted - written.updated };
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

    /**
     * Records in `order` (newest first by default), `limit` at a time; `cursor` continues after
     * the last one returned. Ties are broken by id in the same direction, so every record is
     * returned exactly once across pages. Unpriced records (no cost) come after every priced
     * one in both directions of a cost sort: they have no amount to compare.
     *
     * Only the time order has an index (timestamp, id). Cost and token orders sort the filtered
     * rows for each page: about 75 ms a page over 500,000 unfiltered records on either dialect,
     * a few ms once a date range narrows them through usage_records_date_idx. An index per
     * order would tax every ingest write for a view people open with a date range.
     */
    async list(
      filter: UsageFilter,
      limit: number,
      cursor?: SortCursor,
      order: UsageOrder = NEWEST_FIRST,
    ): Promise<UsageRecord[]> {
      const column = SORT_COLUMNS[order.by];
      let query = db
        .selectFrom("usage_records")
        .selectAll()
        .where((eb) => eb.and(filterConditions(eb, filter)));
      if (cursor) query = query.where((eb) => afterCursor(eb, column, order.descending, cursor));
      const rows = await query
        .orderBy(column, (ob) => {
          const directed = order.descending ? ob.desc() : ob.asc();
          // SQLite puts NULL first ascending, PostgreSQL first descending: say it for both.
          return NULLABLE_SORT_COLUMNS.has(column) ? directed.nullsLast() : directed;
        })
        .orderBy("id", order.descending ? "desc" : "asc")
        .limit(limit)
        .execute();
      return rows.map(toUsageRecord);
    },

    /** Sums per group; no dimensions gives one group with the grand total. */
    async summarize(
      filter: UsageFilter,
      dimensions: readonly GroupDimension[],
    ): Promise<GroupTotals[]> {
      // Estimates that official data replaces are left out entirely (their tokens too, which
      // the official usage report carries); a reconciled period keeps its records' tokens but
      // its dollars are the reconciliation's (see counted.ts).
      const rows = await db
        .selectFrom("usage_records")
        .where((eb) => eb.and([...filterConditions(eb, filter), eb.not(supersededByOfficial(eb))]))
        .select(dimensions)
        .select((eb) => [
          eb.fn
            .sum<string>(
              eb
                .case()
                .when(supersededByReconciliation(eb))
                .then(eb.lit(0))
                .else(eb.ref("cost_nanos"))
                .end(),
            )
            .as("cost_nanos"),
          eb.fn.sum<string>("prompt_tokens").as("prompt_tokens"),
          eb.fn.sum<string>("completion_tokens").as("completion_tokens"),
          eb.fn.sum<string>("total_tokens").as("total_tokens"),
          eb.fn.sum<string>("cache_read_tokens").as("cache_read_tokens"),
          eb.fn.sum<string>("requests").as("requests"),
          eb.fn.sum<string>("search_queries").as("search_queries"),
          eb.fn.countAll<string>().as("records"),
          eb.fn
            .sum<string>(
              eb
                .case()
                .when(supersededByReconciliation(eb))
                .then(eb.lit(0))
                .else(eb.ref("unpriced"))
                .end(),
            )
            .as("unpriced_records"),
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

/** The columns a listing can be sorted by, by the name the API uses. */
export const SORT_COLUMNS = {
  timestamp: "timestamp",
  total_cost: "cost_nanos",
  total_tokens: "total_tokens",
} as const;
export type SortKey = keyof typeof SORT_COLUMNS;
type SortColumn = (typeof SORT_COLUMNS)[SortKey];
const NULLABLE_SORT_COLUMNS: ReadonlySet<SortColumn> = new Set(["cost_nanos"]);

export interface UsageOrder {
  by: SortKey;
  descending: boolean;
}
export const NEWEST_FIRST: UsageOrder = { by: "timestamp", descending: true };

/** Where a sorted listing stopped: the last record's sort value (null when unpriced) and id. */
export interface SortCursor {
  value: string | bigint | null;
  id: string;
}

/** Rows that come after `cursor` in the order by `column` then id, nulls last. */
function afterCursor(
  eb: ExpressionBuilder<Database, "usage_records">,
  column: SortColumn,
  descending: boolean,
  cursor: SortCursor,
): Expression<SqlBool> {
  const beyond = descending ? "<" : ">";
  if (cursor.value === null) {
    return eb.and([eb(column, "is", null), eb("id", beyond, cursor.id)]);
  }
  const after = eb.or([
    eb(column, beyond, cursor.value),
    eb.and([eb(column, "=", cursor.value), eb("id", beyond, cursor.id)]),
  ]);
  return NULLABLE_SORT_COLUMNS.has(column) ? eb.or([after, eb(column, "is", null)]) : after;
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

/** Maps a stored row to a record (integers from either driver, metadata parsed). */
export function toUsageRecord(row: UsageRecordsTable): UsageRecord {
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
