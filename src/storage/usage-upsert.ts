/**
 * Writing usage rows: an idempotent upsert keyed by (account_id, idempotency_key) that writes
 * nothing when the content is unchanged. Three ways to run the same SQL, chosen by what the
 * dialect can do: SQLite runs a cached single-row statement per row (synchronous, in-process),
 * PostgreSQL binds each column as one array and sends the whole batch as one statement, and
 * any other dialect gets Kysely's multi-row insert. Rows, hashes and results are identical.
 */
import { createHash, randomUUID } from "node:crypto";
import type { Kysely, SqlBool } from "kysely";
import { CompiledQuery, sql } from "kysely";
import { toBigInt } from "../core/money.ts";
import type { NewUsageRecord } from "../core/usage-record.ts";
import type { DialectCapabilities, SqlValue, SyncStatements } from "./dialect.ts";
import type { Database, UsageRecordsTable } from "./schema.ts";

/** Columns a record is written with; the upsert updates all of them but `id` and `created_at`. */
export const UPDATABLE_COLUMNS = [
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

/** Every column, in the order of a row's values. */
const COLUMNS = [
  "id",
  "account_id",
  "idempotency_key",
  "version",
  "created_at",
  ...UPDATABLE_COLUMNS,
] as const;
type Column = (typeof COLUMNS)[number];

/** A row as bound parameters, in COLUMNS order. */
export type RowValues = SqlValue[];

/** Rows the upsert wrote: first versions and changed ones; the rest were unchanged. */
export interface WriteCounts {
  inserted: number;
  updated: number;
}

const INTEGER_COLUMNS = new Set<Column>([
  "prompt_tokens",
  "completion_tokens",
  "total_tokens",
  "cache_read_tokens",
  "cache_write_5m_tokens",
  "cache_write_1h_tokens",
  "reasoning_tokens",
  "requests",
  "search_queries",
  "cost_nanos",
  "version",
]);

const CONTENT_HASH = COLUMNS.indexOf("content_hash");
/** The hash covers the updatable columns before it: provider … metadata. */
const CONTENT_FROM = COLUMNS.indexOf("provider");

/** The row for a record, with its content hash. */
export function toRowValues(record: NewUsageRecord, now: string): RowValues {
  const row: RowValues = [
    timeOrderedUuid(),
    record.account_id,
    record.idempotency_key,
    1,
    now,
    record.provider,
    record.timestamp,
    record.date,
    record.month,
    record.bucket,
    record.model,
    record.prompt_tokens,
    record.completion_tokens,
    record.total_tokens,
    record.cache_read_tokens,
    record.cache_write_5m_tokens,
    record.cache_write_1h_tokens,
    record.reasoning_tokens,
    record.requests,
    record.search_queries,
    record.service_tier,
    record.cost_nanos,
    record.currency,
    record.cost_source,
    record.unpriced ? 1 : 0,
    record.price_version,
    record.request_type,
    record.confidence,
    record.source,
    record.workspace_id,
    record.api_key_suffix,
    record.project,
    JSON.stringify(record.metadata),
    "",
    now,
  ];
  row[CONTENT_HASH] = contentHash(row);
  return row;
}

/**
 * A UUID version 7 (RFC 9562): milliseconds since 1970 in the first 48 bits, then 74 random
 * bits. A random (version 4) id lands on a random page of the primary-key index, so every row
 * of a batch dirtied a page of its own; time-ordered ids all go to the end of the index.
 */
export function timeOrderedUuid(now = Date.now()): string {
  const time = now.toString(16).padStart(12, "0");
  // randomUUID() is "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx": keep its random bits and variant.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}

/**
 * Hash of everything a record says (not when it was written), to detect real changes. Stored
 * hashes must stay comparable: each value as text (NUL for null), each followed by \u0001.
 */
function contentHash(row: RowValues): string {
  let text = "";
  for (let i = CONTENT_FROM; i < CONTENT_HASH; i++) {
    const value = row[i];
    text += `${value === null ? "\u0000" : String(value)}\u0001`;
  }
  return createHash("sha256").update(text).digest("base64url").slice(0, 32);
}

const CONFLICT = `on conflict ("account_id", "idempotency_key") do update set "version" = usage_records.version + 1, ${UPDATABLE_COLUMNS.map((c) => `"${c}" = "excluded"."${c}"`).join(", ")} where usage_records.content_hash <> excluded.content_hash returning "version"`;
const COLUMN_LIST = COLUMNS.map((c) => `"${c}"`).join(", ");

/** Upserts rows in one transaction (callers pass each key at most once); returns what it wrote. */
export function usageRowWriter(
  db: Kysely<Database>,
  dialect: DialectCapabilities,
): (rows: readonly RowValues[]) => Promise<WriteCounts> {
  if (dialect.syncStatements) return statementPerRow(dialect.syncStatements);
  if (dialect.arrayParameters) return arrayPerColumn(db);
  return multiRowInsert(db, Math.min(1_000, Math.floor(dialect.maxParameters / COLUMNS.length)));
}

function count(counts: WriteCounts, version: unknown): void {
  if (toBigInt(version) === 1n) counts.inserted += 1;
  else counts.updated += 1;
}

function statementPerRow(statements: SyncStatements) {
  const text = `insert into "usage_records" (${COLUMN_LIST}) values (${COLUMNS.map(() => "?").join(", ")}) ${CONFLICT}`;
  return (rows: readonly RowValues[]) =>
    statements.transaction((prepare) => {
      const upsert = prepare(text);
      const counts: WriteCounts = { inserted: 0, updated: 0 };
      for (const row of rows) {
        const version = upsert.firstValue(row);
        if (version !== undefined) count(counts, version);
      }
      return counts;
    });
}

/** Rows per array statement: bounds one statement's size, far above the batches ingest sends. */
const ARRAY_ROWS = 10_000;

function arrayPerColumn(db: Kysely<Database>) {
  const arrays = COLUMNS.map(
    (c, i) =>
      `$${i + 1}::${c === "unpriced" ? "integer" : INTEGER_COLUMNS.has(c) ? "bigint" : "text"}[]`,
  );
  const text = `insert into "usage_records" (${COLUMN_LIST}) select * from unnest(${arrays.join(", ")}) ${CONFLICT}`;
  const run = async (
    executor: Kysely<Database>,
    rows: readonly RowValues[],
    counts: WriteCounts,
  ) => {
    const columns = COLUMNS.map(() => new Array<SqlValue>(rows.length));
    rows.forEach((row, r) => {
      for (let c = 0; c < row.length; c++) (columns[c] as SqlValue[])[r] = row[c] as SqlValue;
    });
    const result = await executor.executeQuery<{ version: unknown }>(
      CompiledQuery.raw(text, columns),
    );
    for (const row of result.rows) count(counts, row.version);
  };
  return async (rows: readonly RowValues[]) => {
    const counts: WriteCounts = { inserted: 0, updated: 0 };
    // One statement is atomic by itself: no BEGIN/COMMIT round trips for a batch of ingest.
    if (rows.length <= ARRAY_ROWS) await run(db, rows, counts);
    else {
      await db.transaction().execute(async (trx) => {
        for (let start = 0; start < rows.length; start += ARRAY_ROWS) {
          await run(trx, rows.slice(start, start + ARRAY_ROWS), counts);
        }
      });
    }
    return counts;
  };
}

function toRowObject(row: RowValues): UsageRecordsTable {
  return Object.fromEntries(COLUMNS.map((c, i) => [c, row[i]])) as unknown as UsageRecordsTable;
}

/** The portable way: Kysely's multi-row insert, as many rows a statement as parameters allow. */
function multiRowInsert(db: Kysely<Database>, rowsPerStatement: number) {
  return async (rows: readonly RowValues[]) => {
    const counts: WriteCounts = { inserted: 0, updated: 0 };
    await db.transaction().execute(async (trx) => {
      for (let start = 0; start < rows.length; start += rowsPerStatement) {
        const chunk = rows.slice(start, start + rowsPerStatement);
        const written = await trx
          .insertInto("usage_records")
          .values(chunk.map(toRowObject))
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
        for (const row of written) count(counts, row.version);
      }
    });
    return counts;
  };
}
