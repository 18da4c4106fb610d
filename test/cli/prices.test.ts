import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { openRuntime } from "../../src/runtime.ts";
import { ingestUsage } from "../../src/services/ingest.ts";
import { cliRunner } from "../support/cli.ts";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/databases.ts";

describe.each(DIALECTS)("prices commands on %s", (dialect) => {
  let database: TestDatabase;
  let run: ReturnType<typeof cliRunner>;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    run = cliRunner({ TOKENLEDGER_DATABASE_URL: database.url });
  });
  afterAll(async () => {
    await database.drop();
  });

  test("quote --json gives the exact cost, the entry used and the breakdown", async () => {
    // Sonnet 4.5, one request over 200k input: the whole request at $6 / $22.50 per MTok.
    const usage = JSON.stringify({
      prompt_tokens: 250_000,
      completion_tokens: 10_000,
      bucket: "request",
    });
    const result = await run(
      "prices",
      "quote",
      "--provider",
      "anthropic",
      "--model",
      "claude-sonnet-4-5-20250929",
      "--usage",
      usage,
      "--at",
      "2025-10-01",
      "--json",
    );
    expect(result.code).toBe(0);
    const quote = JSON.parse(result.stdout);
    expect(quote).toMatchObject({
      total_cost: "1.725",
      currency: "USD",
      unpriced: false,
      breakdown: { context: "long" },
    });
    expect(quote.price).toMatchObject({
      provider: "anthropic",
      model: "claude-sonnet-4-5",
      matched_alias: "claude-sonnet-4-5-20250929",
    });
  });

  test("quote of an unknown model is null and unpriced, with a warning", async () => {
    const json = await run(
      "prices",
      "quote",
      "--provider",
      "openai",
      "--model",
      "gpt-99",
      "--usage",
      "{}",
      "--json",
    );
    expect(JSON.parse(json.stdout)).toMatchObject({ total_cost: null, unpriced: true });
    const human = await run(
      "prices",
      "quote",
      "--provider",
      "openai",
      "--model",
      "gpt-99",
      "--usage",
      "{}",
    );
    expect(human.stdout).toContain("unpriced");
    expect(human.stderr).toMatch(/warning: .*not \$0/);
  });

  test("quote refuses malformed usage JSON and unknown fields", async () => {
    const malformed = await run(
      "prices",
      "quote",
      "--provider",
      "groq",
      "--model",
      "llama-3.1-8b-instant",
      "--usage",
      "{prompt",
      "--json",
    );
    expect(malformed.code).toBe(1);
    expect(JSON.parse(malformed.stdout)).toMatchObject({
      error: { details: [{ field: "usage" }] },
    });
    const typo = await run(
      "prices",
      "quote",
      "--provider",
      "groq",
      "--model",
      "llama-3.1-8b-instant",
      "--usage",
      '{"prompt_token":5}',
    );
    expect(typo.stderr).toMatch(/unknown field prompt_token/);
  });

  test("list --at shows only the entries in effect: o3 before and after its 2025-06-10 price change", async () => {
    const before = JSON.parse(
      (await run("prices", "list", "--provider", "openai", "--at", "2025-06-09", "--json")).stdout,
    );
    const after = JSON.parse(
      (await run("prices", "list", "--provider", "openai", "--at", "2025-06-10", "--json")).stdout,
    );
    const o3 = (list: { prices: { model: string; prices: { input: string } }[] }) =>
      list.prices.find((p) => p.model === "o3")?.prices.input;
    expect(o3(before)).toBe("10");
    expect(o3(after)).toBe("2");
    const all = JSON.parse((await run("prices", "list", "--provider", "openai", "--json")).stdout);
    expect(all.prices.filter((p: { model: string }) => p.model === "o3")).toHaveLength(2);
  });

  test("an override, then recompute: dry run shows the difference, --apply writes it", async () => {
    const account = JSON.parse(
      (await run("accounts", "add", "--provider", "groq", "--name", "g", "--json")).stdout,
    );
    const runtime = await openRuntime(loadConfig({ TOKENLEDGER_DATABASE_URL: database.url }));
    await ingestUsage(runtime.ctx, {
      records: [
        {
          account_id: account.id,
          timestamp: "2025-03-01T00:00:00Z",
          model: "llama-3.1-8b-instant",
          prompt_tokens: 2_000_000,
          completion_tokens: 1_000_000,
          idempotency_key: "r1",
        },
      ],
    });
    await runtime.close();

    const added = await run(
      "prices",
      "overrides",
      "add",
      "--account",
      account.id,
      "--model",
      "llama-3.1-8b-instant",
      "--input",
      "0.04",
      "--output",
      "0.06",
      "--from",
      "2025-01-01",
      "--json",
    );
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({
      kind: "model_prices",
      prices: { input: "0.04", output: "0.06" },
    });

    const dry = JSON.parse(
      (
        await run(
          "prices",
          "recompute",
          "--from",
          "2025-03-01",
          "--to",
          "2025-04-01",
          "--dry-run",
          "--json",
        )
      ).stdout,
    );
    expect(dry).toMatchObject({
      applied: false,
      old_total: "0.18",
      new_total: "0.14",
      difference: "-0.04",
      records_changed: 1,
    });
    const report = JSON.parse((await run("report", "--json")).stdout);
    expect(report.total_cost).toBe("0.18");

    const human = await run("prices", "recompute", "--from", "2025-03-01", "--to", "2025-04-01");
    expect(human.stdout).toContain("Dry run: nothing changed");
    const applied = JSON.parse(
      (
        await run(
          "prices",
          "recompute",
          "--from",
          "2025-03-01",
          "--to",
          "2025-04-01",
          "--apply",
          "--json",
        )
      ).stdout,
    );
    expect(applied).toMatchObject({ applied: true, records_changed: 1 });
    expect(JSON.parse((await run("report", "--json")).stdout).total_cost).toBe("0.14");
  });
});
