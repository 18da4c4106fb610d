/**
 * Writing usage rows: an idempotent upsert keyed by (account_id, idempotency_key) that writes
 * nothing when the content is unchanged. Three ways to run the same SQL, chosen by what the
 * dialect can do: SQLite runs a cached single-row statement per row (synchronous, in-process),
 * PostgreSQL binds each column as one array and sends the whole batch as one statement, and
 * any other dialect gets Kysely's multi-row insert. Rows and counts are the same every way.
 */
import type { Kysely, SqlBool } from "kysely";
import { CompiledQuery, sql } from "kysely";
import { toBigInt } from "../core/money.ts";
import type { DialectCapabilities, SyncStatements } from "./dialect.ts";
import type { Database } from "./schema.ts";
import {
  COLUMNS,
  type Column,
  type RowValues,
  toRowObject,
  UPDATABLE_COLUMNS,
} from "./usage-rows.ts";

/** Rows the upsert wrote: first versions and changed ones; the rest were unchanged. */
export interface WriteCounts {
  inserted: number;
  updated: number;
}

/** On an existing key: the new content and the next version, unless the content is unchanged. */
const CONFLICT_UPDATE = `on conflict ("account_id", "idempotency_key") do update set "version" = usage_records.version + 1, ${UPDATABLE_COLUMNS.map((c) => `"${c}" = "excluded"."${c}"`).join(", ")} where usage_records.content_hash <> excluded.content_hash`;
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

/**
 * One cached single-row upsert per row, without RETURNING (SQLite buffers returned rows in a
 * temporary table, a quarter of the statement's cost). The counts come from the transaction
 * instead: it holds the write lock, and SQLite gives each new row the table's largest rowid
 * plus one, so the largest rowid grows by exactly the rows inserted; the rest of the rows
 * changed were updated.
 */
function statementPerRow(statements: SyncStatements) {
  const upsert = `insert into "usage_records" (${COLUMN_LIST}) values (${COLUMNS.map(() => "?").join(", ")}) ${CONFLICT_UPDATE}`;
  const lastRowid = `select coalesce(max(rowid), 0) from "usage_records"`;
  return (rows: readonly RowValues[]) =>
    statements.transaction((prepare) => {
      const statement = prepare(upsert);
      const before = toBigInt(prepare(lastRowid).value([]));
      let changed = 0;
      for (const row of rows) changed += statement.run(row);
      const inserted = Number(toBigInt(prepare(lastRowid).value([])) - before);
      return { inserted, updated: changed - inserted };
    });
}

/** Columns PostgreSQL stores as bigint (unpriced is an integer). */
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

/** Rows per array statement: bounds one statement's size, far above the batches ingest sends. */
const ARRAY_ROWS = 10_000;

function arrayPerColumn(db: Kysely<Database>) {
  const arrays = COLUMNS.map(
    (c, i) =>
      `$${i + 1}::${c === "unpriced" ? "integer" : INTEGER_COLUMNS.has(c) ? "bigint" : "text"}[]`,
  );
  // Counted in SQL: one row back instead of a version per row for the driver to parse.
  const text = `with written as (insert into "usage_records" (${COLUMN_LIST}) select * from unnest(${arrays.join(", ")}) ${CONFLICT_UPDATE} returning "version") select count(*) filter (where "version" = 1) as inserted, count(*) as written from written`;
  const run = async (
    executor: Kysely<Database>,
    rows: readonly RowValues[],
    counts: WriteCounts,
  ) => {
    const columns = COLUMNS.map((_, c) => arrayLiteral(rows, c));
    const result = await executor.executeQuery<{ inserted: unknown; written: unknown }>(
      CompiledQuery.raw(text, columns),
    );
    const inserted = Number(toBigInt(result.rows[0]?.inserted));
    counts.inserted += inserted;
    counts.updated += Number(toBigInt(result.rows[0]?.written)) - inserted;
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

const ARRAY_SPECIALS = /["\\]/;

/**
 * Column `c` of the rows as a PostgreSQL array literal, sent as text: what pg would build from
 * a JavaScript array, in a third of the time (pg quotes and escapes every element with two
 * regular expressions; here numbers go bare and only strings with " or \ are escaped).
 */
export function arrayLiteral(rows: readonly RowValues[], c: number): string {
  let text = "{";
  for (let r = 0; r < rows.length; r++) {
    const value = (rows[r] as RowValues)[c];
    if (r > 0) text += ",";
    if (value === null || value === undefined) text += "NULL";
    else if (typeof value !== "string") text += String(value);
    else if (ARRAY_SPECIALS.test(value)) text += `"${value.replace(/["\\]/g, "\\$&")}"`;
    else text += `"${value}"`;
  }
  return `${text}}`;
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

function count(counts: WriteCounts, version: unknown): void {
  if (toBigInt(version) === 1n) counts.inserted += 1;
  else counts.updated += 1;
}
