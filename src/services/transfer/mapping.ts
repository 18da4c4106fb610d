/**
 * Column mappings: which CSV column fills which field of a usage record, how its text is read,
 * and the built-in presets. A mapping names wire fields (`total_cost`, `prompt_tokens` …) or
 * `metadata.<key>` for anything else worth keeping; each maps to a column name, or to
 * `{ column, transform?, optional? }`.
 *
 * Numbers are read exactly, never through a float. By default a number is plain digits with an
 * optional "." decimal point (`1234.56`); a thousands separator (`1,234.56`) is refused with a
 * hint, because guessing wrong would change an amount a thousandfold. `number_format` says how
 * else to read them: `thousands_comma` (`1,234.56`) or `decimal_comma` (`1.234,56`,
 * `1 234,56`). Amounts may carry a leading `$`.
 */
import { z } from "zod";
import { COUNT_FIELDS, usageRecordInputSchema } from "../../core/usage-record.ts";

/** Fields of a usage record on the wire that an import can fill (`id` is assigned, never imported). */
export const IMPORT_FIELDS = Object.keys(usageRecordInputSchema.shape).filter(
  (field) => field !== "id",
) as ImportField[];
export type ImportField = Exclude<keyof typeof usageRecordInputSchema.shape, "id">;

export const TRANSFORMS = [
  "unix_seconds",
  "unix_ms",
  "us_date",
  "day_first_date",
  "cents",
  "lowercase",
] as const;
export type Transform = (typeof TRANSFORMS)[number];

export const NUMBER_FORMATS = ["plain", "thousands_comma", "decimal_comma"] as const;
export type NumberFormat = (typeof NUMBER_FORMATS)[number];

export const mappingEntrySchema = z.union([
  z.string().min(1, "must name a column"),
  z.strictObject({
    column: z.string().min(1, "must name a column"),
    transform: z.enum(TRANSFORMS, { error: `must be one of ${TRANSFORMS.join(", ")}` }).optional(),
    /** A column the file may lack: the field is then left to the defaults. */
    optional: z.boolean().optional(),
  }),
]);
export type MappingEntry = z.infer<typeof mappingEntrySchema>;
/** Field (a wire field or `metadata.<key>`) → column. */
export type Mapping = Record<string, MappingEntry>;

export interface Preset {
  description: string;
  mapping: Mapping;
  /** Values every row gets unless its own columns say otherwise (the caller's defaults win over these). */
  defaults: Record<string, unknown>;
}

/**
 * Built-in mappings. Extend or override one by passing a mapping too: its entries replace the
 * preset's field by field.
 */
export const PRESETS = {
  /**
   * An invoice or billing statement, one line per charge: `date` (YYYY-MM-DD), `description`,
   * `amount` (USD). Each line becomes a day bucket carrying the amount as its cost, no tokens and
   * no requests (a charge is not a request), the description kept in metadata. Say how sure the
   * amounts are with the defaults, e.g. `confidence: "official"`.
   */
  invoice: {
    description: "invoice lines: date, description, amount",
    mapping: {
      date: "date",
      total_cost: "amount",
      "metadata.description": "description",
    },
    defaults: { bucket: "1d", requests: 0 },
  },
  /**
   * OpenAI organization usage, one row per bucket and model with the completions usage fields:
   * `start_time` (Unix seconds), `model`, `input_tokens` (all input, cached included),
   * `output_tokens`, `num_model_requests`, and optionally `input_cached_tokens`, `project_id`,
   * `api_key_id`. No dollars: the records are priced from the catalog, as estimates. Rows are
   * day buckets; set `bucket` in the defaults for hourly exports.
   */
  openai_usage_export: {
    description:
      "OpenAI usage rows: start_time, model, input_tokens, output_tokens, num_model_requests",
    mapping: {
      timestamp: { column: "start_time", transform: "unix_seconds" },
      model: "model",
      prompt_tokens: "input_tokens",
      completion_tokens: "output_tokens",
      requests: "num_model_requests",
      cache_read_tokens: { column: "input_cached_tokens", optional: true },
      project: { column: "project_id", optional: true },
      "metadata.api_key_id": { column: "api_key_id", optional: true },
    },
    defaults: { provider: "openai", bucket: "1d" },
  },
  /**
   * TokenLedger's own record export (`tokenledger export records --format csv`): every input
   * field under its wire name, metadata as JSON. Re-importing an export changes nothing.
   */
  tokenledger: {
    description: "a TokenLedger record export (every wire field by name)",
    mapping: Object.fromEntries(
      IMPORT_FIELDS.map((field) => [field, { column: field, optional: true }]),
    ),
    defaults: {},
  },
} satisfies Record<string, Preset>;
export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

const COUNT_SET = new Set<string>(COUNT_FIELDS);
const FIELD_SET = new Set<string>(IMPORT_FIELDS);

