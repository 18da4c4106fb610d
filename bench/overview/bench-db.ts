/**
 * The scratch databases of a scenario: a SQLite file in a new temp directory and a PostgreSQL
 * database named for the process and scenario, each with the app over it and the ledger's
 * accounts, and each registered with the run's cleanup so it is removed also on failure.
 */
import pg from "pg";
import { hashToken } from "../../src/auth/admin-token.ts";
import { createLogger } from "../../src/logging/logger.ts";
import { createApp } from "../../src/server/app.ts";
import { createAccount } from "../../src/services/accounts.ts";
import { createServiceContext, type ServiceContext } from "../../src/services/context.ts";
import { openStore, type Store } from "../../src/storage/database.ts";
import type { Cleanup } from "../lib/cleanup.ts";
import { createSqliteDatabase, POSTGRES_ADMIN_URL } from "../lib/databases.ts";
import { ACCOUNTS, type AccountKey } from "./ledger.ts";
import { ADMIN_TOKEN, DIALECT_TITLES, type Dialect, type ScenarioId } from "./options.ts";

export interface BenchDb {
  title: string;
  dialect: Dialect;
  url: string;
  store: Store;
  ctx: ServiceContext;
  app: ReturnType<typeof createApp>;
  accountIds: Record<AccountKey, string>;
  /** Bytes on disk after loading (table and indexes). */
  sizeBytes: number;
  loadSeconds: number;
  analyzeSeconds: number;
  drop(): Promise<void>;
}

/** Runs `work` on a connection to the PostgreSQL server's admin database. */
export async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The app as the server builds it (admin token, silent log) over `ctx`. */
export function benchApp(ctx: ServiceContext): ReturnType<typeof createApp> {
  return createApp({
    ctx,
    adminTokenHash: hashToken(ADMIN_TOKEN),
    logger: createLogger("silent"),
  });
}

/** A fresh, empty database of `dialect` with the app over it, its clock pinned to `today`. */
export async function openBenchDb(
  dialect: Dialect,
  scenario: ScenarioId,
  today: string,
  cleanup: Cleanup,
): Promise<BenchDb> {
  let url: string;
  let dropDatabase: () => Promise<void>;
  if (dialect === "sqlite") {
    const database = createSqliteDatabase(cleanup, `overview-${scenario}`);
    url = database.url;
    dropDatabase = database.drop;
  } else {
    const name = `tokenledger_bench_overview_${process.pid}_${scenario}`;
    await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    await withAdminClient((c) => c.query(`CREATE DATABASE ${name}`));
    dropDatabase = cleanup.add(`postgres database ${name}`, () =>
      withAdminClient(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
    );
    const parsed = new URL(POSTGRES_ADMIN_URL);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
  }
  const store = await openStore(url);
  const closeStore = cleanup.add(`store ${store.description}`, () => store.close());
  // The overview is "as of" mid-afternoon of --today, the day the data is generated around.
  const now = new Date(`${today}T15:00:00.000Z`);
  const ctx = createServiceContext(store, { now: () => now });
  const app = benchApp(ctx);
  const accountIds = {} as Record<AccountKey, string>;
  for (const { key, provider } of ACCOUNTS) {
    accountIds[key] = (await createAccount(ctx, { provider, name: key })).id;
  }
  return {
    title: DIALECT_TITLES[dialect],
    dialect,
    url,
    store,
    ctx,
    app,
    accountIds,
    sizeBytes: 0,
    loadSeconds: 0,
    analyzeSeconds: 0,
    drop: async () => {
      await closeStore();
      await dropDatabase();
    },
  };
}
