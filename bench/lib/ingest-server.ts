/**
 * The real HTTP server in a child process, for load tests: the Hono app served by
 * `@hono/node-server` on 127.0.0.1 (an ephemeral port) over the database at
 * `BENCH_DATABASE_URL`, logging nothing, accepting the admin token in `BENCH_ADMIN_TOKEN`.
 * A process of its own so the load generator never shares its event loop.
 *
 * Protocol (IPC): sends `{ type: "listening", url }`; on `{ type: "stop" }` closes the server
 * and the database, sends `{ type: "stopped", rows, peakRssBytes }` and exits. It exits too
 * when the parent goes away.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { sql } from "kysely";
import { hashToken } from "../../src/auth/admin-token.ts";
import { createLogger } from "../../src/logging/logger.ts";
import { createApp } from "../../src/server/app.ts";
import { createServiceContext } from "../../src/services/context.ts";
import { openStore } from "../../src/storage/database.ts";
import { errorHandlerPrintingUnexpected } from "./server-errors.ts";

export type ServerMessage =
  | { type: "listening"; url: string }
  | { type: "stopped"; rows: number; peakRssBytes: number }
  | { type: "failed"; message: string };

function send(message: ServerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) resolve();
    else process.send(message, undefined, undefined, () => resolve());
  });
}

async function main() {
  const url = process.env.BENCH_DATABASE_URL;
  const token = process.env.BENCH_ADMIN_TOKEN;
  if (!url || !token) throw new Error("BENCH_DATABASE_URL and BENCH_ADMIN_TOKEN are required");
  process.on("disconnect", () => process.exit(1));

  const store = await openStore(url);
  const ctx = createServiceContext(store);
  const logger = createLogger(process.env.BENCH_SERVER_LOG_LEVEL ?? "silent");
  const app = createApp({ ctx, adminTokenHash: hashToken(token), logger });
  app.onError(errorHandlerPrintingUnexpected(logger));
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
    s.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;

  process.on("message", async (message: { type?: string }) => {
    if (message?.type !== "stop") return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      if ("closeAllConnections" in server) server.closeAllConnections();
    });
    const { rows } = await sql<{ n: bigint | string }>`select count(*) as n from usage_records`
      .execute(store.db)
      .then((r) => ({ rows: Number(r.rows[0]?.n ?? 0) }));
    await store.close();
    await send({ type: "stopped", rows, peakRssBytes: process.resourceUsage().maxRSS * 1024 });
    process.disconnect();
  });
  await send({ type: "listening", url: `http://127.0.0.1:${port}` });
}

main().catch(async (error: unknown) => {
  await send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
