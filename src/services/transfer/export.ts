/**
 * Export: usage records and report summaries as CSV or JSON.
 *
 * Records are read page by page through `listUsage` (newest first, like the API) and handed out
 * one page of text at a time, so an export of millions of records never sits in memory whole.
 * Every wire field is a column; money stays a decimal string; `metadata` is one column of JSON;
 * null is an empty cell. The CSV reads back with `importCsv` and the `tokenledger` preset.
 * Pages are separate queries: records written while an export runs may or may not be in it.
 */
import { z } from "zod";
import type { UsageRecordWire } from "../../core/usage-record.ts";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../parse-input.ts";
import { type Summary, type SummaryInput, summarizeUsage } from "../reports.ts";
import { listUsage, listUsageInput, MAX_PAGE_SIZE } from "../usage-list.ts";
import { csvLine } from "./csv.ts";

export const EXPORT_FORMATS = ["csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
const format = z
  .enum(EXPORT_FORMATS, { error: `must be one of ${EXPORT_FORMATS.join(", ")}` })
  .default("csv");

/** CSV columns of a record export, in wire order. */
export const RECORD_COLUMNS = [
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
  "cache_read_tokens",
  "cache_write_5m_tokens",
  "cache_write_1h_tokens",
  "reasoning_tokens",
  "requests",
  "search_queries",
  "service_tier",
  "total_cost",
  "currency",
  "cost_source",
  "unpriced",
  "price_version",
  "request_type",
  "confidence",
  "source",
  "workspace_id",
  "api_key_suffix",
  "project",
  "metadata",
  "idempotency_key",
] as const satisfies readonly (keyof UsageRecordWire)[];

export const exportRecordsInput = listUsageInput
  .omit({ limit: true, cursor: true })
  .extend({ format });
/** Filters as text (a query string, CLI options), checked by `exportRecordsInput`. */
export type ExportRecordsInput = {
  [K in keyof z.input<typeof exportRecordsInput>]?: string | undefined;
};

export interface ExportStream {
  /** "text/csv; charset=utf-8" or "application/json". */
  contentType: string;
  /** The export, a page of records per chunk. */
  chunks: AsyncIterable<string>;
  /** Records handed out so far (final once `chunks` is exhausted). */
  records(): number;
}

/**
 * The records matching the filters. Filters are checked here, before any text is produced, so a
 * bad filter is an error rather than a broken stream.
 */
export function exportRecords(ctx: ServiceContext, input: ExportRecordsInput): ExportStream {
  const { format, ...filters } = parseInput(exportRecordsInput, input);
  let count = 0;
  async function* pages(): AsyncGenerator<UsageRecordWire[]> {
    let cursor: string | undefined;
    do {
      const page = await listUsage(ctx, { ...filters, limit: MAX_PAGE_SIZE, cursor });
      count += page.records.length;
      yield page.records;
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }
  async function* csv(): AsyncGenerator<string> {
    yield csvLine(RECORD_COLUMNS);
    for await (const records of pages()) {
      if (records.length > 0) yield records.map(recordLine).join("");
    }
  }
  async function* json(): AsyncGenerator<string> {
    // {"records":[...]}, one record a line: the shape of GET /usage and of an ingest batch.
    let first = true;
    yield '{"records":[';
    for await (const records of pages()) {
      if (records.length === 0) continue;
      const text = records.map((r) => JSON.stringify(r)).join(",\n");
      yield `${first ? "\n" : ",\n"}${text}`;
      first = false;
    }
    yield `${first ? "" : "\n"}]}\n`;
  }
  return {
    contentType: format === "csv" ? "text/csv; charset=utf-8" : "application/json",
    chunks: format === "csv" ? csv() : json(),
    records: () => count,
  };
}

function recordLine(record: UsageRecordWire): string {
  return csvLine(
    RECORD_COLUMNS.map((column) =>
      column === "metadata"
        ? JSON.stringify(record.metadata)
        : (record[column] as string | number | boolean | null),
    ),
  );
}

export type ExportReportInput = SummaryInput & { format?: string };

/** Columns after the group dimensions in a report export. */
export const REPORT_VALUE_COLUMNS = [
  "requests",
  "prompt_tokens",
  "completion_tokens",
  "cache_read_tokens",
  "total_tokens",
  "search_queries",
  "records",
  "unpriced_records",
  "total_cost",
] as const;

export interface ReportExport {
  contentType: string;
  body: string;
  summary: Summary;
}

/**
 * A report summary: JSON is exactly `summarizeUsage`'s answer; CSV is one row per group
 * (one row of totals without grouping), money as decimal strings.
 */
export async function exportReport(
  ctx: ServiceContext,
  input: ExportReportInput,
): Promise<ReportExport> {
  const { format: requested, ...summaryInput } = input;
  const chosen = parseInput(z.object({ format }), { format: requested }).format;
  const summary = await summarizeUsage(ctx, summaryInput);
  if (chosen === "json") {
    return {
      contentType: "application/json",
      body: `${JSON.stringify(summary, null, 2)}\n`,
      summary,
    };
  }
  const lines = [csvLine([...summary.group_by, ...REPORT_VALUE_COLUMNS, "currency"])];
  for (const group of summary.groups) {
    lines.push(
      csvLine([
        ...summary.group_by.map((dimension) => group[dimension] ?? null),
        ...REPORT_VALUE_COLUMNS.map((column) => group[column] ?? null),
        summary.currency,
      ]),
    );
  }
  return { contentType: "text/csv; charset=utf-8", body: lines.join(""), summary };
}
