/**
 * CSV import: invoice lines or a provider's usage export, mapped column by column onto usage
 * records, validated with the same code as ingest, and stored all or nothing.
 *
 * - **Dry run first.** `dry_run: true` reads, maps, validates and prices every row and stores
 *   nothing; the answer lists every bad row by CSV line.
 * - **Nothing half-imported.** Every row is validated before anything is written; one bad row
 *   and nothing from the file is stored. A valid file is written in one transaction, so an
 *   import is all or nothing even past ingest's 10,000-record batches, up to MAX_IMPORT_ROWS.
 * - **Re-importing changes nothing.** Without an `idempotency_key` column, a row's key is
 *   derived from its cells (and which repeat of identical cells it is), so the same file
 *   imported again is unchanged, a corrected mapping replaces what the file first produced,
 *   and two identical invoice lines stay two charges.
 * - **Line numbers are the editor's.** The header is line 1 and a quoted field spanning lines
 *   counts each of them.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { type ErrorDetail, ValidationError } from "../../core/errors.ts";
import { formatUsd } from "../../core/money.ts";
import {
  type NewUsageRecord,
  usageRecordInputSchema,
  validateUsageRecord,
} from "../../core/usage-record.ts";
import type { ServiceContext } from "../context.ts";
import { checkAccounts, lastVersionPerKey } from "../ingest.ts";
import { parseInput } from "../parse-input.ts";
import { priceBatch } from "../pricing.ts";
import { type CsvRecord, CsvSyntaxError, readCsv } from "./csv.ts";
import {
  type Mapping,
  mappingEntrySchema,
  mappingFieldProblem,
  NUMBER_FORMATS,
  type NumberFormat,
  PRESET_NAMES,
  PRESETS,
  readCell,
  type Transform,
} from "./mapping.ts";

/** Rows one import may hold; all of them are validated in memory and written in one transaction. */
export const MAX_IMPORT_ROWS = 100_000;
/** More errors than this are counted, not listed: fixing a file needs the pattern, not every line. */
export const MAX_IMPORT_ERRORS = 1_000;

export const importInput = z.strictObject({
  csv: z.string({ error: "must be the CSV text" }),
  preset: z.enum(PRESET_NAMES, { error: `must be one of ${PRESET_NAMES.join(", ")}` }).optional(),
  mapping: z
    .record(z.string(), mappingEntrySchema, { error: "must map fields to columns" })
    .optional(),
  defaults: z
    .record(z.string(), z.unknown(), { error: "must be an object of record fields" })
    .optional(),
  dry_run: z.boolean({ error: "must be true or false" }).default(false),
  number_format: z
    .enum(NUMBER_FORMATS, { error: `must be one of ${NUMBER_FORMATS.join(", ")}` })
    .default("plain"),
  delimiter: z.enum([",", ";", "\t"], { error: 'must be ",", ";" or a tab' }).default(","),
});
export type ImportInput = z.input<typeof importInput>;

export interface ImportError {
  /** 1-based CSV line the row starts on; the header is line 1. */
  line: number;
  /** The CSV column the value came from, when it came from one. */
  column?: string;
  /** The record field (or "(row)", "(file)" for the row or the file as a whole). */
  field: string;
  message: string;
}

export interface ImportResult {
  dry_run: boolean;
  /** Data rows read (the header and empty lines are not rows). */
  rows: number;
  /** Rows without an error. */
  valid: number;
  /** Rows with at least one error (both zero when the file or its header failed before any row was read). */
  invalid: number;
  errors: ImportError[];
  /** Errors beyond the MAX_IMPORT_ERRORS listed. */
  more_errors: number;
  /** What was written: all zero in a dry run or when any row is invalid. */
  inserted: number;
  updated: number;
  unchanged: number;
  /** Exact sum of the valid rows' costs as they are (or would be) stored, USD. */
  total_cost: string;
  currency: "USD";
  /** Valid rows with no cost and no catalog price: counted here, never as $0. */
  unpriced: number;
}

interface Column {
  field: string;
  column: string;
  index: number;
  transform: Transform | undefined;
}

