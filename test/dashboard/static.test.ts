/**
 * The dashboard's files at `/`. Serving files involves no ledger data, so these run on SQLite
 * only (the app needs a store to exist).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { pathSegments } from "../../src/server/static.ts";
import { openDashboardApp, TEST_TOKEN } from "./support.ts";

const INDEX =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/index-4f3a9c.js"></script></body></html>';
const SCRIPT = "console.log('tokenledger dashboard');\n";
const SECRET = "outside the dist directory";

describe("a built dashboard", () => {
  let dir: string;
  let dist: string;
  let api: Awaited<ReturnType<typeof openDashboardApp>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tokenledger-web-"));
    dist = join(dir, "dist");
    mkdirSync(join(dist, "assets"), { recursive: true });
    writeFileSync(join(dist, "index.html"), INDEX);
    writeFileSync(join(dist, "assets", "index-4f3a9c.js"), SCRIPT);
    writeFileSync(join(dist, "assets", "index-77be01.css"), "body{margin:0}");
    writeFileSync(join(dist, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
    writeFileSync(join(dir, "secret.txt"), SECRET);
    // A link inside dist that points out of it must not be followed out.
    symlinkSync(join(dir, "secret.txt"), join(dist, "leak.txt"));
    api = await openDashboardApp("sqlite", { webDistDir: dist });
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    api.app.request(path, { headers });

  test("/ serves index.html, revalidated on every load, with a strict CSP", async () => {
    const response = await get("/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(await response.text()).toBe(INDEX);
  });

  test("hashed assets get their content type and a year of immutable caching", async () => {
    const script = await get("/assets/index-4f3a9c.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(script.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await script.text()).toBe(SCRIPT);

    const style = await get("/assets/index-77be01.css");
    expect(style.headers.get("content-type")).toBe("text/css; charset=utf-8");
    const icon = await get("/favicon.svg");
    expect(icon.headers.get("content-type")).toBe("image/svg+xml");
    expect(icon.headers.get("cache-control")).toBe("no-cache");
  });

  test("a missing asset is a 404, not the HTML page", async () => {
    const response = await get("/assets/index-000000.js");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
  });

  test("any other path without a file is the single-page app's index.html", async () => {
    for (const path of ["/accounts", "/accounts/acc_123/sync", "/reports?from=2025-01-01"]) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await response.text()).toBe(INDEX);
    }
  });

  test("the server's own paths keep their JSON answers and 404s", async () => {
    const health = await get("/healthz");
    expect(await health.json()).toMatchObject({ status: "ok" });
    const auth = { authorization: `Bearer ${TEST_TOKEN}` };
    for (const path of ["/api/v1/nowhere", "/api/nowhere", "/proxy", "/metrics", "/api"]) {
      const response = await get(path, auth);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
    }
    const unauthenticated = await get("/api/v1/nowhere");
    expect(unauthenticated.status).toBe(401);
  });

  test("path traversal is refused", async () => {
    for (const path of [
      "/..%2f..%2fpackage.json",
      "/assets/..%2f..%2f..%2fpackage.json",
      "/%2e%2e%2fsecret.txt",
      "/..%5c..%5cpackage.json",
      "/assets/%00index-4f3a9c.js",
      "/%E0%A4%A",
    ]) {
      const response = await get(path);
      expect(response.status).toBe(400);
      const body = await response.text();
      expect(body).not.toContain('"name": "tokenledger"');
      expect(body).not.toContain(SECRET);
    }
  });

  test("dot segments are resolved by the URL and stay inside the dist directory", async () => {
    // The URL parser folds these before any file is looked up: they can only reach dist.
    for (const path of ["/../../package.json", "/assets/../../secret.txt", "/%2e%2e/secret.txt"]) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(INDEX);
    }
  });

  test("a symbolic link out of the dist directory is not followed", async () => {
    const response = await get("/leak.txt");
    const body = await response.text();
    expect(body).not.toContain(SECRET);
    expect(body).toBe(INDEX);
  });

  test("HEAD answers without a body and a matching ETag answers 304", async () => {
    const head = await api.app.request("/assets/index-4f3a9c.js", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const etag = head.headers.get("etag") ?? "";
    expect(etag).toMatch(/^W\/"/);
    const cached = await get("/assets/index-4f3a9c.js", { "if-none-match": etag });
    expect(cached.status).toBe(304);
  });

  test("only GET and HEAD reach the dashboard", async () => {
    const response = await api.app.request("/accounts", { method: "POST" });
    expect(response.status).toBe(404);
  });
});

describe("a dashboard not built yet", () => {
  let api: Awaited<ReturnType<typeof openDashboardApp>>;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tokenledger-web-"));
    api = await openDashboardApp("sqlite", { webDistDir: join(dir, "missing", "dist") });
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("/ and every dashboard path answer 200 with how to build it", async () => {
    for (const path of ["/", "/accounts", "/assets/index-4f3a9c.js"]) {
      const response = await api.app.request(path);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await response.text()).toContain("npm run build:web");
    }
  });

  test("the API is unaffected", async () => {
    const health = await api.app.request("/healthz");
    expect(health.status).toBe(200);
    const spec = await api.app.request("/api/openapi.json");
    expect(spec.status).toBe(200);
  });
});

describe("the default dist directory", () => {
  test("the checkout's web/dist, built or not, answers / with a page", async () => {
    const api = await openDashboardApp("sqlite");
    const response = await api.app.request("/");
    await api.close();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
  });
});

describe("path segments", () => {
  test.each([
    ["/", []],
    ["/assets/app.js", ["assets", "app.js"]],
    ["/a//b/", ["a", "b"]],
    ["/hello%20world", ["hello world"]],
    ["/..%2fx", null],
    ["/.", null],
    ["/a/%2E%2E", null],
    ["/a%5cb", null],
    ["/a%00", null],
    ["/%ZZ", null],
  ])("%s", (path, expected) => {
    expect(pathSegments(path)).toEqual(expected);
  });
});
