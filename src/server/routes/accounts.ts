import { Hono } from "hono";
import {
  createAccount,
  getAccount,
  listAccounts,
  removeAccount,
  updateAccount,
} from "../../services/accounts.ts";
import type { ServiceContext } from "../../services/context.ts";
import { listSyncRuns } from "../../services/sync/runs.ts";
import { syncAccount } from "../../services/sync/sync-account.ts";
import { readJson, readOptionalJsonObject } from "../read-json.ts";

export function accountRoutes(ctx: ServiceContext) {
  return new Hono()
    .get("/", async (c) => c.json({ accounts: await listAccounts(ctx) }))
    .post("/", async (c) => c.json(await createAccount(ctx, await readJson(c)), 201))
    .get("/:id", async (c) => c.json(await getAccount(ctx, c.req.param("id"))))
    .patch("/:id", async (c) =>
      c.json(await updateAccount(ctx, c.req.param("id"), await readJson(c))),
    )
    .delete("/:id", async (c) => {
      const force = c.req.query("force") === "true";
      return c.json(await removeAccount(ctx, c.req.param("id"), { force }));
    })
    .post("/:id/sync", async (c) => {
      const body = await readOptionalJsonObject(c);
      return c.json(
        await syncAccount(ctx, {
          account_id: c.req.param("id"),
          // Anything but a YYYY-MM-DD date is refused by the window check with the field named.
          from: body.from as string | undefined,
          to: body.to as string | undefined,
          trigger: "api",
        }),
      );
    })
    .get("/:id/sync-runs", async (c) =>
      c.json({ runs: await listSyncRuns(ctx, c.req.param("id")) }),
    );
}
