/** Time buckets, limits and page cursors, shared by the fake usage and cost endpoints. */

export type BucketWidth = "1m" | "1h" | "1d";

export const WIDTH_MS = {
  "1m": 60_000,
  "1h": 3_600_000,
  "1d": 86_400_000,
} as const satisfies Record<BucketWidth, number>;

export interface LimitRule {
  default: number;
  min: number;
  max: number;
}

/** Buckets per page of the usage endpoints, by width (providers.md §1.1; OpenAI's are the same). */
export const USAGE_LIMITS = {
  "1d": { default: 7, min: 1, max: 31 },
  "1h": { default: 24, min: 1, max: 168 },
  "1m": { default: 60, min: 1, max: 1440 },
} as const satisfies Record<BucketWidth, LimitRule>;

/** A request the fake refuses with a 400 in the provider's own error format. */
export class BadRequest extends Error {
  constructor(
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

export function parseWidth(
  value: string | null,
  allowed: readonly BucketWidth[],
  param = "bucket_width",
): BucketWidth {
  const width = value ?? "1d";
  const found = allowed.find((candidate) => candidate === width);
  if (!found) {
    throw new BadRequest(`${param} must be one of ${allowed.join(", ")}; got "${width}"`, param);
  }
  return found;
}

export function parseLimit(value: string | null, rule: LimitRule, param = "limit"): number {
  if (value === null) return rule.default;
  const limit = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(limit >= rule.min && limit <= rule.max)) {
    throw new BadRequest(`${param} must be an integer from ${rule.min} to ${rule.max}`, param);
  }
  return limit;
}

/** Checks repeated `group_by` values against the allowed dimensions, keeping their order. */
export function parseGroupBy<D extends string>(
  values: readonly string[],
  allowed: readonly D[],
  param: string,
): D[] {
  return values.map((value) => {
    const found = allowed.find((candidate) => candidate === value);
    if (!found) throw new BadRequest(`${param} must be one of ${allowed.join(", ")}`, param);
    return found;
  });
}

export function floorTo(ms: number, width: BucketWidth): number {
  return ms - (((ms % WIDTH_MS[width]) + WIDTH_MS[width]) % WIDTH_MS[width]);
}

/** `2025-05-01T00:00:00Z`: RFC 3339 in UTC, without milliseconds. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export interface BucketWindow {
  /** An endpoint name bound into the cursor, so one endpoint's cursor fails on another. */
  kind: string;
  /** First bucket start, already snapped to the width. */
  startMs: number;
  /** Buckets that start before this instant are served. */
  endMs: number;
  width: BucketWidth;
  limit: number;
  page: string | null;
}

export interface BucketPage {
  starts: number[];
  nextPage: string | null;
}

/** The bucket starts on this page, and the cursor of the next page when buckets remain. */
export function pageOfBuckets(window: BucketWindow): BucketPage {
  const step = WIDTH_MS[window.width];
  if (window.endMs <= window.startMs) {
    throw new BadRequest("ending_at must be after starting_at", "ending_at");
  }
  const first = window.page === null ? window.startMs : decodeCursor(window);
  const starts: number[] = [];
  let at = first;
  while (at < window.endMs && starts.length < window.limit) {
    starts.push(at);
    at += step;
  }
  return { starts, nextPage: at < window.endMs ? encodeCursor(window, at) : null };
}

function encodeCursor(window: BucketWindow, next: number): string {
  const text = `${window.kind}|${window.width}|${window.startMs}|${next}`;
  return `page_${Buffer.from(text).toString("base64url")}`;
}

function decodeCursor(window: BucketWindow): number {
  const text = Buffer.from((window.page ?? "").replace(/^page_/, ""), "base64url").toString();
  const [kind, width, start, next] = text.split("|");
  const at = Number(next);
  const valid =
    kind === window.kind &&
    width === window.width &&
    Number(start) === window.startMs &&
    Number.isInteger(at) &&
    at >= window.startMs &&
    at < window.endMs;
  if (!valid) throw new BadRequest("page is not a cursor of this query", "page");
  return at;
}

/** Groups rows by a key, keys sorted, so results come out in a stable order. */
export function groupRows<R>(rows: Iterable<R>, keyOf: (row: R) => string): [string, R[]][] {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Puts each row into the bucket of the page that contains its start time. */
export function rowsByBucket<R>(
  rows: readonly R[],
  startOf: (row: R) => number,
  page: BucketPage,
  width: BucketWidth,
): Map<number, R[]> {
  const byStart = new Map<number, R[]>(page.starts.map((start) => [start, []]));
  for (const row of rows) byStart.get(floorTo(startOf(row), width))?.push(row);
  return byStart;
}
