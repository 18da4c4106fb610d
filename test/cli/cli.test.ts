import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAccount } from "../../src/services/accounts.ts";
import { createServiceContext } from "../../src/services/context.ts";
import { ingestUsage } from "../../src/services/ingest.ts";
import { openStore } from "../../src/storage/database.ts";
import { cliRunner } from "../support/cli.ts";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/databases.ts";

describe.each(DIALECTS)("CLI on %s", (dialect) => {
  let database: TestDatabase;
  let run: ReturnType<typeof cliRunner>;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    run = cliRunner({ TOKENLEDGER_DATABASE_URL: database.url });
  });
  afterAll(async () => {
    await database.drop();
  });

  test("accounts add --json prints the account; list shows it", async () => {
    const added = await run(
      "accounts",
      "add",
      "--provider",
      "groq",
      "--name",
      "groq-prod",
      "--json",
    );
    expect(added.code).toBe(0);
    const account = JSON.parse(added.stdout);
    expect(account).toMatchObject({
      id: expect.stringMatching(/^acc_/),
      provider: "groq",
      name: "groq-prod",
    });
    const listed = await run("accounts", "list", "--json");
    expect(JSON.parse(listed.stdout).accounts).toEqual([account]);
    const table = await run("accounts", "list");
    expect(table.stdout).toContain(account.id);
    expect(table.stdout).toContain("Groq");
  });

  test("a bad provider exits 1 with a message, not a stack trace", async () => {
    const result = await run("accounts", "add", "--provider", "mistral", "--name", "x");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: invalid input: provider must be one of anthropic, openai/,
    );
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
    const json = await run("accounts", "add", "--provider", "mistral", "--name", "x", "--json");
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: "validation_error" } });
  });

  test("a missing option is a usage error (exit 2)", async () => {
    const result = await run("accounts", "add", "--provider", "groq");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--name");
  });

  test("report prints a table, JSON and CSV with exact totals", async () => {
    const store = await openStore(database.url);
    const ctx = createServiceContext(store, () => new Date("2025-05-31T00:00:00Z"));
    const anthropic = await createAccount(ctx, { provider: "anthropic", name: "org" });
    const groq = (await ctx.accounts.list()).find((a) => a.provider === "groq");
    await ingestUsage(ctx, {
      records: [
        {
          account_id: anthropic.id,
          date: "2025-05-01",
          bucket: "1d",
          model: "claude-sonnet-4-5",
          prompt_tokens: 1_200_000,
          completion_tokens: 34_567,
          cache_read_tokens: 200_000,
          requests: 321,
          total_cost: "4.118505",
          source: "admin_api",
          confidence: "official",
        },
        {
          account_id: groq?.id,
          timestamp: "2025-05-02T10:11:12Z",
          model: "llama-3.1-8b-instant",
          prompt_tokens: 1000,
          completion_tokens: 10,
          total_cost: "0.0000508",
          idempotency_key: "req_1",
        },
      ],
    });
    await store.close();

    const json = await run(
      "report",
      "--from",
      "2025-05-01",
      "--to",
      "2025-06-01",
      "--by",
      "provider,model",
      "--json",
    );
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout);
    expect(summary).toMatchObject({
      total_cost: "4.1185558",
      currency: "USD",
      group_by: ["provider", "model"],
    });
    expect(
      summary.groups.map((g: { provider: string; total_cost: string }) => [
        g.provider,
        g.total_cost,
      ]),
    ).toEqual([
      ["anthropic", "4.118505"],
      ["groq", "0.0000508"],
    ]);

    const table = await run(
      "report",
      "--from",
      "2025-05-01",
      "--to",
      "2025-06-01",
      "--by",
      "provider,model",
    );
    // One snapshot for both databases: the output must not depend on the dialect.
    await expect(table.stdout).toMatchFileSnapshot("__snapshots__/report-by-provider-model.txt");

    const csv = await run(
      "report",
      "--from",
      "2025-05-01",
      "--to",
      "2025-06-01",
      "--by",
      "day",
      "--csv",
    );
    expect(csv.stdout.split("\n")).toEqual([
      "date,requests,prompt_tokens,completion_tokens,cache_read_tokens,total_tokens,total_cost,currency",
      "2025-05-01,321,1200000,34567,200000,1234567,4.118505,USD",
      "2025-05-02,1,1000,10,0,1010,0.0000508,USD",
      "",
    ]);
  });

  test("report refuses an unknown dimension and reversed dates", async () => {
    expect((await run("report", "--by", "colour")).stderr).toMatch(/cannot group by "colour"/);
    const reversed = await run("report", "--from", "2025-06-01", "--to", "2025-05-01");
    expect(reversed.code).toBe(1);
    expect(reversed.stderr).toMatch(/from` must be before `to`/);
  });
});
