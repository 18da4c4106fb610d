/**
 * The usage record: one row of the ledger. `UsageRecordWire` is what the API accepts and
 * returns (snake_case, money as decimal strings); `NewUsageRecord` is the validated, normalized
 * form that services price and store (money as bigint nano-dollars).
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { ProviderId } from "../providers/registry.ts";
import { PROVIDER_IDS } from "../providers/registry.ts";
import {
  BUCKETS,
  type Bucket,
  CONFIDENCE,
  COST_SOURCES,
  type Confidence,
  type CostSource,
  REQUEST_TYPES,
  type RequestType,
  SOURCES,
  type Source,
} from "./enums.ts";
import type { ErrorDetail } from "./errors.ts";
import { formatUsd, MoneyFormatError, parseUsd } from "./money.ts";
import { dateOf, isIsoDate, monthOf, normalizeTimestamp } from "./time.ts";

/** The token and count fields, in wire order. */
export const COUNT_FIELDS = [
  "prompt_tokens",
  "completion_tokens",
  "total_tokens",
  "cache_read_tokens",
  "cache_write_5m_tokens",
  "cache_write_1h_tokens",
  "reasoning_tokens",
  "requests",
  "search_queries",
] as const;
export type CountField = (typeof COUNT_FIELDS)[number];

/** Metadata is free-form, but bounded: it is stored with every record. */
const MAX_METADATA_BYTES = 16 * 1024;

const count = z
  .union([z.number(), z.string()], { error: "must be a whole number" })
  .transform((value, ctx) => {
    const parsed = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof parsed !== "number" || !Number.isSafeInteger(parsed) || parsed < 0) {
      ctx.addIssue({
        code: "custom",
        message: `must be a non-negative whole number, got ${JSON.stringify(value)}`,
      });
      return z.NEVER;
    }
    return parsed;
  });

const optionalText = (max: number) =>
  z.string().max(max, `must be at most ${max} characters`).nullish();

/** The record as a client sends it. Unknown fields are refused so that a typo never drops data. */
export const usageRecordInputSchema = z.strictObject({
  id: z.string().optional(),
  account_id: z.string({ error: "is required" }).min(1, "is required"),
  provider: z.enum(PROVIDER_IDS, { error: `must be one of ${PROVIDER_IDS.join(", ")}` }).optional(),
  timestamp: z.string({ error: "must be an RFC 3339 timestamp" }).optional(),
  date: z.string({ error: "must be a date YYYY-MM-DD" }).optional(),
  bucket: z.enum(BUCKETS, { error: `must be one of ${BUCKETS.join(", ")}` }).default("request"),
  model: optionalText(200),
  prompt_tokens: count.default(0),
  completion_tokens: count.default(0),
  total_tokens: count.optional(),
  cache_read_tokens: count.default(0),
  cache_write_5m_tokens: count.default(0),
  cache_write_1h_tokens: count.default(0),
  reasoning_tokens: count.default(0),
  requests: count.default(1),
  search_queries: count.default(0),
  service_tier: optionalText(64),
  total_cost: z
    .string({ error: 'must be a decimal string such as "0.000123" (or null when unknown)' })
    .nullish(),
  currency: z.literal("USD", { error: 'must be "USD"' }).default("USD"),
  cost_source: z
    .enum(COST_SOURCES, { error: `must be one of ${COST_SOURCES.join(", ")}` })
    .nullish(),
  request_type: z
    .enum(REQUEST_TYPES, { error: `must be one of ${REQUEST_TYPES.join(", ")}` })
    .default("api"),
  confidence: z
    .enum(CONFIDENCE, { error: `must be one of ${CONFIDENCE.join(", ")}` })
    .default("estimated"),
  source: z.enum(SOURCES, { error: `must be one of ${SOURCES.join(", ")}` }).default("ingest_api"),
  workspace_id: optionalText(200),
  // Only the last characters of a provider key are ever kept; a longer value could be a whole key.
  api_key_suffix: z.string().max(4, "must be at most the last 4 characters of the key").nullish(),
  project: optionalText(200),
  metadata: z.record(z.string(), z.unknown(), { error: "must be a JSON object" }).default({}),
  idempotency_key: optionalText(256),
});
export type UsageRecordInput = z.input<typeof usageRecordInputSchema>;
export type ParsedInput = z.output<typeof usageRecordInputSchema>;

