/**
 * An in-memory app for the dashboard tests: like test/support/app.ts, with the options the
 * dashboard adds (session store, dist directory, a pinned clock) and cookie helpers.
 */
import { hashToken } from "../../src/auth/admin-token.ts";
import { createLogger } from "../../src/logging/logger.ts";
import { createApp } from "../../src/server/app.ts";
import type { SessionStore } from "../../src/server/session.ts";
import { createServiceContext } from "../../src/services/context.ts";
import { TEST_TOKEN } from "../support/app.ts";
import { type DialectName, openTestStore } from "../support/databases.ts";

export { TEST_TOKEN };

export interface DashboardAppOptions {
  sessions?: SessionStore;
  webDistDir?: string | URL;
  now?: () => Date;
}

export async function openDashboardApp(dialect: DialectName, options: DashboardAppOptions = {}) {
  const store = await openTestStore(dialect);
  const ctx = createServiceContext(store, options.now ? { now: options.now } : {});
  const app = createApp({
    ctx,
    adminTokenHash: hashToken(TEST_TOKEN),
    logger: createLogger("silent"),
    sessions: options.sessions,
    webDistDir: options.webDistDir,
  });
  return { app, ctx, store, close: () => store.dropAll() };
}

/** The Set-Cookie lines of a response, by cookie name. */
export function setCookies(response: Response): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const line of response.headers.getSetCookie()) {
    const name = line.slice(0, line.indexOf("="));
    cookies.set(name, line);
  }
  return cookies;
}

/** A cookie's value from its Set-Cookie line. */
export function cookieValue(line: string | undefined): string {
  const pair = (line ?? "").split(";")[0] ?? "";
  return pair.slice(pair.indexOf("=") + 1);
}

/** A cookie's attributes (lower-cased names) from its Set-Cookie line. */
export function cookieAttributes(line: string | undefined): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const part of (line ?? "").split(";").slice(1)) {
    const [name = "", ...value] = part.trim().split("=");
    attributes.set(name.toLowerCase(), value.join("="));
  }
  return attributes;
}
