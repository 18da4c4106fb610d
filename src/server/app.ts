/**
 * The HTTP application: health, the authenticated /api/v1 routes, and one error envelope.
 * Handlers only parse, call a service, and respond.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { sql } from "kysely";
import { PayloadTooLargeError } from "../core/errors.ts";
import type { Logger } from "../logging/logger.ts";
import type { ServiceContext } from "../services/context.ts";
import { requireAdminToken } from "./auth.ts";
import { errorBody, errorHandler } from "./errors.ts";
import { accountRoutes } from "./routes/accounts.ts";
import { creditRoutes } from "./routes/credits.ts";
import { keyRoutes } from "./routes/keys.ts";
import { manualRoutes } from "./routes/manual.ts";
import { priceOverrideRoutes } from "./routes/price-overrides.ts";
import { priceRoutes } from "./routes/prices.ts";
import { reconciliationRoutes } from "./routes/reconciliations.ts";
import { reportRoutes } from "./routes/reports.ts";
import { transferRoutes } from "./routes/transfer.ts";
import { usageRoutes } from "./routes/usage.ts";

/** Big enough for a full 10,000-record batch with metadata. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface AppOptions {
  ctx: ServiceContext;
  adminTokenHash: Buffer;
  logger: Logger;
}

export function createApp({ ctx, adminTokenHash, logger }: AppOptions) {
  const app = new Hono();
  app.onError(errorHandler(logger));
  app.notFound((c) =>
    c.json(errorBody("not_found", `no route for ${c.req.method} ${c.req.path}`), 404),
  );

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    logger.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  });

  app.get("/healthz", async (c) => {
    await sql`select 1`.execute(ctx.store.db);
    return c.json({ status: "ok", database: ctx.store.dialect.name });
  });

  const api = new Hono();
  api.use(requireAdminToken(adminTokenHash));
  api.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new PayloadTooLargeError(
          `the request body exceeds ${MAX_BODY_BYTES} bytes; send smaller batches`,
        );
      },
    }),
  );
  api.route("/accounts/:id/prices", priceOverrideRoutes(ctx));
  api.route("/accounts", accountRoutes(ctx));
  api.route("/prices", priceRoutes(ctx));
  api.route("/keys", keyRoutes(ctx));
  // Specific routes first: /usage/manual before the generic /usage handlers.
  api.route("/", manualRoutes(ctx));
  api.route("/", creditRoutes(ctx));
  api.route("/", transferRoutes(ctx));
  api.route("/usage", usageRoutes(ctx));
  api.route("/reports", reportRoutes(ctx));
  api.route("/reconciliations", reconciliationRoutes(ctx));
  app.route("/api/v1", api);
  return app;
}
