import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ValidationError } from "../../src/core/errors.ts";
import { formatUsd, parseUsd } from "../../src/core/money.ts";
import type { UsageRecordWire } from "../../src/core/usage-record.ts";
import { createAccount } from "../../src/services/accounts.ts";
import { createServiceContext, type ServiceContext } from "../../src/services/context.ts";
import { ingestUsage } from "../../src/services/ingest.ts";
import { summarizeUsage } from "../../src/services/reports.ts";
import { parseCsv } from "../../src/services/transfer/csv.ts";
import { exportRecords, exportReport, RECORD_COLUMNS } from "../../src/services/transfer/export.ts";
import { importCsv } from "../../src/services/transfer/import.ts";
import { type ListUsageInput, listUsage } from "../../src/services/usage-list.ts";
import { DIALECTS, openTestStore } from "../support/databases.ts";

const NOW = new Date("2025-06-15T12:00:00Z");
const RECORDS = 2_345;

async function allRecords(ctx: ServiceContext, filters: ListUsageInput = {}) {
  const records: UsageRecordWire[] = [];
  let cursor: string | undefined;
  do {
    const page = await listUsage(ctx, { ...filters, limit: 1000, cursor });
    records.push(...page.records);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return records;
}

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = "";
  for await (const chunk of chunks) out += chunk;
  return out;
}

/** A wire record as its CSV row reads back: text, empty for null, metadata as JSON. */
function asCsvRow(record: UsageRecordWire): string[] {
  return RECORD_COLUMNS.map((column) => {
    const value = record[column];
    return column === "metadata" ? JSON.stringify(value) : value === null ? "" : String(value);
  });
}