/** A validated record, ready to price and store. */
export interface NewUsageRecord {
  account_id: string;
  provider: ProviderId;
  timestamp: string;
  date: string;
  month: string;
  bucket: Bucket;
  model: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cache_read_tokens: number;
  cache_write_5m_tokens: number;
  cache_write_1h_tokens: number;
  reasoning_tokens: number;
  requests: number;
  search_queries: number;
  service_tier: string | null;
  cost_nanos: bigint | null;
  currency: "USD";
  cost_source: CostSource | null;
  unpriced: boolean;
  price_version: string | null;
  request_type: RequestType;
  confidence: Confidence;
  source: Source;
  workspace_id: string | null;
  api_key_suffix: string | null;
  project: string | null;
  metadata: Record<string, unknown>;
  idempotency_key: string;
}

/** A stored record. */
export interface UsageRecord extends NewUsageRecord {
  id: string;
  created_at: string;
  updated_at: string;
}

export type UsageRecordWire = Omit<
  UsageRecord,
  "cost_nanos" | "month" | "created_at" | "updated_at"
> & {
  total_cost: string | null;
};

export type RecordValidation =
  | { ok: true; record: Omit<NewUsageRecord, "provider"> & { provider: ProviderId | undefined } }
  | { ok: false; errors: ErrorDetail[] };

/**
 * Validates one wire record: the schema, then the token invariants of the canonical semantics
 * (cache classes are parts of prompt tokens, total = prompt + completion). `index` is the
 * record's position in its batch, carried into every error.
 */
