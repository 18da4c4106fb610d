import { Hono } from "hono";
import { createAccount, getAccount, listAccounts, removeAccount } from "../../services/accounts.ts";
import type { ServiceContext } from "../../services/context.ts";
import { readJson } from "../read-json.ts";

export function accountRoutes(ctx: ServiceContext) {
  return new Hono()
    .get("/", async (c) => c.json({ accounts: await listAccounts(ctx) }))
    .post("/", async (c) => c.json(await createAccount(ctx, await readJson(c)), 201))
    .get("/:id", async (c) => c.json(await getAccount(ctx, c.req.param("id"))))
    .delete("/:id", async (c) => {
      const force = c.req.query("force") === "true";
      return c.json(await removeAccount(ctx, c.req.param("id"), { force }));
    });
}