describe.each(DIALECTS)("export on %s", (dialect) => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let ctx: ServiceContext;
  let groq: string;
  let anthropic: string;

  beforeAll(async () => {
    store = await openTestStore(dialect);
    ctx = createServiceContext(store, () => NOW);
    groq = (await createAccount(ctx, { provider: "groq", name: "groq" })).id;
    anthropic = (await createAccount(ctx, { provider: "anthropic", name: "anthropic" })).id;
    await ingestUsage(ctx, {
      records: Array.from({ length: RECORDS }, (_, i) => ({
        account_id: groq,
        timestamp: `2025-05-${String(1 + (i % 28)).padStart(2, "0")}T10:00:${String(i % 60).padStart(2, "0")}Z`,
        model: i % 7 === 0 ? "unknown-model" : "llama-3.1-8b-instant",
        prompt_tokens: 100 + i,
        completion_tokens: 7,
        total_cost: i % 7 === 0 ? null : `0.00000${i % 10}123`,
        project: i % 3 === 0 ? 'search, "core"' : null,
        metadata: i % 5 === 0 ? { note: 'line one\nline two, with "quotes"' } : {},
        idempotency_key: `req_${i}`,
      })),
    });
    await ingestUsage(ctx, {
      records: [
        {
          account_id: anthropic,
          date: "2025-05-03",
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
      ],
    });
  });
  afterAll(async () => {
    await store.dropAll();
  });

  test("a CSV record export holds every record, every field, and reads back exactly", async () => {
    const expected = await allRecords(ctx);
    const exported = exportRecords(ctx, { format: "csv" });
    expect(exported.contentType).toBe("text/csv; charset=utf-8");
    const [header, ...rows] = parseCsv(await text(exported.chunks));
    expect(exported.records()).toBe(RECORDS + 1);
    expect(header?.fields).toEqual([...RECORD_COLUMNS]);
    expect(rows.map((r) => r.fields)).toEqual(expected.map(asCsvRow));

    // Money is exact: the exported amounts sum to the report's total to the nano-dollar.
    const costColumn = RECORD_COLUMNS.indexOf("total_cost");
    const sum = rows
      .map((r) => r.fields[costColumn] as string)
      .filter((cell) => cell !== "")
      .reduce((total, cell) => total + parseUsd(cell), 0n);
    expect(formatUsd(sum)).toBe((await summarizeUsage(ctx, {})).total_cost);
  });

  test("a JSON record export is the records as the API lists them", async () => {
    const exported = exportRecords(ctx, { format: "json", provider: "groq", from: "2025-05-10" });
    expect(exported.contentType).toBe("application/json");
    const body = JSON.parse(await text(exported.chunks));
    expect(body.records).toEqual(await allRecords(ctx, { provider: "groq", from: "2025-05-10" }));
    expect(body.records.length).toBeGreaterThan(1_000);
  });

  test("an export with nothing to export is a header, or an empty list", async () => {
    const csv = await text(exportRecords(ctx, { from: "2030-01-01" }).chunks);
    expect(csv).toBe(`${RECORD_COLUMNS.join(",")}\n`);
    const json = await text(exportRecords(ctx, { format: "json", from: "2030-01-01" }).chunks);
    expect(JSON.parse(json)).toEqual({ records: [] });
  });

  test.each([
    [{ format: "xml" }, "format"],
    [{ from: "2025-13-01" }, "from"],
    [{ provider: "mistral" }, "provider"],
  ])("a bad filter is refused before anything is written: %j", (input, field) => {
    expect(() => exportRecords(ctx, input)).toThrow(ValidationError);
    expect(() => exportRecords(ctx, input)).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ field })] }),
    );
  });

  test("re-importing a CSV export with the tokenledger preset changes nothing", async () => {
    const before = await summarizeUsage(ctx, { group_by: ["provider", "model", "project"] });
    const csv = await text(exportRecords(ctx, {}).chunks);
    const result = await importCsv(ctx, { csv, preset: "tokenledger", dry_run: false });
    expect(result).toMatchObject({
      rows: RECORDS + 1,
      valid: RECORDS + 1,
      errors: [],
      inserted: 0,
      updated: 0,
      unchanged: RECORDS + 1,
    });
    expect(await summarizeUsage(ctx, { group_by: ["provider", "model", "project"] })).toEqual(
      before,
    );
  });

  test("a JSON report export is exactly the summary", async () => {
    const input = { from: "2025-05-01", to: "2025-06-01", group_by: ["provider", "model"] };
    const report = await exportReport(ctx, { ...input, format: "json" });
    expect(report.contentType).toBe("application/json");
    expect(JSON.parse(report.body)).toEqual(await summarizeUsage(ctx, input));
  });

  test("a CSV report export has a row per group with exact money", async () => {
    const report = await exportReport(ctx, { group_by: ["provider"], format: "csv" });
    const summary = await summarizeUsage(ctx, { group_by: ["provider"] });
    const [header, ...rows] = parseCsv(report.body);
    expect(header?.fields).toEqual([
      "provider",
      "requests",
      "prompt_tokens",
      "completion_tokens",
      "cache_read_tokens",
      "total_tokens",
      "search_queries",
      "records",
      "unpriced_records",
      "total_cost",
      "currency",
    ]);
    expect(rows.map((r) => [r.fields[0], r.fields[9]])).toEqual(
      summary.groups.map((g) => [g.provider, g.total_cost]),
    );
    expect(rows.map((r) => r.fields[0])).toEqual(["anthropic", "groq"]);
    expect(rows[0]?.fields).toEqual([
      "anthropic",
      "321",
      "1200000",
      "34567",
      "200000",
      "1234567",
      "0",
      "1",
      "0",
      "4.118505",
      "USD",
    ]);
  });

  test("an ungrouped CSV report is one row of totals", async () => {
    const report = await exportReport(ctx, {});
    const summary = await summarizeUsage(ctx, {});
    const rows = parseCsv(report.body);
    expect(rows).toHaveLength(2);
    expect(rows[1]?.fields.at(-2)).toBe(summary.total_cost);
    expect(rows[1]?.fields.at(-4)).toBe(String(RECORDS + 1));
  });
});
