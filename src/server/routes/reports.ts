import { Hono } from "hono";
import type { ServiceContext } from "../../services/context.ts";
import { estimateGaps } from "../../services/estimate-gaps.ts";
import { summarizeUsage } from "../../services/reports.ts";

export function reportRoutes(ctx: ServiceContext) {
  return new Hono()
    .get("/estimate-gaps", async (c) => c.json(await estimateGaps(ctx, c.req.query())))
    .get("/summary", async (c) => {
      const { group_by: _ignored, ...filters } = c.req.query();
      // group_by may be repeated (?group_by=a&group_by=b) or comma-separated.
      return c.json(
        await summarizeUsage(ctx, { ...filters, group_by: c.req.queries("group_by") ?? [] }),
      );
    });
}
