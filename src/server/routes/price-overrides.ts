import { type Context, Hono } from "hono";
import type { ServiceContext } from "../../services/context.ts";
import {
  addPriceOverride,
  listPriceOverrides,
  removePriceOverride,
} from "../../services/price-overrides.ts";
import { readJson } from "../read-json.ts";

/** The `:id` of the mount path /accounts/:id/prices. */
function accountId(c: Context): string {
  return c.req.param("id") ?? "";
}

/** Mounted under /accounts/:id/prices. */
export function priceOverrideRoutes(ctx: ServiceContext) {
  return new Hono()
    .get("/", async (c) => c.json({ overrides: await listPriceOverrides(ctx, accountId(c)) }))
    .post("/", async (c) =>
      c.json(await addPriceOverride(ctx, accountId(c), await readJson(c)), 201),
    )
    .delete("/:overrideId", async (c) =>
      c.json(await removePriceOverride(ctx, accountId(c), c.req.param("overrideId"))),
    );
}