export function validateUsageRecord(input: unknown, index: number): RecordValidation {
  let value = parseWellFormedInput(input);
  if (!value) {
    const parsed = usageRecordInputSchema.safeParse(input);
    if (!parsed.success) {
      return {
        ok: false,
        errors: parsed.error.issues.map((issue) => ({
          index,
          field: issue.path.join(".") || fieldOfUnrecognized(issue),
          message: describeIssue(issue, input),
        })),
      };
    }
    value = parsed.data;
  }
  const errors: ErrorDetail[] = [];

  const when = resolveWhen(value.timestamp, value.date, errors, index);

  const cacheTokens =
    value.cache_read_tokens + value.cache_write_5m_tokens + value.cache_write_1h_tokens;
  if (cacheTokens > value.prompt_tokens) {
    fail(
      errors,
      index,
      "cache_read_tokens",
      `cache tokens (read ${value.cache_read_tokens} + 5m write ${value.cache_write_5m_tokens} + 1h write ${value.cache_write_1h_tokens} = ${cacheTokens}) exceed prompt_tokens (${value.prompt_tokens}); prompt_tokens must count all input, cached or not`,
    );
  }
  const total = value.prompt_tokens + value.completion_tokens;
  if (value.total_tokens !== undefined && value.total_tokens !== total) {
    fail(
      errors,
      index,
      "total_tokens",
      `must equal prompt_tokens + completion_tokens (${total}), got ${value.total_tokens}`,
    );
  }
  // Perplexity deep research bills reasoning tokens on their own; everywhere else they are part of output.
  if (value.provider !== "perplexity" && value.reasoning_tokens > value.completion_tokens) {
    fail(
      errors,
      index,
      "reasoning_tokens",
      `reasoning_tokens (${value.reasoning_tokens}) exceed completion_tokens (${value.completion_tokens}); reasoning is part of output`,
    );
  }

  let costNanos: bigint | null = null;
  if (value.total_cost !== null && value.total_cost !== undefined) {
    try {
      costNanos = parseUsd(value.total_cost);
    } catch (error) {
      if (!(error instanceof MoneyFormatError)) throw error;
      fail(
        errors,
        index,
        "total_cost",
        `${error.message}; send USD as a decimal string with at most 9 decimals`,
      );
    }
  }
  if (value.metadata && Buffer.byteLength(JSON.stringify(value.metadata)) > MAX_METADATA_BYTES) {
    fail(errors, index, "metadata", `must be at most ${MAX_METADATA_BYTES} bytes of JSON`);
  }
  if (errors.length > 0 || !when) return { ok: false, errors };

  // One object literal, not a spread: records built by spreading got a hidden class each, which
  // made every later property read on them (pricing, storage) a slow megamorphic lookup.
  const record = {
    account_id: value.account_id,
    provider: value.provider,
    timestamp: when.timestamp,
    date: when.date,
    month: monthOf(when.date),
    bucket: value.bucket,
    model: value.model ?? null,
    prompt_tokens: value.prompt_tokens,
    completion_tokens: value.completion_tokens,
    total_tokens: total,
    cache_read_tokens: value.cache_read_tokens,
    cache_write_5m_tokens: value.cache_write_5m_tokens,
    cache_write_1h_tokens: value.cache_write_1h_tokens,
    reasoning_tokens: value.reasoning_tokens,
    requests: value.requests,
    search_queries: value.search_queries,
    service_tier: value.service_tier ?? null,
    cost_nanos: costNanos,
    currency: value.currency,
    cost_source:
      costNanos === null
        ? (value.cost_source ?? null)
        : (value.cost_source ?? defaultCostSource(value.source)),
    unpriced: costNanos === null,
    price_version: null,
    request_type: value.request_type,
    confidence: value.confidence,
    source: value.source,
    workspace_id: value.workspace_id ?? null,
    api_key_suffix: value.api_key_suffix ?? null,
    project: value.project ?? null,
    metadata: value.metadata,
    idempotency_key: value.idempotency_key ?? "",
  };
  if (value.idempotency_key == null) record.idempotency_key = naturalKey(record);
  return { ok: true, record };
}

const PROVIDER_SET = new Set<unknown>(PROVIDER_IDS);
const BUCKET_SET = new Set<unknown>(BUCKETS);
const COST_SOURCE_SET = new Set<unknown>(COST_SOURCES);
const REQUEST_TYPE_SET = new Set<unknown>(REQUEST_TYPES);
const CONFIDENCE_SET = new Set<unknown>(CONFIDENCE);
const SOURCE_SET = new Set<unknown>(SOURCES);
const DIGITS = /^\d+$/;
/** Every field but account_id may be left out, or sent as undefined. */
const OPTIONAL_FIELDS = new Set(
  Object.keys(usageRecordInputSchema.shape).filter((key) => key !== "account_id"),
);

/**
 * What `usageRecordInputSchema` returns for a well-formed record, or null for anything else,
 * which zod then parses and words the errors for. zod costs a few µs a record (a union and a
 * transform per count, a default per field), as much as the rest of validation. Must accept
 * only what the schema accepts and return exactly what it returns (test/core checks both).
 * One pass over the keys: records differ in which fields they carry, so reading 28 fields by
 * name would be 28 lookups on ever-changing object shapes.
 */
