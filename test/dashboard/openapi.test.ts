/**
 * The OpenAPI document cannot drift from the app: every route registered under /api is in it,
 * and every path in it is a registered route. No ledger data is involved (SQLite only).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openApiDocument } from "../../src/server/openapi.ts";
import { openDashboardApp } from "./support.ts";

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);

describe("the OpenAPI document", () => {
  let api: Awaited<ReturnType<typeof openDashboardApp>>;
  let spec: {
    openapi: string;
    paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
    components: {
      securitySchemes: Record<string, { type: string; in?: string; name?: string }>;
      schemas: Record<string, unknown>;
    };
  };
  /** "METHOD /path/{param}" for every route the app registered under /api. */
  let registered: Set<string>;

  beforeAll(async () => {
    api = await openDashboardApp("sqlite");
    const response = await api.app.request("/api/openapi.json");
    expect(response.status).toBe(200);
    spec = (await response.json()) as typeof spec;
    registered = new Set(
      api.app.routes
        .filter((r) => METHODS.has(r.method) && r.path.startsWith("/api/"))
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`),
    );
  });
  afterAll(async () => {
    await api.close();
  });

  test("is OpenAPI 3.1, served without credentials, equal to the exported document", () => {
    expect(spec.openapi).toBe("3.1.0");
    expect(spec).toEqual(JSON.parse(JSON.stringify(openApiDocument)));
  });

  test("lists every route registered on the app", () => {
    const documented = new Set(
      Object.entries(spec.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    expect(registered.size).toBeGreaterThan(40);
    expect([...registered].filter((route) => !documented.has(route))).toEqual([]);
  });

  test("documents no route the app does not have", () => {
    const documented = Object.entries(spec.paths)
      .filter(([path]) => path.startsWith("/api/"))
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      );
    expect(documented.filter((route) => !registered.has(route))).toEqual([]);
  });

  test("includes the dashboard's routes and the ones the issue names", () => {
    for (const route of [
      "GET /api/v1/overview",
      "POST /api/v1/session",
      "GET /api/v1/session",
      "DELETE /api/v1/session",
      "GET /api/v1/accounts",
      "POST /api/v1/accounts/{id}/sync",
      "GET /api/v1/accounts/{id}/sync-runs",
      "GET /api/v1/accounts/{id}/prices",
      "GET /api/v1/keys",
      "GET /api/v1/usage",
      "POST /api/v1/usage",
      "POST /api/v1/usage/manual",
      "POST /api/v1/recurring",
      "GET /api/v1/reports/summary",
      "GET /api/v1/reports/estimate-gaps",
      "POST /api/v1/reconciliations",
      "GET /api/v1/accounts/{id}/credits",
      "POST /api/v1/import",
      "GET /api/v1/export/records",
      "GET /healthz",
      "GET /api/openapi.json",
    ]) {
      const [method = "", path = ""] = route.split(" ");
      expect(spec.paths[path]?.[method.toLowerCase()], route).toBeDefined();
    }
  });

  test("describes bearer and cookie auth, CSRF on writes, and public sign-in", () => {
    expect(spec.components.securitySchemes).toMatchObject({
      bearerAuth: { type: "http", scheme: "bearer" },
      sessionCookie: { type: "apiKey", in: "cookie", name: "tl_session" },
      csrfHeader: { type: "apiKey", in: "header", name: "x-tokenledger-csrf" },
    });
    expect(spec.paths["/api/v1/accounts"]?.get?.security).toEqual([
      { bearerAuth: [] },
      { sessionCookie: [] },
    ]);
    expect(spec.paths["/api/v1/accounts"]?.post?.security).toEqual([
      { bearerAuth: [] },
      { sessionCookie: [], csrfHeader: [] },
    ]);
    expect(spec.paths["/api/v1/session"]?.post?.security).toEqual([]);
    expect(spec.paths["/api/openapi.json"]?.get?.security).toEqual([]);
  });

  test("has the one error envelope, and every $ref resolves", () => {
    expect(spec.components.schemas.ErrorEnvelope).toMatchObject({
      properties: { error: { required: ["code", "message", "details"] } },
    });
    const refs = new Set<string>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === "object") {
        for (const [key, child] of Object.entries(value)) {
          if (key === "$ref" && typeof child === "string") refs.add(child);
          else walk(child);
        }
      }
    };
    walk(spec);
    expect(refs.size).toBeGreaterThan(3);
    const unresolved = [...refs].filter((ref) => {
      const target = ref
        .replace(/^#\//, "")
        .split("/")
        .reduce<unknown>(
          (node, key) => (node as Record<string, unknown> | undefined)?.[key],
          spec as unknown,
        );
      return target === undefined;
    });
    expect(unresolved).toEqual([]);
  });

  test("operation ids are unique", () => {
    const ids = Object.values(spec.paths).flatMap((operations) =>
      Object.values(operations).map((op) => (op as { operationId: string }).operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });
});
