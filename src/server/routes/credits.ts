import { Hono } from "hono";
import { ValidationError } from "../../core/errors.ts";
import type { ServiceContext } from "../../services/context.ts";
import { addCredit, creditStatus, listCredits } from "../../services/credits/index.ts";
import { readJson } from "../read-json.ts";

/**
 * Prepaid credits (Perplexity), per account:
 * `POST /accounts/:id/credits` records a purchase or top-up (201);
 * `GET /accounts/:id/credits` lists them with the status;
 * `GET /accounts/:id/credits/status?as_of=&warn_days=` gives balance and depletion forecast.
 */
export function creditRoutes(ctx: ServiceContext) {
  return new Hono()
    .post("/accounts/:id/credits", async (c) => {
      const body = await readJson(c);
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        throw new ValidationError("the request body must be a JSON object", [
          { field: "(body)", message: 'must be an object like {"amount":"50.00"}' },
        ]);
      }
      return c.json(await addCredit(ctx, { ...body, account_id: c.req.param("id") }), 201);
    })
    .get("/accounts/:id/credits", async (c) => {
      const accountId = c.req.param("id");
      const credits = await listCredits(ctx, accountId);
      // An account with no credits yet has no balance to give.
      const status =
        credits.length === 0
          ? null
          : await creditStatus(ctx, statusQuery(c.req.query(), accountId));
      return c.json({ account_id: accountId, credits, status });
    })
    .get("/accounts/:id/credits/status", async (c) =>
      c.json(await creditStatus(ctx, statusQuery(c.req.query(), c.req.param("id")))),
    );
}

function statusQuery(query: Record<string, string>, accountId: string) {
  return { account_id: accountId, as_of: query.as_of, warn_days: query.warn_days };
}
