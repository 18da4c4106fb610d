/**
 * The Anthropic Usage & Cost reports computed from seeded rows (providers.md §1.1, §1.2): what
 * the fake answers for one query, from the state as it is at that moment.
 */
import {
  BadRequest,
  type BucketPage,
  floorTo,
  groupRows,
  isoSeconds,
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
 * One seeded usage row, at the finest granularity the test wants (a minute, hour or day). A
 * query with a finer width than the seed puts the whole row in the bucket holding its start.
 */
export interface AnthropicUsageRow {
  /** Bucket start, RFC 3339 UTC, aligned to the minute, hour or day. */
  starting_at: string;
  model: string;
  /** `null` is the default workspace. */
  workspace_id: string | null;
  /** `null` is Workbench usage. */
  api_key_id: string | null;
  /** "standard" | "batch" | "priority" (newer tiers are plain strings too). */
  service_tier: string;
  /** "0-200k" | "200k-1M". */
  context_window: string;
  uncached_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  cache_read_input_tokens: number;
  output_tokens: number;
  server_tool_use: { web_search_requests: number };
}

/**
 * One seeded cost row. Priority Tier usage never appears in the real cost report, so seeds
 * must not contain cost rows for it (`anthropicCostRowsFromUsage` leaves it out).
 */
export interface AnthropicCostRow {
  /** The day, YYYY-MM-DD (UTC). */
  date: string;
  workspace_id: string | null;
  description: string;
  /** "tokens" | "web_search" | "code_execution" | … */
  cost_type: string;
  token_type: string | null;
  model: string | null;
  /** "standard" | "batch" | null. */
  service_tier: string | null;
  context_window: string | null;
  /** Decimal string in cents: "123.78912" is $1.2378912. */
  amount: string;
}

export const USAGE_GROUPS = [
  "model",
  "workspace_id",
  "api_key_id",
  "service_tier",
  "context_window",
] as const;
type UsageGroup = (typeof USAGE_GROUPS)[number];

export const COST_GROUPS = ["workspace_id", "description"] as const;
const DESCRIPTION_FIELDS = [
  "description",
  "cost_type",
  "token_type",
  "model",
  "service_tier",
  "context_window",
] as const;

const USAGE_FILTERS = {
  "models[]": "model",
  "workspace_ids[]": "workspace_id",
  "api_key_ids[]": "api_key_id",
  "service_tiers[]": "service_tier",
  "context_window[]": "context_window",
} as const satisfies Record<string, UsageGroup>;

const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function parseTime(value: string | null, param: string): number | null {
  if (value === null) return null;
  const ms = RFC_3339.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new BadRequest(`${param} must be an RFC 3339 timestamp`, param);
  return ms;
}

function rowTime(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`seeded row has an invalid time "${text}"`);
  return ms;
}

function groupByParam(query: URLSearchParams): string[] {
  if (query.has("group_by")) throw new BadRequest("use group_by[] for grouping", "group_by");
  return query.getAll("group_by[]");
}

function page(
  query: URLSearchParams,
  kind: string,
  width: "1m" | "1h" | "1d",
  limit: number,
  now: Date,
): BucketPage {
  const starting = parseTime(query.get("starting_at"), "starting_at");
  if (starting === null) throw new BadRequest("starting_at is required", "starting_at");
  const ending = parseTime(query.get("ending_at"), "ending_at") ?? now.getTime();
  return pageOfBuckets({
    kind,
    startMs: floorTo(starting, width),
    endMs: ending,
    width,
    limit,
    page: query.get("page"),
  });
}

