import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cliRunner } from "../support/cli.ts";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/databases.ts";
import { openTestApp } from "../support/app.ts";

describe.each(DIALECTS)("API keys on %s", (dialect) => {
  let database: TestDatabase;
  let run: ReturnType<typeof cliRunner>;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    run = cliRunner({ TOKENLEDGER_DATABASE_URL: database.url });
  });
  afterAll(async () => {
    await database.drop();
  });

  test("create shows the key once; list shows only its last 4 characters; revoke", async () => {
    const created = JSON.parse(
      (await run("keys", "create", "--name", "checkout", "--json")).stdout,
    );
    expect(created).toMatchObject({
      id: expect.stringMatching(/^key_/),
      name: "checkout",
      scopes: ["ingest"],
      key: expect.stringMatching(/^tl_key_/),
    });
    const listed = await run("keys", "list", "--json");
    expect(listed.stdout).not.toContain(created.key);
    expect(JSON.parse(listed.stdout).keys).toEqual([
      expect.objectContaining({
        id: created.id,
        key_hint: created.key.slice(-4),
        revoked_at: null,
      }),
    ]);
    expect((await run("keys", "revoke", created.id)).stdout).toContain("Revoked");
    expect((await run("keys", "revoke", created.id)).code).toBe(1);
  });
});

describe.each(DIALECTS)("API keys over HTTP on %s", (dialect) => {
  let api: Awaited<ReturnType<typeof openTestApp>>;
  beforeAll(async () => {
    api = await openTestApp(dialect);
  });
  afterAll(async () => {
    await api.close();
  });

  test("POST /keys answers 201 with the key; GET never shows it", async () => {
    const created = await api.call("POST", "/api/v1/keys", { name: "sdk" });
    expect(created.status).toBe(201);
    const key = (await created.json()) as { id: string; key: string };
    const list = await (await api.call("GET", "/api/v1/keys")).text();
    expect(list).not.toContain(key.key);
    expect((await api.call("DELETE", `/api/v1/keys/${key.id}`)).status).toBe(200);
    expect((await api.call("POST", "/api/v1/keys", { name: "" })).status).toBe(400);
  });
});
