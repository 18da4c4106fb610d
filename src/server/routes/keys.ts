import { Hono } from "hono";
import { createApiKey, listApiKeys, revokeApiKey } from "../../services/api-keys.ts";
import type { ServiceContext } from "../../services/context.ts";
import { readJson } from "../read-json.ts";

export function keyRoutes(ctx: ServiceContext) {
  return new Hono()
    .get("/", async (c) => c.json({ keys: await listApiKeys(ctx) }))
    .post("/", async (c) => c.json(await createApiKey(ctx, await readJson(c)), 201))
    .delete("/:id", async (c) => c.json(await revokeApiKey(ctx, c.req.param("id"))));
}
