/**
 * Dashboard sessions: signing in with the admin token gives a browser an opaque session cookie
 * (`tl_session`, HttpOnly, SameSite=Strict, Secure over https) and a readable CSRF token
 * (`tl_csrf`). State-changing calls made with the cookie must echo the CSRF token in the
 * `x-tokenledger-csrf` header (double submit, checked against the token held server-side).
 *
 * Sessions live in this process's memory: they expire after 12 hours without use (sliding) and
 * at the latest 7 days after sign-in, and they end when the process restarts. Several server
 * instances behind one load balancer therefore need sticky sessions, or users sign in again
 * when routed to another instance; bearer-token clients are unaffected. The store is an
 * interface so a shared (database) store can replace this one without touching the routes.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

export const SESSION_COOKIE = "tl_session";
export const CSRF_COOKIE = "tl_csrf";
export const CSRF_HEADER = "x-tokenledger-csrf";

/** Sliding expiry: a session unused this long is gone. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** However active, a session ends this long after sign-in. */
export const SESSION_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** Sessions kept at most; the oldest go first (only an admin-token holder can create them). */
export const MAX_SESSIONS = 10_000;

export interface Session {
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

export interface NewSession extends Session {
  /** The cookie value: 256 random bits. Only its SHA-256 is kept as the store's key. */
  id: string;
}

export interface SessionStoreOptions {
  idleMs?: number;
  maxAgeMs?: number;
  maxSessions?: number;
  /** Injected so tests can move time. */
  now?: () => number;
}

export interface SessionStore {
  create(): NewSession;
  /** The live session for a cookie value, its idle expiry extended; undefined if unknown or expired. */
  touch(id: string): Session | undefined;
  destroy(id: string): void;
  readonly size: number;
}

export function createSessionStore(options: SessionStoreOptions = {}): SessionStore {
  const idleMs = options.idleMs ?? SESSION_IDLE_MS;
  const maxAgeMs = options.maxAgeMs ?? SESSION_MAX_AGE_MS;
  const maxSessions = options.maxSessions ?? MAX_SESSIONS;
  const now = options.now ?? Date.now;
  // Keyed by the id's hash: a lookup never compares secrets, and a heap dump holds no cookie.
  const sessions = new Map<string, Session>();

  const prune = (at: number) => {
    for (const [key, session] of sessions) if (session.expiresAt <= at) sessions.delete(key);
    // Map iteration is insertion order: the first entries are the oldest sign-ins.
    for (const key of sessions.keys()) {
      if (sessions.size < maxSessions) break;
      sessions.delete(key);
    }
  };

  return {
    create() {
      const at = now();
      if (sessions.size >= maxSessions / 2) prune(at);
      const id = randomToken();
      const session: Session = {
        csrfToken: randomToken(),
        createdAt: at,
        expiresAt: Math.min(at + idleMs, at + maxAgeMs),
      };
      sessions.set(keyOf(id), session);
      return { id, ...session };
    },
    touch(id) {
      const key = keyOf(id);
      const session = sessions.get(key);
      if (!session) return undefined;
      const at = now();
      if (session.expiresAt <= at) {
        sessions.delete(key);
        return undefined;
      }
      session.expiresAt = Math.min(at + idleMs, session.createdAt + maxAgeMs);
      return session;
    },
    destroy(id) {
      sessions.delete(keyOf(id));
    },
    get size() {
      return sessions.size;
    },
  };
}

/** Constant-time check of a presented CSRF token against the session's. */
export function csrfMatches(session: Session, presented: string | undefined): boolean {
  if (!presented) return false;
  return timingSafeEqual(digest(presented), digest(session.csrfToken));
}

/** The session a request's cookie names, if it is live (and extends it). */
export function sessionOf(
  c: Context,
  store: SessionStore,
): { id: string; session: Session } | undefined {
  const id = getCookie(c, SESSION_COOKIE);
  if (!id) return undefined;
  const session = store.touch(id);
  return session ? { id, session } : undefined;
}

/** True when the client reached us over https, directly or through a TLS-terminating proxy. */
export function isHttps(c: Context): boolean {
  const forwarded = c.req.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === "https";
  return new URL(c.req.url).protocol === "https:";
}

/** Sets the session cookie and the readable CSRF cookie. Both last as long as the browser session. */
export function setSessionCookies(c: Context, session: NewSession): void {
  const secure = isHttps(c);
  setCookie(c, SESSION_COOKIE, session.id, {
    path: "/",
    httpOnly: true,
    sameSite: "Strict",
    secure,
  });
  setCookie(c, CSRF_COOKIE, session.csrfToken, {
    path: "/",
    httpOnly: false,
    sameSite: "Strict",
    secure,
  });
}

export function clearSessionCookies(c: Context): void {
  const secure = isHttps(c);
  deleteCookie(c, SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "Strict", secure });
  deleteCookie(c, CSRF_COOKIE, { path: "/", sameSite: "Strict", secure });
}

/** Methods that change state and so need the CSRF header when authenticated by cookie. */
export function isStateChanging(method: string): boolean {
  return !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());
}

function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

function keyOf(id: string): string {
  return digest(id).toString("hex");
}
