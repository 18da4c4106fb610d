/**
 * Fresh, throw-away databases for a benchmark run: a SQLite file in a new temp directory, or a
 * new PostgreSQL database on the server at the admin URL. Each is registered for removal.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { Cleanup } from "./cleanup.ts";

export const POSTGRES_ADMIN_URL =
  process.env.TOKENLEDGER_BENCH_POSTGRES_URL ??
  process.env.TOKENLEDGER_TEST_POSTGRES_URL ??
  "postgres://postgres@127.0.0.1:5432/postgres";

export interface BenchDatabase {
  dialect: "sqlite" | "postgres";
  url: string;
  /** Removes the database; safe to call twice. */
  drop(): Promise<void>;
}

export function createSqliteDatabase(cleanup: Cleanup, label: string): BenchDatabase {
  const dir = mkdtempSync(join(tmpdir(), `tokenledger-bench-${label}-`));
  const drop = cleanup.add(`sqlite ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  return { dialect: "sqlite", url: join(dir, "tokenledger.db"), drop };
}

export async function createPostgresDatabase(
  cleanup: Cleanup,
  adminUrl: string = POSTGRES_ADMIN_URL,
): Promise<BenchDatabase> {
  const name = `tokenledger_bench_${randomBytes(6).toString("hex")}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const drop = cleanup.add(`postgres database ${name}`, async () => {
    await withClient(adminUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    );
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { dialect: "postgres", url: url.toString(), drop };
}

/** The PostgreSQL server version, or a clear error when it cannot be reached. */
export async function postgresVersion(adminUrl: string = POSTGRES_ADMIN_URL): Promise<string> {
  const result = await withClient(adminUrl, (client) =>
    client.query<{ server_version: string }>("SHOW server_version"),
  );
  return result.rows[0]?.server_version ?? "unknown";
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL was not reachable at ${url}; start it or set TOKENLEDGER_BENCH_POSTGRES_URL`,
      { cause: error },
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
