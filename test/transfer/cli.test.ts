import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseCsv } from "../../src/services/transfer/csv.ts";
import { RECORD_COLUMNS } from "../../src/services/transfer/export.ts";
import { cliRunner } from "../support/cli.ts";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/databases.ts";

const BAD_ON_LINE_4 = [
  "date,description,amount",
  '2025-05-01,"Claude API usage,',
  'May",12.50',
  "2025-05-02,Credits,abc",
  "2025-05-03,Support,3.25",
].join("\n");

const GOOD = [
  "date,description,amount",
  '2025-05-01,"Claude API usage,',
  'May",12.50',
  "2025-05-02,Seat,0.000000123",
  "2025-05-03,Support,3.25",
].join("\n");

describe.each(DIALECTS)("import and export commands on %s", (dialect) => {
  let database: TestDatabase;
  let dir: string;
  let run: ReturnType<typeof cliRunner>;
  let account: string;
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const recordCount = async () => JSON.parse((await run("report", "--json")).stdout).records;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    dir = mkdtempSync(join(tmpdir(), "tokenledger-transfer-"));
    run = cliRunner({ TOKENLEDGER_DATABASE_URL: database.url, TOKENLEDGER_DATA_DIR: dir });
    const added = await run(
      "accounts",
      "add",
      "--provider",
      "anthropic",
      "--name",
      "org",
      "--json",
    );
    account = JSON.parse(added.stdout).id;
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a dry run lists errors by line, stores nothing and exits 0", async () => {
    const path = file("bad.csv", BAD_ON_LINE_4);
    const result = await run(
      "import",
      path,
      "--account",
      account,
      "--preset",
      "invoice",
      "--dry-run",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `Dry run of ${path}: 3 rows, 2 valid, 1 invalid; fix the errors below before importing. Nothing was stored.`,
    );
    expect(result.stdout).toMatch(
      /^ {2}line 4, column "amount" \(total_cost\): "abc" is not a decimal number/m,
    );
    expect(await recordCount()).toBe(0);
  });

  test("a real import with a bad row exits 1, names the line and stores nothing", async () => {
    const path = file("bad.csv", BAD_ON_LINE_4);
    const result = await run("import", path, "--account", account, "--preset", "invoice");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 4, column "amount" (total_cost)');
    expect(result.stderr).toMatch(
      /error: 1 of 3 rows are invalid; nothing from this import was stored\n$/,
    );
    expect(await recordCount()).toBe(0);

    const json = await run("import", path, "--account", account, "--preset", "invoice", "--json");
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: {
        code: "validation_error",
        details: [{ index: 4, field: "total_cost", column: "amount" }],
      },
    });
    expect(await recordCount()).toBe(0);
  });

  test("a good import stores everything; importing it again changes nothing", async () => {
    const path = file("good.csv", GOOD);
    const args = [
      "import",
      path,
      "--account",
      account,
      "--preset",
      "invoice",
      "--confidence",
      "official",
    ];
    const first = await run(...args);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      `Imported ${path}: 3 rows — 3 new, 0 changed, 0 unchanged; $15.750000123 USD.\n`,
    );
    const again = await run(...args, "--json");
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      dry_run: false,
      rows: 3,
      valid: 3,
      errors: [],
      inserted: 0,
      updated: 0,
      unchanged: 3,
      total_cost: "15.750000123",
    });
    const report = JSON.parse((await run("report", "--json")).stdout);
    expect(report).toMatchObject({ total_cost: "15.750000123", records: 3 });
  });

  test("--map pairs with a transform, --set, a semicolon file with decimal commas, from standard input", async () => {
    const csv = "Day;Cost;Team, unit\n31/05/2025;1.234,5;search\n";
    const piped = cliRunner(
      { TOKENLEDGER_DATABASE_URL: database.url, TOKENLEDGER_DATA_DIR: dir },
      csv,
    );
    const result = await piped(
      "import",
      "-",
      "--account",
      account,
      "--map",
      "date=Day:day_first_date,total_cost=Cost",
      "--map",
      "project=Team, unit",
      "--set",
      "bucket=month,requests=0",
      "--delimiter",
      ";",
      "--number-format",
      "decimal_comma",
      "--json",
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ inserted: 1, total_cost: "1234.50" });
    const exported = await run("export", "records", "--from", "2025-05-31", "--json");
    expect(JSON.parse(exported.stdout).records).toEqual([
      expect.objectContaining({
        date: "2025-05-31",
        bucket: "month",
        project: "search",
        requests: 0,
        total_cost: "1234.50",
      }),
    ]);
  });

  test.each([
    [["import", "x.csv", "--account", "acc"], 2, "--preset NAME or --map"],
    [
      ["import", "/nonexistent/x.csv", "--account", "acc", "--preset", "invoice"],
      1,
      "cannot read /nonexistent/x.csv: no such file",
    ],
    [["import", "-", "--preset", "invoice"], 1, "defaults.account_id is required"],
    [
      ["import", "-", "--account", "a", "--map", "nonsense"],
      1,
      '--map takes field=value pairs, got "nonsense"',
    ],
    [["export", "records", "--format", "xml"], 1, "format must be one of csv, json"],
    [["export", "report", "--by", "colour"], 1, 'cannot group by "colour"'],
  ])("%j exits %i", async (args, code, message) => {
    const result = await run(...args);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
  });

  test("export records writes CSV to standard output, or whole to a file", async () => {
    const stdout = await run("export", "records", "--account", account);
    expect(stdout.code).toBe(0);
    const [header, ...rows] = parseCsv(stdout.stdout);
    expect(header?.fields).toEqual([...RECORD_COLUMNS]);
    expect(rows).toHaveLength(4);

    const output = join(dir, "records.csv");
    const written = await run("export", "records", "--account", account, "--output", output);
    expect(written.code).toBe(0);
    expect(written.stdout).toBe("");
    expect(written.stderr).toBe(`Wrote 4 records to ${output}\n`);
    expect(readFileSync(output, "utf8")).toBe(stdout.stdout);
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  test("export report --format json is the report's summary; CSV has one row per group", async () => {
    const summary = await run("report", "--by", "month,confidence", "--json");
    const exported = await run("export", "report", "--by", "month,confidence", "--format", "json");
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toEqual(JSON.parse(summary.stdout));

    const csv = await run(
      "export",
      "report",
      "--by",
      "month",
      "--from",
      "2025-05-01",
      "--to",
      "2025-06-01",
    );
    expect(parseCsv(csv.stdout).map((r) => [r.fields[0], r.fields.at(-2)])).toEqual([
      ["month", "total_cost"],
      ["2025-05", "1250.250000123"],
    ]);
  });
});
