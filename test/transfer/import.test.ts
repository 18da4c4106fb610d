import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ValidationError } from "../../src/core/errors.ts";
import { createAccount } from "../../src/services/accounts.ts";
import { createServiceContext, type ServiceContext } from "../../src/services/context.ts";
import { ingestUsage } from "../../src/services/ingest.ts";
import { summarizeUsage } from "../../src/services/reports.ts";
import { importCsv, importError } from "../../src/services/transfer/import.ts";
import { listUsage } from "../../src/services/usage-list.ts";
import { DIALECTS, openTestStore } from "../support/databases.ts";

const NOW = new Date("2025-06-15T12:00:00Z");

/** Line 1 header; lines 2-3 one row with a quoted, multi-line description; line 4 a bad amount. */
const INVOICE_WITH_BAD_LINE_4 = [
  "date,description,amount",
  '2025-05-01,"Claude API usage,',
  'May (""priority"")",12.50',
  "2025-05-02,Credits,abc",
  "2025-05-03,Support,3.25",
  "",
].join("\r\n");

const GOOD_INVOICE = [
  "date,description,amount",
  '2025-05-01,"Claude API usage,',
  'May (""priority"")",12.50',
  "2025-05-02,Seat,0.000000123",
  "2025-05-02,Seat,0.000000123",
  "2025-05-03,Support,$3.25",
  "",
].join("\n");

