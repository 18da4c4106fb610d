/**
 * Storage tests run over every dialect: a real SQLite file and a real PostgreSQL. Each suite
 * gets a database of its own, so suites never see each other's rows. PostgreSQL is not
 * optional: when it cannot be reached the suite fails, it is never skipped.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openStore, type Store } from "../../src/storage/database.ts";

/** Server URL used to create and drop per-suite databases (set by .ci/run). */
export const POSTGRES_ADMIN_URL =
  process.env.TOKENLEDGER_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export const DIALECTS = ["sqlite", "postgres"] as const;
export type DialectName = (typeof DIALECTS)[number];

export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "tokenledger-test-"));
    return {
      url: join(dir, "tokenledger.db"),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `tokenledger_test_${randomBytes(6).toString("hex")}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name}`));
    },
  };
}

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is required for the storage tests and was not reachable at ${POSTGRES_ADMIN_URL}; start it or set TOKENLEDGER_TEST_POSTGRES_URL`,
      { cause: error },
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Opens a migrated store on a fresh database; `close` closes it and drops the database. */
export async function openTestStore(
  dialect: DialectName,
): Promise<Store & { dropAll(): Promise<void> }> {
  const database = await createTestDatabase(dialect);
  const store = await openStore(database.url);
  return {
    ...store,
    async dropAll() {
      await store.close();
      await database.drop();
    },
  };
}
