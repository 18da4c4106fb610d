import { Hono } from "hono";
import type { ServiceContext } from "../../services/context.ts";
import { estimatePeriod } from "../../services/reconcile/period-estimate.ts";
import {
  listReconciliations,
  reconcilePeriod,
  undoReconciliation,
} from "../../services/reconcile/reconcile.ts";
import { readJson } from "../read-json.ts";

export function reconciliationRoutes(ctx: ServiceContext) {
  return new Hono()
    .get("/", async (c) =>
      c.json({
        reconciliations: await listReconciliations(ctx, {
          account_id: c.req.query("account_id"),
          period: c.req.query("period"),
        }),
      }),
    )
    .get("/estimate", async (c) =>
      c.json(
        await estimatePeriod(ctx, {
          account_id: c.req.query("account_id"),
          period: c.req.query("period"),
        }),
      ),
    )
    .post("/", async (c) => {
      const result = await reconcilePeriod(ctx, await readJson(c));
      return c.json(result, result.status === "preview" ? 200 : 201);
    })
    .post("/:id/undo", async (c) => c.json(await undoReconciliation(ctx, c.req.param("id"))));
}
