/** An in-memory app over a fresh test database, for `app.request()` tests. */
import { hashToken } from "../../src/auth/admin-token.ts";
import { createLogger } from "../../src/logging/logger.ts";
import { createApp } from "../../src/server/app.ts";
import { createServiceContext } from "../../src/services/context.ts";
import { type DialectName, openTestStore } from "./databases.ts";

export const TEST_TOKEN = "test-admin-token-0123456789abcdef";

export async function openTestApp(dialect: DialectName) {
  const store = await openTestStore(dialect);
  const ctx = createServiceContext(store);
  const app = createApp({
    ctx,
    adminTokenHash: hashToken(TEST_TOKEN),
    logger: createLogger("silent"),
  });
  const call = (method: string, path: string, body?: unknown, token: string | null = TEST_TOKEN) =>
    app.request(path, {
      method,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  return { app, ctx, store, call, close: () => store.dropAll() };
}
