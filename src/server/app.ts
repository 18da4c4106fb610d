/**
 * The HTTP application: health, the OpenAPI document, dashboard sign-in, the authenticated
 * /api/v1 routes (bearer token or session cookie), one error envelope, and the built dashboard
 * at `/`. Handlers only parse, call a service, and respond.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { sql } from "kysely";
import { PayloadTooLargeError } from "../core/errors.ts";
import type { Logger } from "../logging/logger.ts";
import type { ServiceContext } from "../services/context.ts";
import { requireAdminToken } from "./auth.ts";
import { errorBody, errorHandler } from "./errors.ts";
import { openApiRoutes } from "./openapi.ts";
import { accountRoutes } from "./routes/accounts.ts";
import { creditRoutes } from "./routes/credits.ts";
import { keyRoutes } from "./routes/keys.ts";
import { manualRoutes } from "./routes/manual.ts";
import { overviewRoutes } from "./routes/overview.ts";
import { priceOverrideRoutes } from "./routes/price-overrides.ts";
import { priceRoutes } from "./routes/prices.ts";
import { reconciliationRoutes } from "./routes/reconciliations.ts";
import { reportRoutes } from "./routes/reports.ts";
import { publicSessionRoutes, sessionRoutes } from "./routes/session.ts";
import { transferRoutes } from "./routes/transfer.ts";
import { usageRoutes } from "./routes/usage.ts";
import { createSessionStore, type SessionStore } from "./session.ts";
import { serveDashboard } from "./static.ts";

/** Big enough for a full 10,000-record batch with metadata. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface AppOptions {
  ctx: ServiceContext;
  adminTokenHash: Buffer;
  logger: Logger;
  /** Dashboard sessions; a fresh in-memory store when not given (see session.ts). */
  sessions?: SessionStore;
  /** The built dashboard; `web/dist` of this checkout when not given (see static.ts). */
  webDistDir?: string | URL;
}

export function createApp({ ctx, adminTokenHash, logger, sessions, webDistDir }: AppOptions) {
  const sessionStore = sessions ?? createSessionStore();
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

  app.route("/api", openApiRoutes());
  // Signing in and out needs no credentials: registered before the /api/v1 auth middleware.
  app.route("/api/v1/session", publicSessionRoutes(sessionStore, adminTokenHash));

  const api = new Hono();
  api.use(requireAdminToken(adminTokenHash, sessionStore));
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
  api.route("/overview", overviewRoutes(ctx));
  api.route("/session", sessionRoutes());
  app.route("/api/v1", api);
  // Last: every other GET is the dashboard's (server paths fall through to the 404 above).
  app.get("*", serveDashboard({ distDir: webDistDir }));
  return app;
}
