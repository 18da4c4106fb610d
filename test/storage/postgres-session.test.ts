/** Settings every PostgreSQL connection of the app gets (see openPostgres in storage/database.ts). */
import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Store } from "../../src/storage/database.ts";
import { openTestStore } from "../support/databases.ts";

let store: Store & { dropAll(): Promise<void> };
beforeAll(async () => {
  store = await openTestStore("postgres");
});
afterAll(async () => {
  await store.dropAll();
});

test("JIT compilation is off: the ledger's month aggregates ran slower with it", async () => {
  const { rows } = await sql<{ jit: string }>`show jit`.execute(store.db);
  expect(rows).toEqual([{ jit: "off" }]);
});
