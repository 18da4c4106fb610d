/**
 * The explorer's state lives in the URL query string, so a filtered view can be bookmarked,
 * shared, and walked with back/forward. Dates in the URL are what the user sees: `from` and
 * `through`, both inclusive; the API's `to` is exclusive, so it is `through` plus one day.
 */
import type { Confidence } from "../../../../src/core/enums.ts";
import { addDays, isIsoDate } from "../../../../src/core/time.ts";
import type { UsageSort } from "../../../../src/services/usage-list.ts";

export interface UsageFilters {
  from: string;
  through: string;
  provider: string;
  account_id: string;
  model: string;
  project: string;
  confidence: Confidence | "";
}

export const FILTER_KEYS = [
  "from",
  "through",
  "provider",
  "account_id",
  "model",
  "project",
  "confidence",
] as const satisfies readonly (keyof UsageFilters)[];

export const EMPTY_FILTERS: UsageFilters = {
  from: "",
  through: "",
  provider: "",
  account_id: "",
  model: "",
  project: "",
  confidence: "",
};

/** The sorts the API offers (GET /usage `sort`), the default first. */
export const SORTS = [
  "-timestamp",
  "timestamp",
  "-total_cost",
  "total_cost",
  "-total_tokens",
  "total_tokens",
] as const satisfies readonly UsageSort[];
export const DEFAULT_SORT: UsageSort = "-timestamp";
export type SortField = "timestamp" | "total_cost" | "total_tokens";

export const PAGE_SIZES = [10, 25, 50, 100, 250] as const;
export const DEFAULT_PAGE_SIZE = 50;

/** Dimensions the totals can be grouped by, as `/reports/summary` names them. */
export const GROUPINGS = [
  { value: "provider", label: "Provider" },
  { value: "model", label: "Model" },
  { value: "account_id", label: "Account" },
  { value: "project", label: "Project" },
  { value: "confidence", label: "Confidence" },
  { value: "date", label: "Day" },
  { value: "month", label: "Month" },
] as const;
export type Grouping = (typeof GROUPINGS)[number]["value"];
export const DEFAULT_GROUPING: Grouping = "provider";

export interface ExplorerState {
  filters: UsageFilters;
  sort: UsageSort;
  pageSize: number;
  grouping: Grouping;
}

export function readState(params: URLSearchParams): ExplorerState {
  const filters = { ...EMPTY_FILTERS };
  for (const key of FILTER_KEYS) {
    (filters as Record<string, string>)[key] = params.get(key)?.trim() ?? "";
  }
  const sort = params.get("sort");
  const size = Number(params.get("limit"));
  const grouping = params.get("group");
  return {
    filters,
    sort: (SORTS as readonly string[]).includes(sort ?? "") ? (sort as UsageSort) : DEFAULT_SORT,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
    grouping: GROUPINGS.some((g) => g.value === grouping)
      ? (grouping as Grouping)
      : DEFAULT_GROUPING,
  };
}

/** The query string for a state; defaults are left out so URLs stay short. */
export function writeState(state: ExplorerState): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = state.filters[key].trim();
    if (value) params.set(key, value);
  }
  if (state.sort !== DEFAULT_SORT) params.set("sort", state.sort);
  if (state.pageSize !== DEFAULT_PAGE_SIZE) params.set("limit", String(state.pageSize));
  if (state.grouping !== DEFAULT_GROUPING) params.set("group", state.grouping);
  return params;
}

export function hasFilters(filters: UsageFilters): boolean {
  return FILTER_KEYS.some((key) => filters[key] !== "");
}

/**
 * The filters as the API takes them (`/usage`, `/reports/summary`, `/export/records`):
 * `to` is exclusive, the day after the inclusive `through`. A `through` that is not a date is
 * passed on as it is, so the server names the field in its error.
 */
export function apiFilters(filters: UsageFilters): Record<string, string | undefined> {
  const to = isIsoDate(filters.through) ? addDays(filters.through, 1) : filters.through;
  return {
    from: filters.from || undefined,
    to: to || undefined,
    provider: filters.provider || undefined,
    account_id: filters.account_id || undefined,
    model: filters.model || undefined,
    project: filters.project || undefined,
    confidence: filters.confidence || undefined,
  };
}

/** A problem with the date range the user typed, before asking the server. */
export function dateRangeError(filters: UsageFilters): string | undefined {
  if (filters.from && filters.through && filters.through < filters.from) {
    return "must be on or after the From date";
  }
  return undefined;
}

export function sortField(sort: UsageSort): SortField {
  return sort.replace(/^-/, "") as SortField;
}

export function isDescending(sort: UsageSort): boolean {
  return sort.startsWith("-");
}

/** A header click: the same field flips direction; a new field starts descending (largest, newest). */
export function nextSort(current: UsageSort, field: SortField): UsageSort {
  if (sortField(current) === field) {
    return (isDescending(current) ? field : `-${field}`) as UsageSort;
  }
  return `-${field}` as UsageSort;
}