/** Imports a CSV. Bad input (mapping, preset, defaults) throws; bad rows are listed in the result. */
export async function importCsv(ctx: ServiceContext, input: ImportInput): Promise<ImportResult> {
  const options = parseInput(importInput, input);
  const preset = options.preset ? PRESETS[options.preset] : undefined;
  const mapping: Mapping = { ...preset?.mapping, ...options.mapping };
  const defaults = readDefaults({ source: "import", ...preset?.defaults, ...options.defaults });
  checkMapping(mapping, defaults);

  const result: ImportResult = {
    dry_run: options.dry_run,
    rows: 0,
    valid: 0,
    invalid: 0,
    errors: [],
    more_errors: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    total_cost: "0.00",
    currency: "USD",
    unpriced: 0,
  };
  const errors: ImportError[] = [];
  const finish = () => {
    result.errors = errors.slice(0, MAX_IMPORT_ERRORS);
    result.more_errors = errors.length - result.errors.length;
    return result;
  };

  let read: ReturnType<typeof readRecords>;
  try {
    read = readRecords(options.csv, options.delimiter);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    errors.push({ line: error.line, field: "(file)", message: `not valid CSV: ${error.message}` });
    return finish();
  }
  const { header, rows } = read;
  if (!header) {
    errors.push({ line: 1, field: "(file)", message: "the file is empty; expected a header line" });
    return finish();
  }
  result.rows = read.count;
  if (read.count === 0) {
    errors.push({ line: header.line, field: "(file)", message: "no rows after the header" });
    return finish();
  }
  if (read.count > MAX_IMPORT_ROWS) {
    errors.push({
      line: header.line,
      field: "(file)",
      message: `an import holds at most ${MAX_IMPORT_ROWS} rows, this file has ${read.count}; split it`,
    });
    return finish();
  }
  const columns = resolveColumns(mapping, header, errors);
  if (errors.length > 0) return finish();

  // Map every row, then validate it exactly as ingest validates a record.
  const occurrences = new Map<string, number>();
  const candidates: (NewUsageRecord | null)[] = [];
  const badRows = new Set<number>();
  rows.forEach((row, index) => {
    const fail = (field: string, message: string, column?: string) => {
      badRows.add(index);
      errors.push({ line: row.line, ...(column === undefined ? {} : { column }), field, message });
    };
    if (row.fields.length !== header.fields.length) {
      fail(
        "(row)",
        `has ${row.fields.length} fields, the header has ${header.fields.length} (a missing delimiter, or a quote not closed?)`,
      );
      candidates.push(null);
      return;
    }
    const wire = toWireRecord(row, columns, defaults, options.number_format, fail);
    if (!wire) {
      candidates.push(null);
      return;
    }
    if (wire.idempotency_key === undefined) {
      wire.idempotency_key = lineKey(row.fields, occurrences);
    }
    const validation = validateUsageRecord(wire, index);
    if (!validation.ok) {
      for (const e of validation.errors)
        fail(e.field ?? "(row)", e.message, columnOf(columns, e.field));
      candidates.push(null);
      return;
    }
    candidates.push(validation.record as NewUsageRecord);
  });
  for (const { index = 0, field = "account_id", message } of await checkAccounts(ctx, candidates)) {
    const row = rows[index] as CsvRecord;
    badRows.add(index);
    errors.push({ line: row.line, ...columnEntry(columns, field), field, message });
  }
  errors.sort((a, b) => a.line - b.line);
  result.valid = rows.length - badRows.size;
  result.invalid = badRows.size;

  const valid = candidates.filter(
    (record, index): record is NewUsageRecord => record !== null && !badRows.has(index),
  );
  const unique = lastVersionPerKey(valid);
  await priceBatch(ctx, unique);
  let total = 0n;
  for (const record of unique) {
    if (record.cost_nanos === null) result.unpriced += 1;
    else total += record.cost_nanos;
  }
  result.total_cost = formatUsd(total);
  if (options.dry_run || errors.length > 0) return finish();

  // One call, one transaction: the whole file or nothing.
  const written = await ctx.usage.upsertMany(unique, ctx.now().toISOString());
  result.inserted = written.inserted;
  result.updated = written.updated;
  result.unchanged = written.unchanged + (valid.length - unique.length);
  return finish();
}

/**
 * The error a failed (not dry-run) import answers with: every listed error as a detail whose
 * `index` is the CSV line.
 */
export function importError(result: ImportResult): ValidationError {
  const more =
    result.more_errors > 0
      ? ` (first ${result.errors.length} errors listed, ${result.more_errors} more)`
      : "";
  const rows =
    result.invalid === 0
      ? "the file cannot be imported"
      : `${result.invalid} of ${result.rows} rows are invalid`;
  const details: (ErrorDetail & { column?: string })[] = result.errors.map((e) => ({
    index: e.line,
    field: e.field,
    message: e.message,
    ...(e.column === undefined ? {} : { column: e.column }),
  }));
  return new ValidationError(`${rows}; nothing from this import was stored${more}`, details);
}

function readRecords(
  csv: string,
  delimiter: string,
): { header?: CsvRecord; rows: CsvRecord[]; count: number } {
  let header: CsvRecord | undefined;
  const rows: CsvRecord[] = [];
  let count = 0;
  for (const record of readCsv(csv, { delimiter })) {
    // A row of empty cells (a spreadsheet's trailing ",,,") is blank, not a record.
    if (record.fields.every((field) => field.trim() === "")) continue;
    if (!header) header = record;
    else if (++count <= MAX_IMPORT_ROWS) rows.push(record);
  }
  return { header, rows, count };
}