export function parseWellFormedInput(input: unknown): ParsedInput | null {
  if (typeof input !== "object" || input === null) return null;
  const prototype = Object.getPrototypeOf(input);
  if (prototype !== Object.prototype && prototype !== null) return null;
  // The schema's defaults; absent and undefined fields keep them.
  const out: ParsedInput = {
    id: undefined,
    account_id: "",
    provider: undefined,
    timestamp: undefined,
    date: undefined,
    bucket: "request",
    model: undefined,
    prompt_tokens: 0,
    completion_tokens: 0,
    total_tokens: undefined,
    cache_read_tokens: 0,
    cache_write_5m_tokens: 0,
    cache_write_1h_tokens: 0,
    reasoning_tokens: 0,
    requests: 1,
    search_queries: 0,
    service_tier: undefined,
    total_cost: undefined,
    currency: "USD",
    cost_source: undefined,
    request_type: "api",
    confidence: "estimated",
    source: "ingest_api",
    workspace_id: undefined,
    api_key_suffix: undefined,
    project: undefined,
    metadata: {},
    idempotency_key: undefined,
  };
  // zod's strict object finds unknown keys with for...in too. Each case checks its field's
  // schema, so the casts below only restate what was checked.
  for (const key in input) {
    const value = (input as Record<string, unknown>)[key];
    if (value === undefined && OPTIONAL_FIELDS.has(key)) continue;
    switch (key) {
      case "account_id":
        if (typeof value !== "string" || value.length === 0) return null;
        out.account_id = value;
        break;
      case "id":
      case "timestamp":
      case "date":
        if (typeof value !== "string") return null;
        out[key] = value;
        break;
      case "provider":
        if (!PROVIDER_SET.has(value)) return null;
        out.provider = value as ProviderId;
        break;
      case "bucket":
        if (!BUCKET_SET.has(value)) return null;
        out.bucket = value as Bucket;
        break;
      case "model":
      case "workspace_id":
      case "project":
        if (!isText(value, 200)) return null;
        out[key] = value as string | null;
        break;
      case "service_tier":
        if (!isText(value, 64)) return null;
        out.service_tier = value as string | null;
        break;
      case "api_key_suffix":
        if (!isText(value, 4)) return null;
        out.api_key_suffix = value as string | null;
        break;
      case "idempotency_key":
        if (!isText(value, 256)) return null;
        out.idempotency_key = value as string | null;
        break;
      case "total_cost":
        if (!isText(value, Number.POSITIVE_INFINITY)) return null;
        out.total_cost = value as string | null;
        break;
      case "prompt_tokens":
      case "completion_tokens":
      case "total_tokens":
      case "cache_read_tokens":
      case "cache_write_5m_tokens":
      case "cache_write_1h_tokens":
      case "reasoning_tokens":
      case "requests":
      case "search_queries": {
        const count = countOf(value);
        if (count === null) return null;
        out[key] = count;
        break;
      }
      case "currency":
        if (value !== "USD") return null;
        break;
      case "cost_source":
        if (value !== null && !COST_SOURCE_SET.has(value)) return null;
        out.cost_source = value as CostSource | null;
        break;
      case "request_type":
        if (!REQUEST_TYPE_SET.has(value)) return null;
        out.request_type = value as RequestType;
        break;
      case "confidence":
        if (!CONFIDENCE_SET.has(value)) return null;
        out.confidence = value as Confidence;
        break;
      case "source":
        if (!SOURCE_SET.has(value)) return null;
        out.source = value as Source;
        break;
      case "metadata": {
        const metadata = copyPlainRecord(value);
        if (!metadata) return null;
        out.metadata = metadata;
        break;
      }
      default:
        return null;
    }
  }
  return out.account_id === "" ? null : out;
}

/** A count as the schema reads it (a whole number, or a string of digits), or null. */
function countOf(value: unknown): number | null {
  const parsed = typeof value === "string" && DIGITS.test(value) ? Number(value) : value;
  return typeof parsed === "number" && Number.isSafeInteger(parsed) && parsed >= 0 ? parsed : null;
}

/** Absent, null, or a string of at most `max` characters. */
function isText(value: unknown, max: number): boolean {
  return value == null || (typeof value === "string" && value.length <= max);
}

/** zod's copy of a plain object for z.record(z.string(), z.unknown()), or null to let zod decide. */
function copyPlainRecord(value: unknown): Record<string, unknown> | null {
  if (typeof value !== "object" || value === null) return null;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return null;
  // A symbol key is an invalid key to zod.
  if (Object.getOwnPropertySymbols(value).length > 0) return null;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    // zod leaves __proto__ out: assigning it would replace the copy's prototype.
    if (key !== "__proto__") copy[key] = (value as Record<string, unknown>)[key];
  }
  return copy;
}

