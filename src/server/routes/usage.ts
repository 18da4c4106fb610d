import { Hono } from "hono";
import type { ServiceContext } from "../../services/context.ts";
import { ingestUsage } from "../../services/ingest.ts";
import { listUsage } from "../../services/usage-list.ts";
import { readJson } from "../read-json.ts";

export function usageRoutes(ctx: ServiceContext) {
  return new Hono()
    .get("/", async (c) => c.json(await listUsage(ctx, c.req.query())))
    .post("/", async (c) => c.json(await ingestUsage(ctx, await readJson(c))));
}
