/** Query strings and URLs of the admin report APIs, which share one layout. */
import type { SyncWindow } from "../types.ts";

/** Query parameters in order; a name may repeat (one `group_by` per dimension). */
export type Query = [name: string, value: string][];

/** What one report request asks for, beyond its window. */
export interface ReportShape {
  bucketWidth: "1h" | "1d";
  /** Buckets per page. */
  limit: number;
  /** Dimensions to split rows by, one parameter each. */
  groups?: readonly string[];
}

/**
 * The window (in the provider's own parameter names and time form), then bucket width, page
 * size and one `groupParam` per dimension.
 */
export function reportQuery(window: Query, groupParam: string, shape: ReportShape): Query {
  return [
    ...window,
    ["bucket_width", shape.bucketWidth],
    ["limit", String(shape.limit)],
    ...(shape.groups ?? []).map((group): [string, string] => [groupParam, group]),
  ];
}

/** Yesterday as one whole UTC day: the smallest window a key check can ask about. */
export function yesterday(now: Date = new Date()): SyncWindow {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return {
    start: new Date(today - 86_400_000).toISOString(),
    end: new Date(today).toISOString(),
  };
}

/** The URL of one page: base URL (any trailing slash dropped), path, query, then the cursor. */
export function pageUrl(baseUrl: string, path: string, query: Query, page: string | null): URL {
  const url = new URL(`${baseUrl.replace(/\/+$/, "")}${path}`);
  for (const [name, value] of query) url.searchParams.append(name, value);
  if (page !== null) url.searchParams.set("page", page);
  return url;
}
