/**
 * The OpenAI organization Usage and Costs reports computed from seeded rows (providers.md §2):
 * what the fake answers for one query, from the state as it is at that moment.
 */
import {
  BadRequest,
  type BucketPage,
  type BucketWidth,
  floorTo,
  groupRows,
  pageOfBuckets,
  parseGroupBy,
  parseLimit,
  parseWidth,
  rowsByBucket,
  USAGE_LIMITS,
  WIDTH_MS,
} from "./buckets.ts";
import { sumDecimalStrings } from "./exact-decimal.ts";

/**
 * One seeded completions usage row, at the finest granularity the test wants. A query with a
 * finer width than the seed puts the whole row in the bucket holding its start.
 */
export interface OpenAIUsageRow {
  /** Bucket start, Unix seconds, aligned to the minute, hour or day. */
  start_time: number;
  project_id: string | null;
  user_id: string | null;
  api_key_id: string | null;
  model: string;
  batch: boolean;
  /** "default" | "flex" | "priority" | "scale" … */
  service_tier: string | null;
  /** All input tokens, cached ones included. */
  input_tokens: number;
  input_cached_tokens: number;
  output_tokens: number;
  input_audio_tokens: number;
  output_audio_tokens: number;
  num_model_requests: number;
}

/** One seeded cost row. */
export interface OpenAICostRow {
  /** The day, YYYY-MM-DD (UTC). */
  date: string;
  project_id: string | null;
  line_item: string | null;
  /** Dollars, as an exact decimal string. */
  value: string;
  /**
   * How `amount.value` goes on the wire (default "string"). A group is sent as a JSON number
   * only when all its rows ask for "number"; the digits are written exactly, but a client that
   * parses JSON numbers into doubles only gets values like "0.5" back exactly.
   */
  valueAs?: "number" | "string";
}

export const USAGE_GROUPS = [
  "project_id",
  "user_id",
  "api_key_id",
  "model",
  "batch",
  "service_tier",
] as const;
type UsageGroup = (typeof USAGE_GROUPS)[number];
export const COST_GROUPS = ["project_id", "line_item"] as const;

const USAGE_FILTERS = {
  project_ids: "project_id",
  user_ids: "user_id",
  api_key_ids: "api_key_id",
  models: "model",
} as const satisfies Record<string, UsageGroup>;

/** Values of a repeatable parameter, accepted as `name=…` or `name[]=…`. */
function repeated(query: URLSearchParams, name: string): string[] {
  return [...query.getAll(name), ...query.getAll(`${name}[]`)];
}

function parseSeconds(value: string | null, param: string): number | null {
  if (value === null) return null;
  if (!/^\d+$/.test(value)) throw new BadRequest(`${param} must be a Unix time in seconds`, param);
  return Number(value) * 1000;
}

function page(
  query: URLSearchParams,
  kind: string,
  width: BucketWidth,
  limit: number,
  now: Date,
): BucketPage {
  const start = parseSeconds(query.get("start_time"), "start_time");
  if (start === null) throw new BadRequest("start_time is required", "start_time");
  const end = parseSeconds(query.get("end_time"), "end_time") ?? now.getTime();
  if (end <= floorTo(start, width)) {
    throw new BadRequest("end_time must be after start_time", "end_time");
  }
  return pageOfBuckets({
    kind,
    startMs: floorTo(start, width),
    endMs: end,
    width,
    limit,
    page: query.get("page"),
  });
}

function bucket(start: number, width: BucketWidth, results: unknown[]) {
  return {
    object: "bucket",
    start_time: start / 1000,
    end_time: (start + WIDTH_MS[width]) / 1000,
    results,
  };
}

