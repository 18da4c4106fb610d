/**
 * TokenLedger's real server (`startServer`: the capture proxy on `/proxy/…`), configured as an
 * operator would through the environment: the database at `BENCH_DATABASE_URL`, a fresh data
 * directory `BENCH_DATA_DIR` (its capture journal included), Groq's base URL pointed at the
 * fake upstream `BENCH_UPSTREAM_URL`, scheduler off, logging silent (`BENCH_SERVER_LOG_LEVEL`
 * to see it). It creates an API key with the ingest scope, which the load sends in
 * `x-tokenledger-key` as applications do.
 *
 * `count` stores every captured record now and reports the ledger's totals; `stop` closes the
 * server gracefully (in-flight requests finish, pending records are stored, the database is
 * closed). Runs as a child process (see child.ts); listens on 127.0.0.1 only.
 */
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logging/logger.ts";
import { openRuntime } from "../../src/runtime.ts";
import { startServer } from "../../src/server/serve.ts";
import { createApiKey } from "../../src/services/api-keys.ts";
import { type LedgerCount, runChild } from "./child.ts";
import { ledgerCount } from "./ledger.ts";

runChild("TokenLedger", async () => {
  const env = process.env;
  const required = [
    "BENCH_DATABASE_URL",
    "BENCH_DATA_DIR",
    "BENCH_UPSTREAM_URL",
    "BENCH_ADMIN_TOKEN",
  ];
  for (const name of required) if (!env[name]) throw new Error(`${name} is required`);
  const logLevel = env.BENCH_SERVER_LOG_LEVEL ?? "silent";
  const runtime = await openRuntime(
    loadConfig({
      TOKENLEDGER_DATABASE_URL: env.BENCH_DATABASE_URL,
      TOKENLEDGER_DATA_DIR: env.BENCH_DATA_DIR,
      TOKENLEDGER_HOST: "127.0.0.1",
      TOKENLEDGER_PORT: "0",
      TOKENLEDGER_ADMIN_TOKEN: env.BENCH_ADMIN_TOKEN,
      TOKENLEDGER_SCHEDULER: "off",
      TOKENLEDGER_LOG_LEVEL: logLevel,
      TOKENLEDGER_GROQ_BASE_URL: env.BENCH_UPSTREAM_URL,
    }),
  );
  const server = await startServer(runtime, createLogger(logLevel));
  const { key } = await createApiKey(runtime.ctx, { name: "proxy benchmark" });
  return {
    url: server.url,
    info: { key },
    async count(): Promise<LedgerCount> {
      await server.flushCaptures();
      return ledgerCount(runtime.ctx);
    },
    stop: () => server.close(),
  };
});
