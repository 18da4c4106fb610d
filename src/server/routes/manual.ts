import { type Context, Hono } from "hono";
import { ValidationError } from "../../core/errors.ts";
import type { ServiceContext } from "../../services/context.ts";
import {
  addManualEntry,
  addRecurring,
  deleteManualEntry,
  getRecurring,
  listManualEntries,
  listRecurring,
  manualEntryHistory,
  recurringHistory,
  stopRecurring,
  updateManualEntry,
  updateRecurring,
} from "../../services/manual/index.ts";
import { readJson } from "../read-json.ts";

/** Manual entries and recurring seat plans, mounted under /usage/manual and /recurring. */
export function manualRoutes(ctx: ServiceContext) {
  return new Hono()
    .post("/usage/manual", async (c) => c.json(await addManualEntry(ctx, await readJson(c)), 201))
    .get("/usage/manual", async (c) => c.json(await listManualEntries(ctx, c.req.query())))
    .patch("/usage/manual/:id", async (c) =>
      c.json(await updateManualEntry(ctx, c.req.param("id"), await readJson(c))),
    )
    .delete("/usage/manual/:id", async (c) =>
      c.json(await deleteManualEntry(ctx, c.req.param("id"))),
    )
    .get("/usage/manual/:id/history", async (c) =>
      c.json(await manualEntryHistory(ctx, c.req.param("id"))),
    )
    .post("/recurring", async (c) => c.json(await addRecurring(ctx, await readJson(c)), 201))
    .get("/recurring", async (c) =>
      c.json(await listRecurring(ctx, { account_id: c.req.query("account_id") })),
    )
    .get("/recurring/:id", async (c) => c.json(await getRecurring(ctx, c.req.param("id"))))
    .patch("/recurring/:id", async (c) =>
      c.json(await updateRecurring(ctx, c.req.param("id"), await readJson(c))),
    )
    .post("/recurring/:id/stop", async (c) =>
      c.json(await stopRecurring(ctx, c.req.param("id"), await readOptionalJson(c))),
    )
    .get("/recurring/:id/history", async (c) =>
      c.json(await recurringHistory(ctx, c.req.param("id"))),
    );
}

/** A JSON body that may be left out (an empty body reads as `{}`). */
async function readOptionalJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError(
      "the request body is not valid JSON",
      [{ field: "(body)", message: "must be JSON" }],
      { cause: error },
    );
  }
}