/** Defaults: known fields only, each checked against its schema once rather than on every row. */
function readDefaults(defaults: Record<string, unknown>): Record<string, unknown> {
  const details: ErrorDetail[] = [];
  const shape = usageRecordInputSchema.shape as Record<string, z.ZodType>;
  for (const [field, value] of Object.entries(defaults)) {
    const problem = mappingFieldProblem(field);
    if (problem || field.startsWith("metadata.") || field === "idempotency_key") {
      details.push({
        field: `defaults.${field}`,
        message:
          problem ??
          (field === "idempotency_key"
            ? "cannot be a default: every row needs a key of its own (map a column, or leave it out to derive one per line)"
            : "set metadata as one object: defaults.metadata"),
      });
      continue;
    }
    const parsed = shape[field]?.safeParse(value);
    if (parsed && !parsed.success) {
      details.push({
        field: `defaults.${field}`,
        message: parsed.error.issues.map((i) => i.message).join("; "),
      });
    }
  }
  if (details.length > 0) {
    throw new ValidationError(
      `invalid import defaults: ${details.map((d) => `${d.field} ${d.message}`).join("; ")}`,
      details,
    );
  }
  return defaults;
}

function checkMapping(mapping: Mapping, defaults: Record<string, unknown>): void {
  const details: ErrorDetail[] = [];
  if (Object.keys(mapping).length === 0) {
    details.push({ field: "mapping", message: "give a mapping of fields to columns, or a preset" });
  }
  for (const field of Object.keys(mapping)) {
    const problem = mappingFieldProblem(field);
    if (problem) details.push({ field: `mapping.${field}`, message: problem });
  }
  if (mapping.account_id === undefined && defaults.account_id === undefined) {
    details.push({
      field: "defaults.account_id",
      message: "is required: the account every row is booked to (or map an account_id column)",
    });
  }
  if (details.length > 0) {
    throw new ValidationError(
      `invalid import: ${details.map((d) => `${d.field} ${d.message}`).join("; ")}`,
      details,
    );
  }
}

/** Finds each mapped column in the header: exactly, else ignoring case and edge spaces. */
function resolveColumns(mapping: Mapping, header: CsvRecord, errors: ImportError[]): Column[] {
  const names = header.fields;
  const columns: Column[] = [];
  for (const [field, entry] of Object.entries(mapping)) {
    const spec = typeof entry === "string" ? { column: entry } : entry;
    let index = names.indexOf(spec.column);
    if (index === -1) {
      const wanted = spec.column.trim().toLowerCase();
      const matches = names.flatMap((name, i) => (name.trim().toLowerCase() === wanted ? [i] : []));
      if (matches.length > 1) {
        errors.push({
          line: header.line,
          column: spec.column,
          field,
          message: `column "${spec.column}" appears ${matches.length} times in the header`,
        });
        continue;
      }
      index = matches[0] ?? -1;
    }
    if (index === -1) {
      if ("optional" in spec && spec.optional) continue;
      errors.push({
        line: header.line,
        column: spec.column,
        field,
        message: `no column "${spec.column}" in the header (columns: ${names.map((n) => JSON.stringify(n)).join(", ")})`,
      });
      continue;
    }
    columns.push({
      field,
      column: names[index] as string,
      index,
      transform: "transform" in spec ? spec.transform : undefined,
    });
  }
  return columns;
}

/** A row as the wire record ingest would receive, or null when a cell cannot be read. */
function toWireRecord(
  row: CsvRecord,
  columns: readonly Column[],
  defaults: Record<string, unknown>,
  format: NumberFormat,
  fail: (field: string, message: string, column?: string) => void,
): Record<string, unknown> | null {
  const wire: Record<string, unknown> = { ...defaults };
  const metadata: Record<string, unknown> = {};
  let ok = true;
  // Whole-object metadata first, so `metadata.<key>` columns add to it.
  const ordered = [...columns].sort(
    (a, b) => Number(b.field === "metadata") - Number(a.field === "metadata"),
  );
  for (const column of ordered) {
    const text = (row.fields[column.index] ?? "").trim();
    if (text === "") continue;
    const cell = readCell(column.field, text, column.transform, format);
    if (!cell.ok) {
      ok = false;
      fail(
        column.field.startsWith("metadata.") ? "metadata" : column.field,
        cell.message,
        column.column,
      );
      continue;
    }
    if (column.field.startsWith("metadata."))
      metadata[column.field.slice("metadata.".length)] = cell.value;
    else wire[column.field] = cell.value;
  }
  if (Object.keys(metadata).length > 0) {
    const base = wire.metadata;
    wire.metadata = { ...(isObject(base) ? base : {}), ...metadata };
  }
  return ok ? wire : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The key of a row without its own: a hash of its cells and of how many identical rows came
 * before it in the file, so the same file always yields the same keys.
 */
function lineKey(fields: readonly string[], occurrences: Map<string, number>): string {
  const content = fields.map((f) => f.trim()).join("\u001f");
  const seen = (occurrences.get(content) ?? 0) + 1;
  occurrences.set(content, seen);
  const digest = createHash("sha256").update(`${content}\u001e${seen}`).digest("base64url");
  return `csv:${digest.slice(0, 32)}`;
}

function columnOf(columns: readonly Column[], field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  const root = field.split(".")[0];
  return columns.find((c) => c.field === field || c.field === root)?.column;
}

function columnEntry(columns: readonly Column[], field: string): { column?: string } {
  const column = columnOf(columns, field);
  return column === undefined ? {} : { column };
}