/** `GET /v1/organization/usage/completions` */
export function completionsUsage(
  query: URLSearchParams,
  rows: readonly OpenAIUsageRow[],
  now: Date,
) {
  const width = parseWidth(query.get("bucket_width"), ["1d", "1h", "1m"]);
  const limit = parseLimit(query.get("limit"), USAGE_LIMITS[width]);
  const groups = parseGroupBy(repeated(query, "group_by"), USAGE_GROUPS, "group_by");
  const buckets = page(query, "completions", width, limit, now);
  const filters = Object.entries(USAGE_FILTERS).map(
    ([param, field]) => [field, repeated(query, param)] as const,
  );
  const kept = rows.filter((row) =>
    filters.every(([field, values]) => values.length === 0 || values.includes(String(row[field]))),
  );
  const byBucket = rowsByBucket(kept, (row) => row.start_time * 1000, buckets, width);
  return {
    object: "page",
    data: [...byBucket].map(([start, inBucket]) =>
      bucket(
        start,
        width,
        groupRows(inBucket, (row) => JSON.stringify(groups.map((group) => row[group]))).map(
          ([, members]) => usageResult(members, groups),
        ),
      ),
    ),
    has_more: buckets.nextPage !== null,
    next_page: buckets.nextPage,
  };
}

function usageResult(members: OpenAIUsageRow[], groups: readonly UsageGroup[]) {
  const sum = (pick: (row: OpenAIUsageRow) => number) =>
    members.reduce((total, row) => total + pick(row), 0);
  const first = members[0];
  const dimension = <G extends UsageGroup>(group: G): OpenAIUsageRow[G] | null =>
    first !== undefined && groups.includes(group) ? first[group] : null;
  return {
    object: "organization.usage.completions.result",
    input_tokens: sum((row) => row.input_tokens),
    input_cached_tokens: sum((row) => row.input_cached_tokens),
    output_tokens: sum((row) => row.output_tokens),
    input_audio_tokens: sum((row) => row.input_audio_tokens),
    output_audio_tokens: sum((row) => row.output_audio_tokens),
    num_model_requests: sum((row) => row.num_model_requests),
    project_id: dimension("project_id"),
    user_id: dimension("user_id"),
    api_key_id: dimension("api_key_id"),
    model: dimension("model"),
    batch: dimension("batch"),
    service_tier: dimension("service_tier"),
  };
}

/** Marks an amount that goes on the wire as a bare JSON number; see `serializeCosts`. */
const RAW_NUMBER = "\u0000raw-number:";

/** `GET /v1/organization/costs`; serialize the result with `serializeCosts`. */
export function organizationCosts(
  query: URLSearchParams,
  rows: readonly OpenAICostRow[],
  now: Date,
) {
  const width = parseWidth(query.get("bucket_width"), ["1d"]);
  const limit = parseLimit(query.get("limit"), { default: 7, min: 1, max: 180 });
  const groups = parseGroupBy(repeated(query, "group_by"), COST_GROUPS, "group_by");
  const byProject = groups.includes("project_id");
  const byLineItem = groups.includes("line_item");
  const buckets = page(query, "costs", width, limit, now);
  const byBucket = rowsByBucket(rows, (row) => Date.parse(`${row.date}T00:00:00Z`), buckets, width);
  return {
    object: "page",
    data: [...byBucket].map(([start, inBucket]) =>
      bucket(
        start,
        width,
        groupRows(inBucket, (row) =>
          JSON.stringify([byProject ? row.project_id : null, byLineItem ? row.line_item : null]),
        ).map(([, members]) => {
          const value = sumDecimalStrings(members.map((row) => row.value));
          const asNumber = members.every((row) => row.valueAs === "number");
          return {
            object: "organization.costs.result",
            amount: { value: asNumber ? `${RAW_NUMBER}${value}` : value, currency: "usd" },
            line_item: byLineItem ? (members[0]?.line_item ?? null) : null,
            project_id: byProject ? (members[0]?.project_id ?? null) : null,
          };
        }),
      ),
    ),
    has_more: buckets.nextPage !== null,
    next_page: buckets.nextPage,
  };
}

/** JSON text in which marked amounts are bare numbers with their exact decimal digits. */
export function serializeCosts(body: unknown): string {
  return JSON.stringify(body).replace(/"\\u0000raw-number:(-?[\d.]+)"/g, "$1");
}
