/**
 * Opens the ledger's database from a URL: a SQLite file by default, PostgreSQL for
 * `postgres://` URLs. Both return integers as `bigint`, so money is never squeezed through a
 * JavaScript number on its way out of the database.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { ConfigError } from "../core/errors.ts";
import {
  type DialectCapabilities,
  POSTGRES,
  SQLITE,
  type SyncStatement,
  type SyncStatements,
} from "./dialect.ts";
import { migrationProvider } from "./migrations/index.ts";
import type { Database } from "./schema.ts";

export interface Store {
  db: Kysely<Database>;
  dialect: DialectCapabilities;
  /** Where the data lives, with any password removed. */
  description: string;
  close(): Promise<void>;
}

const PG_INT8 = 20;

/** Opens (creating when needed) the database at `url` and applies pending migrations. */
export async function openStore(url: string): Promise<Store> {
  const store = isPostgresUrl(url) ? openPostgres(url) : openSqlite(url);
  try {
    await migrate(store.db);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

function openSqlite(url: string): Store {
  const file = url.replace(/^sqlite:(\/\/)?/i, "");
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const database = new SqliteDatabase(file);
  database.defaultSafeIntegers(true);
  database.pragma("journal_mode = WAL");
  // WAL makes NORMAL durable against application crashes; only a power loss can drop the last commit.
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  // Statement journals in memory: an upsert in a transaction journals the pages it changes so it
  // can be undone alone, and as temp files those writes were most of ingest's system time.
  database.pragma("temp_store = MEMORY");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  const dialect = { ...SQLITE, syncStatements: syncStatements(database, db) };
  return { db, dialect, description: `sqlite:${file}`, close: () => db.destroy() };
}

/** Prepared statements straight on the better-sqlite3 handle, behind Kysely's connection lock. */
function syncStatements(database: SqliteDatabase.Database, db: Kysely<Database>): SyncStatements {
  const cache = new Map<string, SyncStatement>();
  const prepare = (text: string): SyncStatement => {
    let statement = cache.get(text);
    if (!statement) {
      const prepared = database.prepare(text);
      // A query gives its first column (better-sqlite3 refuses `get` on a write, `run` on a query).
      if (prepared.reader) prepared.pluck();
      statement = {
        // Spread, not an array: better-sqlite3 then reads each argument directly instead of
        // looking up array elements through V8's API, a quarter of a 35-value bind.
        run: (parameters) => prepared.run(...parameters).changes,
        value: (parameters) => prepared.get(...parameters),
      };
      cache.set(text, statement);
    }
    return statement;
  };
  // better-sqlite3 runs it synchronously: BEGIN IMMEDIATE, work, COMMIT (ROLLBACK if it throws).
  // IMMEDIATE takes the write lock first, so what work reads holds until it commits.
  const inTransaction = database.transaction((work: (p: typeof prepare) => unknown) =>
    work(prepare),
  ).immediate;
  return {
    // Kysely's SqliteDriver hands its one connection to one caller at a time; holding it here
    // means no Kysely transaction is open (between its awaits) while these statements run.
    transaction: <T>(work: (p: typeof prepare) => T) =>
      db.connection().execute(async () => inTransaction(work) as T),
  };
}

function openPostgres(url: string): Store {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // JIT compilation pays off for long analytical queries; for the ledger's aggregates over a
    // month it cost more than the query itself (bench/overview.ts: 1.25 s → 0.44 s without it).
    // Options given in the URL take precedence.
    options: "-c jit=off",
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === PG_INT8
          ? (value: string) => BigInt(value)
          : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server closed (restart, failover) must not crash the process; the
  // pool drops it and opens a new one on next use.
  pool.on("error", () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: POSTGRES, description: redactUrl(url), close: () => db.destroy() };
}

async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new ConfigError(`database migration ${failed} failed: ${describe(error)}`, [], {
      cause: error,
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A database URL safe to print: the password is replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://(unparseable URL)";
  }
}