function resolveWhen(
  timestamp: string | undefined,
  date: string | undefined,
  errors: ErrorDetail[],
  index: number,
): { timestamp: string; date: string } | null {
  if (date !== undefined && !isIsoDate(date)) {
    fail(errors, index, "date", `must be a calendar date YYYY-MM-DD, got ${JSON.stringify(date)}`);
    return null;
  }
  if (timestamp === undefined) {
    if (date === undefined) {
      fail(errors, index, "timestamp", "a timestamp (RFC 3339) or a date (YYYY-MM-DD) is required");
      return null;
    }
    return { timestamp: `${date}T00:00:00.000Z`, date };
  }
  const normalized = normalizeTimestamp(timestamp);
  if (!normalized) {
    fail(
      errors,
      index,
      "timestamp",
      `must be an RFC 3339 timestamp such as 2025-01-31T12:00:00Z, got ${JSON.stringify(timestamp)}`,
    );
    return null;
  }
  if (date !== undefined && date !== dateOf(normalized)) {
    fail(
      errors,
      index,
      "date",
      `must be the UTC date of timestamp (${dateOf(normalized)}), got ${date}`,
    );
    return null;
  }
  return { timestamp: normalized, date: dateOf(normalized) };
}

/**
 * Records an error. A module function rather than a closure made per record: tsx, which runs
 * the app, names every closure it creates with Object.defineProperty, a tenth of validation.
 */
function fail(errors: ErrorDetail[], index: number, field: string, message: string): void {
  errors.push({ index, field, message });
}

function defaultCostSource(source: Source): CostSource {
  switch (source) {
    case "admin_api":
      return "official_report";
    case "manual":
      return "manual";
    case "reconciliation":
      return "reconciliation";
    case "proxy":
    case "sdk":
    case "ingest_api":
    case "import":
      return "provider_reported";
    default:
      return source satisfies never;
  }
}

/**
 * The key a record is stored under when the client sends no `idempotency_key`. Aggregate buckets
 * are identified by their dimensions, so a re-fetched bucket with grown numbers replaces the
 * old one; a single request has no dimension that tells two requests apart, so its whole
 * content is the key and only an exact re-send is recognised as the same record.
 */
function naturalKey(record: Omit<NewUsageRecord, "provider"> & { provider?: ProviderId }): string {
  const identity =
    record.bucket === "request"
      ? // Undefined values are left out of the JSON: the key is not part of its own identity.
        {
          ...record,
          cost_nanos: record.cost_nanos?.toString() ?? null,
          provider: undefined,
          idempotency_key: undefined,
        }
      : {
          source: record.source,
          bucket: record.bucket,
          timestamp: record.timestamp,
          model: record.model,
          service_tier: record.service_tier,
          workspace_id: record.workspace_id,
          api_key_suffix: record.api_key_suffix,
          project: record.project,
          request_type: record.request_type,
          metadata: record.metadata,
        };
  const digest = createHash("sha256").update(stableJson(identity)).digest("base64url");
  return `nk:${digest.slice(0, 32)}`;
}

/** JSON with object keys sorted, so equal content always hashes equally. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function fieldOfUnrecognized(issue: z.core.$ZodIssue): string {
  return issue.code === "unrecognized_keys" ? issue.keys.join(",") : "";
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === "unrecognized_keys") {
    return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")} (see the usage record schema)`;
  }
  if (issue.code === "invalid_type" && valueAt(input, issue.path) === undefined)
    return "is required";
  return issue.message;
}

/** The value at a zod issue path (zod does not echo inputs back unless asked). */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The record as the API returns it. */
export function toWire(record: UsageRecord): UsageRecordWire {
  const { cost_nanos, month: _month, created_at: _created, updated_at: _updated, ...rest } = record;
  return { ...rest, total_cost: cost_nanos === null ? null : formatUsd(cost_nanos) };
}
