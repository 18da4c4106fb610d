/** The CLI for manual entries and seat plans: `usage add|list-manual|edit|remove|history`, `recurring …`. */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cliRunner } from "../support/cli.ts";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/databases.ts";

describe.each(DIALECTS)("manual entry CLI on %s", (dialect) => {
  let database: TestDatabase;
  let run: ReturnType<typeof cliRunner>;
  let account: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    run = cliRunner({ TOKENLEDGER_DATABASE_URL: database.url });
    const added = await run(
      "accounts",
      "add",
      "--provider",
      "github_copilot",
      "--name",
      "org",
      "--json",
    );
    account = JSON.parse(added.stdout).id;
  });
  afterAll(async () => {
    await database.drop();
  });

  test("usage add --json prints the record in wire form", async () => {
    const result = await run(
      "usage",
      "add",
      "--account",
      account,
      "--date",
      "2025-03-04",
      "--cost",
      "12.50",
      "--tokens",
      "2000",
      "--model",
      "copilot-chat",
      "--note",
      "March overage",
      "--json",
    );
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const record = JSON.parse(result.stdout);
    expect(Object.keys(record)).toEqual(
      expect.arrayContaining([
        "id",
        "account_id",
        "provider",
        "timestamp",
        "date",
        "bucket",
        "model",
        "prompt_tokens",
        "completion_tokens",
        "total_tokens",
        "requests",
        "total_cost",
        "currency",
        "cost_source",
        "request_type",
        "confidence",
        "source",
        "metadata",
        "idempotency_key",
      ]),
    );
    expect(record).toMatchObject({
      account_id: account,
      provider: "github_copilot",
      date: "2025-03-04",
      bucket: "1d",
      model: "copilot-chat",
      prompt_tokens: 2000,
      total_tokens: 2000,
      requests: 0,
      total_cost: "12.50",
      cost_source: "manual",
      request_type: "manual",
      confidence: "manual",
      confidence_label: "Manual Entry",
      source: "manual",
      metadata: { note: "March overage", estimated_tokens: true },
      idempotency_key: `manual:${record.id}`,
    });
  });

  test("usage add prints what was added, labelled Manual Entry", async () => {
    const result = await run(
      "usage",
      "add",
      "--account",
      account,
      "--period",
      "2025-02",
      "--cost",
      "40",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Added Manual Entry [0-9a-f-]{36} for account acc_\w+, period 2025-02: \$40\.00\n$/,
    );
  });

  test("a bad cost or date exits 1 naming the field; a missing cost is a usage error", async () => {
    const negative = await run(
      "usage",
      "add",
      "--account",
      account,
      "--date",
      "2025-03-01",
      "--cost",
      "-1",
    );
    expect(negative.code).toBe(1);
    expect(negative.stderr).toContain("cost: must not be negative");
    const exponent = await run(
      "usage",
      "add",
      "--account",
      account,
      "--date",
      "2025-03-01",
      "--cost",
      "1e2",
      "--json",
    );
    expect(JSON.parse(exponent.stdout)).toMatchObject({
      error: { code: "validation_error", details: [{ field: "cost" }] },
    });
    const date = await run(
      "usage",
      "add",
      "--account",
      account,
      "--date",
      "03/01/2025",
      "--cost",
      "1",
    );
    expect(date.stderr).toContain("date: must be a calendar date YYYY-MM-DD");
    const missing = await run("usage", "add", "--account", account, "--date", "2025-03-01");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--cost");
  });

  test("edit, remove and history keep the audit trail", async () => {
    const added = JSON.parse(
      (
        await run(
          "usage",
          "add",
          "--account",
          account,
          "--date",
          "2025-01-15",
          "--cost",
          "5",
          "--json",
        )
      ).stdout,
    );
    const edited = await run("usage", "edit", added.id, "--cost", "6.25", "--json");
    expect(JSON.parse(edited.stdout)).toMatchObject({ id: added.id, total_cost: "6.25" });
    const removed = await run("usage", "remove", added.id);
    expect(removed.stdout).toContain(`Removed Manual Entry ${added.id} ($6.25)`);
    const history = JSON.parse((await run("usage", "history", added.id, "--json")).stdout);
    expect(history).toMatchObject({ id: added.id, current: null });
    expect(history.events.map((e: { action: string }) => e.action)).toEqual([
      "create",
      "update",
      "delete",
    ]);
    const text = await run("usage", "history", added.id);
    expect(text.stdout).toContain("$5.00 → $6.25");
    const again = await run("usage", "remove", added.id);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("was deleted");
  });

  test("recurring add, list, stop; list-manual and report show the months", async () => {
    const added = await run(
      "recurring",
      "add",
      "--account",
      account,
      "--seats",
      "7",
      "--plan",
      "copilot_business",
      "--from",
      "2025-01",
      "--to",
      "2025-03",
      "--json",
    );
    const plan = JSON.parse(added.stdout);
    expect(plan).toMatchObject({
      seats: 7,
      unit_price: "19.00",
      monthly_cost: "133.00",
      recorded_months: 3,
      recorded_cost: "399.00",
    });
    const listed = JSON.parse((await run("recurring", "list", "--json")).stdout);
    expect(listed.plans).toEqual([expect.objectContaining({ id: plan.id })]);
    const table = await run("recurring", "list");
    expect(table.stdout).toContain("GitHub Copilot Business");

    const stopped = await run("recurring", "stop", plan.id, "--after", "2025-02", "--json");
    expect(JSON.parse(stopped.stdout)).toMatchObject({
      end_month: "2025-02",
      recorded_cost: "266.00",
    });
    const months = JSON.parse(
      (await run("usage", "list-manual", "--kind", "recurring", "--json")).stdout,
    );
    expect(months.records.map((r: { date: string }) => r.date)).toEqual([
      "2025-01-01",
      "2025-02-01",
    ]);
    const report = JSON.parse(
      (await run("report", "--from", "2025-01-01", "--to", "2025-04-01", "--by", "month", "--json"))
        .stdout,
    );
    // Seat months plus the entries above: 40.00 in February, 12.50 on 4 March.
    expect(
      report.groups.map((g: { month: string; total_cost: string }) => [g.month, g.total_cost]),
    ).toEqual([
      ["2025-01", "133.00"],
      ["2025-02", "173.00"],
      ["2025-03", "12.50"],
    ]);
    const text = await run("usage", "list-manual");
    expect(text.stdout).toContain("Total: $318.50 USD (Manual Entry)");
  });

  test("recurring add needs a plan or a price", async () => {
    const result = await run(
      "recurring",
      "add",
      "--account",
      account,
      "--seats",
      "3",
      "--from",
      "2025-01",
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("unit_price");
  });
});
