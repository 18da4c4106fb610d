import { Hono } from "hono";
import type { ServiceContext } from "../../services/context.ts";
import { listAllPriceOverrides } from "../../services/price-overrides.ts";
import { listCatalogPrices, quotePrice } from "../../services/prices.ts";
import { recomputePrices } from "../../services/recompute.ts";
import { listUnpricedModels } from "../../services/unpriced.ts";
import { readJson } from "../read-json.ts";

export function priceRoutes(ctx: ServiceContext) {
  return new Hono()
    .get("/", (c) => c.json({ prices: listCatalogPrices(ctx, c.req.query()) }))
    .get("/overrides", async (c) => c.json({ overrides: await listAllPriceOverrides(ctx) }))
    .get("/unpriced", async (c) => c.json(await listUnpricedModels(ctx)))
    .post("/quote", async (c) => c.json(await quotePrice(ctx, await readJson(c))))
    .post("/recompute", async (c) => c.json(await recomputePrices(ctx, await readJson(c))));
}
