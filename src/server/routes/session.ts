/**
 * Dashboard sign-in and sign-out, mounted at /api/v1/session.
 *
 * `POST` (no auth: it is how one gets a session) checks the admin token in constant time and
 * sets the session and CSRF cookies; `DELETE` signs out (no auth either, so an expired session
 * can still clear its cookies; a live session must send its CSRF token, as every
 * state-changing cookie call does); `GET` sits behind the /api/v1 auth and says who is asking.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { tokenMatches } from "../../auth/admin-token.ts";
import { PayloadTooLargeError } from "../../core/errors.ts";
import { parseInput } from "../../services/parse-input.ts";
import type { AuthEnv } from "../auth.ts";
import { errorBody } from "../errors.ts";
import { readJson } from "../read-json.ts";
import {
  CSRF_HEADER,
  clearSessionCookies,
  csrfMatches,
  type SessionStore,
  sessionOf,
  setSessionCookies,
} from "../session.ts";

/** A sign-in body is one token; anything bigger is not one. */
const MAX_SIGN_IN_BYTES = 4 * 1024;

const signInInput = z.strictObject({
  token: z.string({ error: "is required" }).min(1, "is required").max(1024, "is too long"),
});

/** POST and DELETE /session: reachable without credentials; mount before the auth middleware. */
export function publicSessionRoutes(sessions: SessionStore, adminTokenHash: Buffer) {
  return new Hono()
    .post(
      "/",
      bodyLimit({
        maxSize: MAX_SIGN_IN_BYTES,
        onError: () => {
          throw new PayloadTooLargeError(`a sign-in body is at most ${MAX_SIGN_IN_BYTES} bytes`);
        },
      }),
      async (c) => {
        const { token } = parseInput(signInInput, await readJson(c));
        c.header("Cache-Control", "no-store");
        if (!tokenMatches(token, adminTokenHash)) {
          return c.json(errorBody("unauthorized", "invalid token"), 401);
        }
        // A sign-in replaces the browser's previous session rather than leaving it live.
        const previous = sessionOf(c, sessions);
        if (previous) sessions.destroy(previous.id);
        const session = sessions.create();
        setSessionCookies(c, session);
        return c.json({
          authenticated: true,
          csrf_token: session.csrfToken,
          expires_at: new Date(session.expiresAt).toISOString(),
        });
      },
    )
    .delete("/", (c) => {
      c.header("Cache-Control", "no-store");
      const current = sessionOf(c, sessions);
      if (current && !csrfMatches(current.session, c.req.header(CSRF_HEADER))) {
        return c.json(
          errorBody(
            "csrf_failed",
            `signing out needs the ${CSRF_HEADER} header set to the session's CSRF token`,
            [{ field: CSRF_HEADER, message: "missing or does not match the session" }],
          ),
          403,
        );
      }
      if (current) sessions.destroy(current.id);
      clearSessionCookies(c);
      return c.json({ authenticated: false });
    });
}

/** GET /session behind the /api/v1 auth: 200 when the caller is authenticated (else the 401). */
export function sessionRoutes() {
  return new Hono<AuthEnv>().get("/", (c) => {
    c.header("Cache-Control", "no-store");
    const auth = c.get("auth");
    if (auth.method === "bearer") return c.json({ authenticated: true, method: "bearer" });
    return c.json({
      authenticated: true,
      method: "session",
      csrf_token: auth.session.csrfToken,
      expires_at: new Date(auth.session.expiresAt).toISOString(),
    });
  });
}
