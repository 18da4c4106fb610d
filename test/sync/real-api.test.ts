/**
 * Against the real admin APIs, only when a key is in the environment (never in CI, which has
 * none): verify the key and fetch one day of both endpoints into a throwaway SQLite database.
 */
import { describe, expect, test } from "vitest";
import { addDays, todayUtc } from "../../src/core/time.ts";
import { createAccount } from "../../src/services/accounts.ts";
import { createServiceContext } from "../../src/services/context.ts";
import { syncAccount } from "../../src/services/sync/sync-account.ts";
import { openTestStore } from "../support/databases.ts";

const cases = [
  { provider: "anthropic" as const, key: process.env.ANTHROPIC_ADMIN_KEY },
  { provider: "openai" as const, key: process.env.OPENAI_ADMIN_KEY },
];

for (const { provider, key } of cases) {
  describe.runIf(Boolean(key))(`real ${provider} admin API`, () => {
    test("verifies the key and syncs yesterday", async () => {
      const store = await openTestStore("sqlite");
      const ctx = createServiceContext(store);
      const account = await createAccount(ctx, { provider, name: "real", admin_key: key });
      const yesterday = addDays(todayUtc(), -1);
      const summary = await syncAccount(ctx, {
        account_id: account.id,
        from: yesterday,
        to: todayUtc(),
      });
      expect(summary.outcome).toBe("success");
      await store.dropAll();
    }, 120_000);
  });
}
