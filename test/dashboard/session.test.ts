import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createSessionStore } from "../../src/server/session.ts";
import { DIALECTS } from "../support/databases.ts";
import {
  cookieAttributes,
  cookieValue,
  openDashboardApp,
  setCookies,
  TEST_TOKEN,
} from "./support.ts";

type App = Awaited<ReturnType<typeof openDashboardApp>>;

interface Login {
  session: string;
  csrf: string;
  cookies: Map<string, string>;
  body: { authenticated: boolean; csrf_token: string; expires_at: string };
}

async function signIn(api: App, headers: Record<string, string> = {}, url = "/api/v1/session") {
  const response = await api.app.request(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ token: TEST_TOKEN }),
  });
  expect(response.status).toBe(200);
  const cookies = setCookies(response);
  const login: Login = {
    session: cookieValue(cookies.get("tl_session")),
    csrf: cookieValue(cookies.get("tl_csrf")),
    cookies,
    body: (await response.json()) as Login["body"],
  };
  return login;
}

function withCookie(api: App, login: Pick<Login, "session">) {
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    api.app.request(path, {
      method,
      headers: {
        cookie: `tl_session=${login.session}; tl_csrf=ignored-by-the-server`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

describe.each(DIALECTS)("dashboard sessions on %s", (dialect) => {
  let api: App;

  beforeAll(async () => {
    api = await openDashboardApp(dialect);
  });
  afterAll(async () => {
    await api.close();
  });

  test("signing in sets an HttpOnly, SameSite=Strict session cookie and a readable CSRF cookie", async () => {
    const login = await signIn(api);
    expect(login.body).toEqual({
      authenticated: true,
      csrf_token: login.csrf,
      expires_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    // 256 random bits, base64url: 43 characters.
    expect(login.session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(login.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(login.csrf).not.toBe(login.session);

    const session = cookieAttributes(login.cookies.get("tl_session"));
    expect(session.has("httponly")).toBe(true);
    expect(session.get("samesite")).toBe("Strict");
    expect(session.get("path")).toBe("/");
    expect(session.has("secure")).toBe(false);

    const csrf = cookieAttributes(login.cookies.get("tl_csrf"));
    expect(csrf.has("httponly")).toBe(false);
    expect(csrf.get("samesite")).toBe("Strict");
    expect(csrf.get("path")).toBe("/");
    expect(csrf.has("secure")).toBe(false);
  });

  test("over https (forwarded by a proxy or direct) both cookies are Secure", async () => {
    const forwarded = await signIn(api, { "x-forwarded-proto": "https" });
    const direct = await signIn(api, {}, "https://ledger.example/api/v1/session");
    for (const login of [forwarded, direct]) {
      expect(cookieAttributes(login.cookies.get("tl_session")).has("secure")).toBe(true);
      expect(cookieAttributes(login.cookies.get("tl_csrf")).has("secure")).toBe(true);
    }
  });

  test("a wrong or missing token is refused in the error envelope, and no cookie is set", async () => {
    const wrong = await api.app.request("/api/v1/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: "not-the-token" }),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      error: { code: "unauthorized", message: "invalid token", details: [] },
    });
    expect(wrong.headers.getSetCookie()).toEqual([]);

    const missing = await api.app.request("/api/v1/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({}),
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      error: { code: "validation_error", details: [{ field: "token", message: "is required" }] },
    });
  });

  test("the session cookie authenticates reads", async () => {
    const login = await signIn(api);
    const call = withCookie(api, login);
    const accounts = await call("GET", "/api/v1/accounts");
    expect(accounts.status).toBe(200);
    expect(await accounts.json()).toEqual({ accounts: expect.any(Array) });

    const status = await call("GET", "/api/v1/session");
    expect(status.status).toBe(200);
    expect(await status.json()).toEqual({
      authenticated: true,
      method: "session",
      csrf_token: login.csrf,
      expires_at: expect.any(String),
    });
  });

  test("with the cookie, a state-changing call needs the session's CSRF token", async () => {
    const login = await signIn(api);
    const other = await signIn(api);
    const call = withCookie(api, login);
    const body = { provider: "groq", name: `csrf-${dialect}` };

    const bare = await call("POST", "/api/v1/accounts", body);
    expect(bare.status).toBe(403);
    expect(await bare.json()).toMatchObject({
      error: { code: "csrf_failed", message: expect.any(String), details: expect.any(Array) },
    });
    // Another session's token, or the cookie's own value echoed, is not this session's.
    const foreign = await call("POST", "/api/v1/accounts", body, {
      "x-tokenledger-csrf": other.csrf,
    });
    expect(foreign.status).toBe(403);
    const echoed = await call("POST", "/api/v1/accounts", body, {
      "x-tokenledger-csrf": "ignored-by-the-server",
    });
    expect(echoed.status).toBe(403);

    const ok = await call("POST", "/api/v1/accounts", body, { "x-tokenledger-csrf": login.csrf });
    expect(ok.status).toBe(201);
    const { id } = (await ok.json()) as { id: string };

    const patch = await call("PATCH", `/api/v1/accounts/${id}`, { name: "renamed" });
    expect(patch.status).toBe(403);
    const remove = await call("DELETE", `/api/v1/accounts/${id}`);
    expect(remove.status).toBe(403);
    const removed = await call("DELETE", `/api/v1/accounts/${id}`, undefined, {
      "x-tokenledger-csrf": login.csrf,
    });
    expect(removed.status).toBe(200);
  });

  test("bearer requests need no CSRF token, and a bad bearer is not rescued by a cookie", async () => {
    const created = await api.app.request("/api/v1/accounts", {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ provider: "groq", name: `bearer-${dialect}` }),
    });
    expect(created.status).toBe(201);

    const bearerStatus = await api.app.request("/api/v1/session", {
      headers: { authorization: `Bearer ${TEST_TOKEN}` },
    });
    expect(await bearerStatus.json()).toEqual({ authenticated: true, method: "bearer" });

    const login = await signIn(api);
    const badBearer = await withCookie(api, login)("GET", "/api/v1/accounts", undefined, {
      authorization: "Bearer not-the-token",
    });
    expect(badBearer.status).toBe(401);
  });

  test("without credentials, or with an unknown cookie, /api/v1 answers 401 in the envelope", async () => {
    const attempts: Record<string, string>[] = [{}, { cookie: "tl_session=forged-session-id" }];
    for (const headers of attempts) {
      for (const path of ["/api/v1/session", "/api/v1/accounts", "/api/v1/overview"]) {
        const response = await api.app.request(path, { headers });
        expect(response.status).toBe(401);
        expect(await response.json()).toMatchObject({
          error: { code: "unauthorized", message: expect.any(String), details: [] },
        });
      }
    }
  });

  test("signing out needs the CSRF token, forgets the session and clears both cookies", async () => {
    const login = await signIn(api);
    const call = withCookie(api, login);

    const forged = await call("DELETE", "/api/v1/session");
    expect(forged.status).toBe(403);
    expect((await call("GET", "/api/v1/accounts")).status).toBe(200);

    const out = await call("DELETE", "/api/v1/session", undefined, {
      "x-tokenledger-csrf": login.csrf,
    });
    expect(out.status).toBe(200);
    expect(await out.json()).toEqual({ authenticated: false });
    const cleared = setCookies(out);
    expect(cookieValue(cleared.get("tl_session"))).toBe("");
    expect(cookieAttributes(cleared.get("tl_session")).get("max-age")).toBe("0");
    expect(cookieAttributes(cleared.get("tl_csrf")).get("max-age")).toBe("0");

    expect((await call("GET", "/api/v1/accounts")).status).toBe(401);
    expect((await call("GET", "/api/v1/session")).status).toBe(401);
    // Signing out again (an expired tab) still answers and clears the cookies.
    const again = await call("DELETE", "/api/v1/session");
    expect(again.status).toBe(200);
    expect(setCookies(again).has("tl_session")).toBe(true);
  });

  test("signing in again replaces the browser's previous session", async () => {
    const first = await signIn(api);
    const second = await api.app.request("/api/v1/session", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: `tl_session=${first.session}` },
      body: JSON.stringify({ token: TEST_TOKEN }),
    });
    expect(second.status).toBe(200);
    expect((await withCookie(api, first)("GET", "/api/v1/accounts")).status).toBe(401);
    const next = cookieValue(setCookies(second).get("tl_session"));
    expect((await withCookie(api, { session: next })("GET", "/api/v1/accounts")).status).toBe(200);
  });
});

describe("session expiry", () => {
  const HOUR = 60 * 60 * 1000;
  let clock = 0;
  let api: App;

  beforeAll(async () => {
    api = await openDashboardApp("sqlite", { sessions: createSessionStore({ now: () => clock }) });
  });
  afterAll(async () => {
    await api.close();
  });

  test("a session slides 12 hours from its last use", async () => {
    clock = 0;
    const call = withCookie(api, await signIn(api));
    clock = 11 * HOUR;
    expect((await call("GET", "/api/v1/accounts")).status).toBe(200);
    clock = 22 * HOUR;
    expect((await call("GET", "/api/v1/accounts")).status).toBe(200);
    clock = 34 * HOUR + 1;
    expect((await call("GET", "/api/v1/accounts")).status).toBe(401);
  });

  test("however active, a session ends 7 days after sign-in", async () => {
    clock = 0;
    const call = withCookie(api, await signIn(api));
    for (let hours = 10; hours < 7 * 24; hours += 10) {
      clock = hours * HOUR;
      expect((await call("GET", "/api/v1/accounts")).status).toBe(200);
    }
    clock = 7 * 24 * HOUR;
    expect((await call("GET", "/api/v1/accounts")).status).toBe(401);
  });

  test("the store keeps at most its limit of sessions, dropping the oldest", () => {
    const store = createSessionStore({ maxSessions: 4, now: () => 0 });
    const ids = Array.from({ length: 6 }, () => store.create().id);
    expect(store.size).toBeLessThanOrEqual(4);
    expect(store.touch(ids[0] ?? "")).toBeUndefined();
    expect(store.touch(ids[5] ?? "")).toBeDefined();
  });
});
