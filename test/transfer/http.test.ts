import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseCsv } from "../../src/services/transfer/csv.ts";
import { RECORD_COLUMNS } from "../../src/services/transfer/export.ts";
import { openTestApp } from "../support/app.ts";
import { DIALECTS } from "../support/databases.ts";

const BAD_ON_LINE_4 =
  'date,description,amount\r\n2025-05-01,"multi\r\nline",12.50\r\n2025-05-02,Credits,abc\r\n';
const GOOD =
  'date,description,amount\r\n2025-05-01,"multi\r\nline",12.50\r\n2025-05-02,Credits,0.000000001\r\n';

describe.each(DIALECTS)("import and export over HTTP on %s", (dialect) => {
  let api: Awaited<ReturnType<typeof openTestApp>>;
  let account: string;
  const records = async () =>
    ((await (await api.call("GET", "/api/v1/reports/summary")).json()) as { records: number })
      .records;

  beforeAll(async () => {
    api = await openTestApp(dialect);
    const created = await api.call("POST", "/api/v1/accounts", { provider: "openai", name: "org" });
    account = ((await created.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await api.close();
  });

  test("a dry run answers 200 with the errors by line and stores nothing", async () => {
    const response = await api.call("POST", "/api/v1/import", {
      csv: BAD_ON_LINE_4,
      preset: "invoice",
      defaults: { account_id: account },
      dry_run: true,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      dry_run: true,
      rows: 2,
      valid: 1,
      errors: [{ line: 4, column: "amount", field: "total_cost" }],
      inserted: 0,
    });
    expect(await records()).toBe(0);
  });

  test("a real import with a bad row answers 400 with the lines as details and stores nothing", async () => {
    const response = await api.call("POST", "/api/v1/import", {
      csv: BAD_ON_LINE_4,
      preset: "invoice",
      defaults: { account_id: account },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: "validation_error",
        message: "1 of 2 rows are invalid; nothing from this import was stored",
        details: [
          {
            index: 4,
            field: "total_cost",
            column: "amount",
            message: expect.stringContaining('"abc" is not a decimal number'),
          },
        ],
      },
    });
    expect(await records()).toBe(0);
  });

  test("a good import answers 200; the same again changes nothing", async () => {
    const body = {
      csv: GOOD,
      preset: "invoice",
      defaults: { account_id: account },
      dry_run: false,
    };
    const first = await api.call("POST", "/api/v1/import", body);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ inserted: 2, total_cost: "12.500000001" });
    const again = await api.call("POST", "/api/v1/import", body);
    expect(await again.json()).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    expect(await records()).toBe(2);
  });

  test.each([
    ["an unknown preset", { csv: GOOD, preset: "nope", defaults: { account_id: "a" } }, "preset"],
    ["no csv", { preset: "invoice", defaults: { account_id: "a" } }, "csv"],
    ["an unknown option", { csv: GOOD, preset: "invoice", dryrun: true }, "dryrun"],
    [
      "a bad mapping field",
      { csv: GOOD, mapping: { cost: "amount" }, defaults: { account_id: "a" } },
      "mapping.cost",
    ],
  ])("%s is a 400 even in a dry run", async (_name, body, field) => {
    const response = await api.call("POST", "/api/v1/import", { dry_run: true, ...body });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: {
        code: "validation_error",
        details: expect.arrayContaining([expect.objectContaining({ field })]),
      },
    });
  });

  test("malformed JSON is a 400 in the envelope", async () => {
    const response = await api.call("POST", "/api/v1/import", "{not json");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "validation_error" } });
  });

  test("GET /export/records streams CSV with every field, or JSON as /usage lists it", async () => {
    const csv = await api.call("GET", `/api/v1/export/records?format=csv&account_id=${account}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="usage-records.csv"');
    const [header, ...rows] = parseCsv(await csv.text());
    expect(header?.fields).toEqual([...RECORD_COLUMNS]);
    expect(rows.map((r) => r.fields[RECORD_COLUMNS.indexOf("total_cost")])).toEqual([
      "0.000000001",
      "12.50",
    ]);

    const json = await api.call("GET", "/api/v1/export/records?format=json&from=2025-05-01");
    expect(json.headers.get("content-type")).toBe("application/json");
    const listed = await (await api.call("GET", "/api/v1/usage?from=2025-05-01")).json();
    expect(await json.json()).toEqual({ records: (listed as { records: unknown[] }).records });
  });

  test.each([
    ["/api/v1/export/records?from=May", "from"],
    ["/api/v1/export/records?format=xlsx", "format"],
    ["/api/v1/export/report?group_by=colour", "group_by"],
    ["/api/v1/export/report?format=xml", "format"],
  ])("GET %s is a 400 before anything is streamed", async (path, field) => {
    const response = await api.call("GET", path);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: "validation_error", details: [expect.objectContaining({ field })] },
    });
  });

  test("GET /export/report in JSON is /reports/summary; in CSV a row per group", async () => {
    const query = "from=2025-05-01&to=2025-06-01&group_by=provider&group_by=date";
    const json = await api.call("GET", `/api/v1/export/report?format=json&${query}`);
    const summary = await api.call("GET", `/api/v1/reports/summary?${query}`);
    expect(json.headers.get("content-type")).toBe("application/json");
    expect(await json.json()).toEqual(await summary.json());

    const csv = await api.call("GET", `/api/v1/export/report?${query}`);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(
      parseCsv(await csv.text()).map((r) => [r.fields[0], r.fields[1], r.fields.at(-2)]),
    ).toEqual([
      ["provider", "date", "total_cost"],
      ["openai", "2025-05-01", "12.50"],
      ["openai", "2025-05-02", "0.000000001"],
    ]);
  });

  test.each([
    ["POST", "/api/v1/import"],
    ["GET", "/api/v1/export/records"],
    ["GET", "/api/v1/export/report"],
  ])("%s %s needs the token", async (method, path) => {
    const response = await api.call(
      method,
      path,
      method === "POST" ? { csv: GOOD } : undefined,
      null,
    );
    expect(response.status).toBe(401);
  });
});