async function rejection(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => new Error("expected a ValidationError"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe.each(DIALECTS)("CSV import on %s", (dialect) => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let ctx: ServiceContext;
  let invoiceAccount: string;
  let openaiAccount: string;
  let bulkAccount: string;

  const totals = (account_id: string) => summarizeUsage(ctx, { account_id });

  beforeAll(async () => {
    store = await openTestStore(dialect);
    ctx = createServiceContext(store, () => NOW);
    invoiceAccount = (await createAccount(ctx, { provider: "anthropic", name: "invoices" })).id;
    openaiAccount = (await createAccount(ctx, { provider: "openai", name: "openai" })).id;
    bulkAccount = (await createAccount(ctx, { provider: "groq", name: "bulk" })).id;
  });
  afterAll(async () => {
    await store.dropAll();
  });

  test("a dry run lists the bad row by its line, counting a multi-line field, and stores nothing", async () => {
    const result = await importCsv(ctx, {
      csv: INVOICE_WITH_BAD_LINE_4,
      preset: "invoice",
      defaults: { account_id: invoiceAccount },
      dry_run: true,
    });
    expect(result).toMatchObject({
      dry_run: true,
      rows: 3,
      valid: 2,
      invalid: 1,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      total_cost: "15.75",
      more_errors: 0,
    });
    expect(result.errors).toEqual([
      {
        line: 4,
        column: "amount",
        field: "total_cost",
        message: expect.stringContaining('"abc" is not a decimal number'),
      },
    ]);
    expect((await totals(invoiceAccount)).records).toBe(0);
  });

  test("an import says about a bad value exactly what ingest says", async () => {
    const ingested = await rejection(
      ingestUsage(ctx, {
        records: [{ account_id: invoiceAccount, date: "2025-05-02", total_cost: "abc" }],
      }),
    );
    const imported = await importCsv(ctx, {
      csv: INVOICE_WITH_BAD_LINE_4,
      preset: "invoice",
      defaults: { account_id: invoiceAccount },
      dry_run: true,
    });
    expect(imported.errors.map((e) => [e.field, e.message])).toEqual(
      ingested.details.map((d) => [d.field, d.message]),
    );
  });

  test("a real import with one bad row stores nothing and totals stay as they were", async () => {
    const before = await totals(invoiceAccount);
    const result = await importCsv(ctx, {
      csv: INVOICE_WITH_BAD_LINE_4,
      preset: "invoice",
      defaults: { account_id: invoiceAccount },
      dry_run: false,
    });
    expect(result).toMatchObject({ dry_run: false, rows: 3, valid: 2, inserted: 0 });
    expect(result.errors.map((e) => e.line)).toEqual([4]);
    expect(await totals(invoiceAccount)).toEqual(before);

    const error = importError(result);
    expect(error.message).toBe("1 of 3 rows are invalid; nothing from this import was stored");
    expect(error.details).toEqual([
      { index: 4, field: "total_cost", column: "amount", message: expect.any(String) },
    ]);
  });

  test("a good import stores exact totals, and importing it again changes nothing", async () => {
    const input = {
      csv: GOOD_INVOICE,
      preset: "invoice" as const,
      defaults: { account_id: invoiceAccount, confidence: "official" },
      dry_run: false,
    };
    const dry = await importCsv(ctx, { ...input, dry_run: true });
    expect(dry).toMatchObject({ rows: 4, valid: 4, errors: [], total_cost: "15.750000246" });
    expect((await totals(invoiceAccount)).records).toBe(0);

    const first = await importCsv(ctx, input);
    // Two identical lines are two charges, not one.
    expect(first).toMatchObject({ rows: 4, valid: 4, inserted: 4, updated: 0, unchanged: 0 });
    expect(first.total_cost).toBe("15.750000246");
    const summary = await totals(invoiceAccount);
    expect(summary).toMatchObject({ total_cost: "15.750000246", records: 4 });
    expect(summary.groups[0]).toMatchObject({ requests: 0, total_tokens: 0 });

    const again = await importCsv(ctx, input);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 4 });
    expect(await totals(invoiceAccount)).toEqual(summary);

    const { records } = await listUsage(ctx, { account_id: invoiceAccount, to: "2025-05-02" });
    expect(records).toEqual([
      expect.objectContaining({
        date: "2025-05-01",
        bucket: "1d",
        total_cost: "12.50",
        confidence: "official",
        source: "import",
        request_type: "api",
        cost_source: "provider_reported",
        metadata: { description: 'Claude API usage,\nMay ("priority")' },
        idempotency_key: expect.stringMatching(/^csv:/),
      }),
    ]);
  });

  test("the same file with CRLF between records is the same import", async () => {
    // The line break inside the quoted description is content, so it stays as it was.
    const crlf = GOOD_INVOICE.replaceAll("\n", "\r\n").replace("usage,\r\nMay", "usage,\nMay");
    const result = await importCsv(ctx, {
      csv: crlf,
      preset: "invoice",
      defaults: { account_id: invoiceAccount, confidence: "official" },
      dry_run: false,
    });
    expect(result).toMatchObject({ inserted: 0, updated: 0, unchanged: 4 });
  });

  test("all or nothing across more than one ingest batch: 10,001 good rows and a bad one store nothing", async () => {
    const good = Array.from(
      { length: 10_001 },
      (_, i) => `req_${i},2025-05-0${1 + (i % 9)}T00:00:00Z,0.000000123`,
    );
    const header = "request_id,time,cost";
    const mapping = { idempotency_key: "request_id", timestamp: "time", total_cost: "cost" };
    const bad = await importCsv(ctx, {
      csv: [header, ...good, "req_x,not a time,0.1"].join("\n"),
      mapping,
      defaults: { account_id: bulkAccount },
      dry_run: false,
    });
    expect(bad).toMatchObject({ rows: 10_002, valid: 10_001, inserted: 0 });
    expect(bad.errors).toEqual([
      expect.objectContaining({ line: 10_003, column: "time", field: "timestamp" }),
    ]);
    expect((await totals(bulkAccount)).records).toBe(0);

    const fixed = await importCsv(ctx, {
      csv: [header, ...good, "req_x,2025-05-09T00:00:00Z,0.000000123"].join("\n"),
      mapping,
      defaults: { account_id: bulkAccount },
      dry_run: false,
    });
    expect(fixed).toMatchObject({ rows: 10_002, inserted: 10_002, total_cost: "0.001230246" });
    expect(await totals(bulkAccount)).toMatchObject({
      records: 10_002,
      total_cost: "0.001230246",
    });
  });

  test("the OpenAI usage preset maps tokens the canonical way and prices from the catalog", async () => {
    const csv = [
      "start_time,end_time,model,input_tokens,input_cached_tokens,output_tokens,num_model_requests,project_id",
      "1746057600,1746144000,gpt-4o,1000000,200000,100000,42,proj_a",
      "1746144000,1746230400,gpt-4o,0,0,0,0,",
    ].join("\n");
    const result = await importCsv(ctx, {
      csv,
      preset: "openai_usage_export",
      defaults: { account_id: openaiAccount },
      dry_run: false,
    });
    expect(result).toMatchObject({ rows: 2, valid: 2, inserted: 2, errors: [], unpriced: 0 });
    const { records } = await listUsage(ctx, { account_id: openaiAccount });
    expect(records.at(-1)).toMatchObject({
      timestamp: "2025-05-01T00:00:00.000Z",
      bucket: "1d",
      provider: "openai",
      model: "gpt-4o",
      prompt_tokens: 1_000_000,
      cache_read_tokens: 200_000,
      completion_tokens: 100_000,
      total_tokens: 1_100_000,
      requests: 42,
      project: "proj_a",
      cost_source: "price_table",
      source: "import",
      confidence: "estimated",
    });
    // 800,000 uncached input at $2.50/M + 200,000 cached at $1.25/M + 100,000 output at $10/M.
    expect(records.at(-1)?.total_cost).toBe("3.25");
  });

  test.each([
    [
      "plain",
      ",",
      '"1,234.56"',
      "0.00",
      'has a thousands separator; write it without one, or import with number_format "thousands_comma"',
    ],
    ["thousands_comma", ",", '"1,234.56"', "1234.56", null],
    ["decimal_comma", ";", "1.234,56", "1234.56", null],
    ["decimal_comma", ";", "1 234,5", "1234.50", null],
    ["decimal_comma", ";", "12.5", "0.00", "is not a number written with a decimal comma"],
    ["plain", ",", "-$3.10", "-3.10", null],
    ["plain", ",", "0.0000000001", "0.00", "has more than 9 digits after the decimal point"],
  ] as const)(
    "number_format %s, delimiter %j: amount %s",
    async (numberFormat, delimiter, amount, total, message) => {
      const csv = [
        `date${delimiter}description${delimiter}amount`,
        `2025-04-01${delimiter}x${delimiter}${amount}`,
      ].join("\n");
      const result = await importCsv(ctx, {
        csv,
        preset: "invoice",
        defaults: { account_id: invoiceAccount },
        number_format: numberFormat,
        delimiter,
        dry_run: true,
      });
      expect(result.errors.map((e) => e.message)).toEqual(
        message === null ? [] : [expect.stringContaining(message)],
      );
      expect(result.total_cost).toBe(total);
    },
  );

  test("every kind of bad row is listed by line, in line order", async () => {
    const csv = [
      "day,tokens_in,tokens_out,cost,meta,account",
      `2025-05-01,10,5,0.01,{},${bulkAccount}`,
      `2025-05-32,10,5,0.01,{},${bulkAccount}`,
      `2025-05-01,ten,5,0.01,{},${bulkAccount}`,
      `2025-05-01,10,5,0.01,[1],${bulkAccount}`,
      "2025-05-01,10,5,0.01,{},acc_missing",
      `2025-05-01,10,5,0.01,{}`,
      `2025-05-01,10,5,"0.01",{},${bulkAccount},extra`,
      ",,,,,",
      `2025-05-01,10,5,0.01,"{""team"":""x""}",${bulkAccount}`,
    ].join("\n");
    const result = await importCsv(ctx, {
      csv,
      mapping: {
        date: "day",
        prompt_tokens: "tokens_in",
        completion_tokens: "tokens_out",
        total_cost: "cost",
        metadata: "meta",
        account_id: "account",
        "metadata.source_file": { column: "missing", optional: true },
      },
      dry_run: true,
    });
    expect(result).toMatchObject({ rows: 8, valid: 2 });
    expect(result.errors.map((e) => [e.line, e.column, e.field])).toEqual([
      [3, "day", "date"],
      [4, "tokens_in", "prompt_tokens"],
      [5, "meta", "metadata"],
      [6, "account", "account_id"],
      [7, undefined, "(row)"],
      [8, undefined, "(row)"],
    ]);
    expect(result.errors[3]?.message).toBe('no account with id "acc_missing"');
  });

  test("a CSV syntax error is reported on its line and nothing is stored", async () => {
    const result = await importCsv(ctx, {
      csv: 'date,description,amount\n2025-05-01,ok,1\n2025-05-02,"broken,1\n2025-05-03,x,2\n',
      preset: "invoice",
      defaults: { account_id: invoiceAccount },
      dry_run: false,
    });
    expect(result).toMatchObject({ inserted: 0, rows: 0 });
    expect(result.errors).toEqual([
      {
        line: 3,
        field: "(file)",
        message: expect.stringContaining("a quoted field is never closed"),
      },
    ]);
  });

  test("a header without a mapped column is an error on line 1", async () => {
    const result = await importCsv(ctx, {
      csv: "Date,Amount\n2025-05-01,1\n",
      preset: "invoice",
      defaults: { account_id: invoiceAccount },
      dry_run: true,
    });
    expect(result.errors).toEqual([
      {
        line: 1,
        column: "description",
        field: "metadata.description",
        message: 'no column "description" in the header (columns: "Date", "Amount")',
      },
    ]);
    expect(result).toMatchObject({ rows: 1, valid: 0, invalid: 0 });
    expect(importError(result).message).toBe(
      "the file cannot be imported; nothing from this import was stored",
    );
  });

  test.each([
    [{ mapping: { prompt_token: "x" } }, "mapping.prompt_token"],
    [{ mapping: { id: "x" } }, "mapping.id"],
    [{ mapping: { date: "x" }, defaults: {} }, "defaults.account_id"],
    [{ preset: "invoice", defaults: { confidence: "sure" } }, "defaults.confidence"],
    [{ preset: "invoice", defaults: { colour: "red" } }, "defaults.colour"],
    [{ preset: "nope" }, "preset"],
    [{ preset: "invoice", defaults: { idempotency_key: "k" } }, "defaults.idempotency_key"],
    [{ preset: "invoice", defaults: { "metadata.x": "y" } }, "defaults.metadata.x"],
    [{ mapping: {} }, "mapping"],
    [{ preset: "invoice", mapping: { date: { column: "d", transform: "rot13" } } }, "mapping.date"],
  ])("a bad request is refused before any row is read: %j", async (request, field) => {
    const error = await rejection(
      importCsv(ctx, {
        csv: "date,description,amount\n2025-05-01,x,1\n",
        defaults: { account_id: invoiceAccount },
        dry_run: true,
        ...(request as object),
      }),
    );
    expect(error.details.map((d) => d.field)).toContain(field);
  });

  test("transforms: US dates, cents, Unix milliseconds, lowercase", async () => {
    const csv = "When,Cents,Ms,Model\n5/31/2025,12345,1748649600000,GPT-4O\n";
    const result = await importCsv(ctx, {
      csv,
      mapping: {
        date: { column: "When", transform: "us_date" },
        total_cost: { column: "Cents", transform: "cents" },
        "metadata.started_at": { column: "Ms", transform: "unix_ms" },
        model: { column: "Model", transform: "lowercase" },
      },
      defaults: { account_id: openaiAccount, bucket: "1d" },
      dry_run: false,
    });
    expect(result).toMatchObject({ errors: [], inserted: 1, total_cost: "123.45" });
    const { records } = await listUsage(ctx, { account_id: openaiAccount, from: "2025-05-31" });
    expect(records).toEqual([
      expect.objectContaining({
        date: "2025-05-31",
        model: "gpt-4o",
        total_cost: "123.45",
        metadata: { started_at: "2025-05-31T00:00:00.000Z" },
      }),
    ]);
  });
});
