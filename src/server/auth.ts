/** Bearer-token authentication for every /api route, compared in constant time. */
import type { MiddlewareHandler } from "hono";
import { tokenMatches } from "../auth/admin-token.ts";
import { errorBody } from "./errors.ts";

export function requireAdminToken(expectedHash: Buffer): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) {
      c.header("WWW-Authenticate", 'Bearer realm="tokenledger"');
      return c.json(
        errorBody("unauthorized", "missing bearer token: send Authorization: Bearer <admin token>"),
        401,
      );
    }
    if (!tokenMatches(match[1], expectedHash)) {
      c.header("WWW-Authenticate", 'Bearer realm="tokenledger", error="invalid_token"');
      return c.json(errorBody("unauthorized", "invalid token"), 401);
    }
    await next();
  };
}
