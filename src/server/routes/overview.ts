import { Hono } from "hono";
import type { ServiceContext } from "../../services/context.ts";
import { getOverview } from "../../services/overview.ts";

/** GET /overview?today=YYYY-MM-DD: the dashboard's first page, aggregated on the server. */
export function overviewRoutes(ctx: ServiceContext) {
  return new Hono().get("/", async (c) =>
    c.json(await getOverview(ctx, { today: c.req.query("today") })),
  );
}