/** `GET /v1/organizations/usage_report/messages` */
export function usageReport(query: URLSearchParams, rows: readonly AnthropicUsageRow[], now: Date) {
  const width = parseWidth(query.get("bucket_width"), ["1d", "1h", "1m"]);
  const limit = parseLimit(query.get("limit"), USAGE_LIMITS[width]);
  const groups = parseGroupBy(groupByParam(query), USAGE_GROUPS, "group_by[]");
  const buckets = page(query, "usage", width, limit, now);
  const filters = Object.entries(USAGE_FILTERS).map(
    ([param, field]) => [field, query.getAll(param)] as const,
  );
  const kept = rows.filter((row) =>
    filters.every(([field, values]) => values.length === 0 || values.includes(String(row[field]))),
  );
  const byBucket = rowsByBucket(kept, (row) => rowTime(row.starting_at), buckets, width);
  return {
    data: [...byBucket].map(([start, inBucket]) => ({
      starting_at: isoSeconds(start),
      ending_at: isoSeconds(start + WIDTH_MS[width]),
      results: groupRows(inBucket, (row) => JSON.stringify(groups.map((group) => row[group]))).map(
        ([, members]) => usageResult(members, groups),
      ),
    })),
    has_more: buckets.nextPage !== null,
    next_page: buckets.nextPage,
  };
}

function usageResult(members: AnthropicUsageRow[], groups: readonly UsageGroup[]) {
  const sum = (pick: (row: AnthropicUsageRow) => number) =>
    members.reduce((total, row) => total + pick(row), 0);
  const first = members[0];
  const dimension = (group: UsageGroup) =>
    first !== undefined && groups.includes(group) ? first[group] : null;
  return {
    uncached_input_tokens: sum((row) => row.uncached_input_tokens),
    cache_creation: {
      ephemeral_5m_input_tokens: sum((row) => row.cache_creation.ephemeral_5m_input_tokens),
      ephemeral_1h_input_tokens: sum((row) => row.cache_creation.ephemeral_1h_input_tokens),
    },
    cache_read_input_tokens: sum((row) => row.cache_read_input_tokens),
    output_tokens: sum((row) => row.output_tokens),
    server_tool_use: { web_search_requests: sum((row) => row.server_tool_use.web_search_requests) },
    model: dimension("model"),
    workspace_id: dimension("workspace_id"),
    api_key_id: dimension("api_key_id"),
    service_tier: dimension("service_tier"),
    context_window: dimension("context_window"),
  };
}

/** `GET /v1/organizations/cost_report` */
export function costReport(query: URLSearchParams, rows: readonly AnthropicCostRow[], now: Date) {
  const width = parseWidth(query.get("bucket_width"), ["1d"]);
  const limit = parseLimit(query.get("limit"), { default: 7, min: 1, max: 31 });
  const groups = parseGroupBy(groupByParam(query), COST_GROUPS, "group_by[]");
  const byWorkspace = groups.includes("workspace_id");
  const byDescription = groups.includes("description");
  const buckets = page(query, "cost", width, limit, now);
  const byBucket = rowsByBucket(rows, (row) => rowTime(`${row.date}T00:00:00Z`), buckets, width);
  return {
    data: [...byBucket].map(([start, inBucket]) => ({
      starting_at: isoSeconds(start),
      ending_at: isoSeconds(start + WIDTH_MS[width]),
      results: groupRows(inBucket, (row) =>
        JSON.stringify([
          byWorkspace ? row.workspace_id : null,
          ...DESCRIPTION_FIELDS.map((field) => (byDescription ? row[field] : null)),
        ]),
      ).map(([, members]) => {
        const first = members[0];
        const described = (field: (typeof DESCRIPTION_FIELDS)[number]) =>
          byDescription && first !== undefined ? first[field] : null;
        return {
          currency: "USD",
          amount: sumDecimalStrings(members.map((row) => row.amount)),
          workspace_id: byWorkspace && first !== undefined ? first.workspace_id : null,
          description: described("description"),
          cost_type: described("cost_type"),
          context_window: described("context_window"),
          model: described("model"),
          service_tier: described("service_tier"),
          token_type: described("token_type"),
        };
      }),
    })),
    has_more: buckets.nextPage !== null,
    next_page: buckets.nextPage,
  };
}
