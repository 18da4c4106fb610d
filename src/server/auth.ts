/**
 * Authentication for every /api/v1 route: either `Authorization: Bearer <admin token>`
 * (compared in constant time, no CSRF token needed) or a dashboard session cookie. With the
 * cookie, state-changing methods must also carry the session's CSRF token in
 * `x-tokenledger-csrf` (see session.ts); without it they are refused with 403 csrf_failed.
 */
import type { Context, MiddlewareHandler } from "hono";
import { tokenMatches } from "../auth/admin-token.ts";
import { errorBody } from "./errors.ts";
import {
  CSRF_HEADER,
  csrfMatches,
  isStateChanging,
  type Session,
  type SessionStore,
  sessionOf,
} from "./session.ts";

/** How a request was authenticated; set on the context as `auth` for the handlers. */
export type AuthInfo = { method: "bearer" } | { method: "session"; session: Session };

export type AuthEnv = { Variables: { auth: AuthInfo } };

/**
 * Accepts the admin token as a bearer token, or, when `sessions` is given, a live session
 * cookie (plus the CSRF header on state-changing methods). A request that sends an
 * Authorization header is judged by it alone.
 */
export function requireAdminToken(
  expectedHash: Buffer,
  sessions?: SessionStore,
): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (header !== undefined && header !== "") {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match?.[1]) return missingCredentials(c, sessions !== undefined);
      if (!tokenMatches(match[1], expectedHash)) {
        c.header("WWW-Authenticate", 'Bearer realm="tokenledger", error="invalid_token"');
        return c.json(errorBody("unauthorized", "invalid token"), 401);
      }
      c.set("auth", { method: "bearer" });
      return next();
    }
    const current = sessions ? sessionOf(c, sessions) : undefined;
    if (!current) return missingCredentials(c, sessions !== undefined);
    if (isStateChanging(c.req.method) && !csrfMatches(current.session, c.req.header(CSRF_HEADER))) {
      return c.json(
        errorBody(
          "csrf_failed",
          `a ${c.req.method} with the session cookie needs the ${CSRF_HEADER} header set to the session's CSRF token (the tl_csrf cookie)`,
          [{ field: CSRF_HEADER, message: "missing or does not match the session" }],
        ),
        403,
      );
    }
    c.set("auth", { method: "session", session: current.session });
    return next();
  };
}

function missingCredentials(c: Context, sessionsEnabled: boolean) {
  c.header("WWW-Authenticate", 'Bearer realm="tokenledger"');
  return c.json(
    errorBody(
      "unauthorized",
      sessionsEnabled
        ? "not signed in: send Authorization: Bearer <admin token>, or sign in with POST /api/v1/session"
        : "missing bearer token: send Authorization: Bearer <admin token>",
    ),
    401,
  );
}
