import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createServiceContext } from "../../src/services/context.ts";
import { ingestUsage } from "../../src/services/ingest.ts";
import { openStore } from "../../src/storage/database.ts";
import { cliRunner } from "../support/cli.ts";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/databases.ts";
import { juneSpend, STATUS_JUNE_20 } from "./fixtures.ts";

describe.each(DIALECTS)("credits CLI on %s", (dialect) => {
  let database: TestDatabase;
  let run: ReturnType<typeof cliRunner>;
  let accountId: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    run = cliRunner({ TOKENLEDGER_DATABASE_URL: database.url });
    const added = await run(
      "accounts",
      "add",
      "--provider",
      "perplexity",
      "--name",
      "research",
      "--json",
    );
    accountId = JSON.parse(added.stdout).id;
    const store = await openStore(database.url);
    await ingestUsage(createServiceContext(store), juneSpend(accountId));
    await store.close();
  });
  afterAll(async () => {
    await database.drop();
  });

  test("credits add --json prints the credit; --top-up and --note are kept", async () => {
    const purchase = await run(
      "credits",
      "add",
      "--account",
      accountId,
      "--amount",
      "50",
      "--date",
      "2025-06-01",
      "--json",
    );
    expect(purchase.code).toBe(0);
    expect(JSON.parse(purchase.stdout)).toEqual({
      id: expect.stringMatching(/^cr_/),
      account_id: accountId,
      date: "2025-06-01",
      amount: "50.00",
      currency: "USD",
      kind: "purchase",
      note: null,
      created_at: expect.any(String),
    });
    const topUp = await run(
      "credits",
      "add",
      "--account",
      accountId,
      "--amount",
      "25.00",
      "--date",
      "2025-06-10",
      "--top-up",
      "--note",
      "auto top-up",
    );
    expect(topUp).toMatchObject({ code: 0, stderr: "" });
    expect(topUp.stdout).toMatch(
      new RegExp(`^Recorded 25\\.00 USD top-up on 2025-06-10 for account ${accountId} \\(cr_`),
    );
    const list = JSON.parse(
      (await run("credits", "list", "--account", accountId, "--json")).stdout,
    );
    expect(list.credits.map((c: { amount: string; kind: string }) => [c.amount, c.kind])).toEqual([
      ["50.00", "purchase"],
      ["25.00", "top_up"],
    ]);
  });

  test("credits status --json gives the exact status", async () => {
    const result = await run(
      "credits",
      "status",
      "--account",
      accountId,
      "--as-of",
      "2025-06-20",
      "--json",
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ account_id: accountId, ...STATUS_JUNE_20 });
  });

  test("credits status prints balance, burn and run-out date, and warns on stderr when low", async () => {
    const result = await run("credits", "status", "--account", accountId, "--as-of", "2025-06-20");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Balance      19.476543211 USD\n");
    expect(result.stdout).toContain("Burn/day     3.108818342 USD (trailing 14 days)\n");
    expect(result.stdout).toContain("Days left    6\n");
    expect(result.stdout).toContain("Runs out on  2025-06-27\n");
    expect(result.stdout).toContain("Status       low\n");
    expect(result.stderr).toBe(
      "warning: balance runs out in 6 days (before 2025-06-27)\n" +
        "warning: 1 record has no price and is not in the spend; the balance may be lower\n",
    );
  });

  test("--warn-days below the days left gives no balance warning", async () => {
    const result = await run(
      "credits",
      "status",
      "--account",
      accountId,
      "--as-of",
      "2025-06-20",
      "--warn-days",
      "5",
    );
    expect(result.stdout).toContain("Status       ok\n");
    expect(result.stderr).not.toContain("runs out");
  });

  test("bad input exits 1 naming the field; a missing option is a usage error", async () => {
    const negative = await run("credits", "add", "--account", accountId, "--amount", "-5");
    expect(negative.code).toBe(1);
    expect(negative.stderr).toContain("amount: must be greater than 0");
    const json = await run("credits", "add", "--account", "acc_nope", "--amount", "5", "--json");
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: { code: "not_found", details: [{ field: "account_id" }] },
    });
    const days = await run("credits", "status", "--account", accountId, "--warn-days", "x");
    expect(days.code).toBe(1);
    expect(days.stderr).toContain("warn_days");
    const missing = await run("credits", "add", "--account", accountId);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--amount");
  });
});