/** Why a mapping key is not a field, or null when it is one. */
export function mappingFieldProblem(field: string): string | null {
  if (FIELD_SET.has(field)) return null;
  if (field.startsWith("metadata.") && field.length > "metadata.".length) return null;
  if (field === "id") return "is assigned by TokenLedger and cannot be imported";
  return `is not a usage record field (use one of ${IMPORT_FIELDS.join(", ")}, or metadata.<key>)`;
}

export type CellResult = { ok: true; value: unknown } | { ok: false; message: string };

const GROUPED_COMMA = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const DECIMAL_COMMA = /^([+-]?)(\d{1,3}(?:[. \u00a0\u202f]\d{3})+|\d+)(?:,(\d+))?$/;

/** A number as plain digits with "." as the decimal point (the form the validator reads), or an error. */
export function normalizeNumber(text: string, format: NumberFormat): CellResult {
  if (format === "thousands_comma") {
    return { ok: true, value: GROUPED_COMMA.test(text) ? text.replaceAll(",", "") : text };
  }
  if (format === "decimal_comma") {
    const match = DECIMAL_COMMA.exec(text);
    if (!match) {
      return {
        ok: false,
        message: `"${text}" is not a number written with a decimal comma (such as 1.234,56)`,
      };
    }
    const [, sign = "", whole = "", fraction] = match;
    const digits = whole.replace(/[. \u00a0\u202f]/g, "");
    return {
      ok: true,
      value: fraction === undefined ? `${sign}${digits}` : `${sign}${digits}.${fraction}`,
    };
  }
  if (GROUPED_COMMA.test(text)) {
    return {
      ok: false,
      message: `"${text}" has a thousands separator; write it without one, or import with number_format "thousands_comma" (1,234.56) or "decimal_comma" (1.234,56)`,
    };
  }
  return { ok: true, value: text };
}

/** An amount: an optional sign, an optional "$", then a number in the import's format. */
function readAmount(text: string, format: NumberFormat): CellResult {
  const match = /^([+-]?)\s*\$\s*(.*)$/.exec(text);
  const unsigned = match ? (match[2] ?? "") : text;
  const sign = match ? (match[1] ?? "") : "";
  const result = normalizeNumber(unsigned, format);
  return result.ok ? { ok: true, value: `${sign}${result.value as string}` } : result;
}

function applyTransform(transform: Transform, text: string, format: NumberFormat): CellResult {
  switch (transform) {
    case "unix_seconds":
    case "unix_ms": {
      const scale = transform === "unix_seconds" ? 1000 : 1;
      const ms = /^\d+$/.test(text) ? Number(text) * scale : Number.NaN;
      if (!Number.isSafeInteger(ms) || ms > 8_640_000_000_000_000) {
        return {
          ok: false,
          message: `must be a time in Unix ${transform === "unix_seconds" ? "seconds" : "milliseconds"}, got "${text}"`,
        };
      }
      return { ok: true, value: new Date(ms).toISOString() };
    }
    case "us_date":
    case "day_first_date": {
      const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
      if (!match) {
        return {
          ok: false,
          message: `must be a date ${transform === "us_date" ? "MM/DD/YYYY" : "DD/MM/YYYY"}, got "${text}"`,
        };
      }
      const [, a = "", b = "", year = ""] = match;
      const [month, day] = transform === "us_date" ? [a, b] : [b, a];
      return { ok: true, value: `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}` };
    }
    case "cents": {
      const number = normalizeNumber(text, format);
      if (!number.ok) return number;
      const match = /^([+-]?)(\d+)$/.exec(number.value as string);
      if (!match) return { ok: false, message: `must be a whole number of cents, got "${text}"` };
      const [, sign = "", digits = ""] = match;
      const padded = digits.padStart(3, "0");
      return { ok: true, value: `${sign}${padded.slice(0, -2)}.${padded.slice(-2)}` };
    }
    case "lowercase":
      return { ok: true, value: text.toLowerCase() };
    default:
      return transform satisfies never;
  }
}

/**
 * The value of one non-empty, trimmed cell for `field`: counts as digit strings, amounts as
 * exact decimal strings, metadata as a JSON object, anything else as text. What the value means
 * (a valid date, at most 9 decimals …) is left to the usage record validator, so an import
 * says the same as ingest about the same value.
 */
export function readCell(
  field: string,
  text: string,
  transform: Transform | undefined,
  format: NumberFormat,
): CellResult {
  let value = text;
  if (transform) {
    const transformed = applyTransform(transform, text, format);
    if (!transformed.ok || typeof transformed.value !== "string") return transformed;
    value = transformed.value;
    if (transform === "cents") return { ok: true, value };
  }
  if (COUNT_SET.has(field)) return normalizeNumber(value, format);
  if (field === "total_cost") return readAmount(value, format);
  if (field === "metadata") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return { ok: false, message: 'must be a JSON object, such as {"team":"search"}' };
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      return { ok: false, message: 'must be a JSON object, such as {"team":"search"}' };
    }
    return { ok: true, value: parsed };
  }
  return { ok: true, value };
}
