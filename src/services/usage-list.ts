/**
 * Listing usage records with filters, newest first or in another `sort`, page by page with an
 * opaque cursor that remembers the sort it was made for.
 */
import { z } from "zod";
import { CONFIDENCE } from "../core/enums.ts";
import { ValidationError } from "../core/errors.ts";
import { isIsoDate } from "../core/time.ts";
import { toWire, type UsageRecord, type UsageRecordWire } from "../core/usage-record.ts";
import { PROVIDER_IDS } from "../providers/registry.ts";
import type { SortCursor, SortKey, UsageOrder } from "../storage/usage-repository.ts";
import type { ServiceContext } from "./context.ts";
import { parseInput } from "./parse-input.ts";

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1_000;

const date = z.string().refine(isIsoDate, "must be a date YYYY-MM-DD");

/**
 * Sort orders: a field, descending with a leading "-". Ties are broken by id in the same
 * direction; unpriced records (no cost) come last in both cost orders.
 */
export const USAGE_SORTS = [
  "-timestamp",
  "timestamp",
  "-total_cost",
  "total_cost",
  "-total_tokens",
  "total_tokens",
] as const;
export type UsageSort = (typeof USAGE_SORTS)[number];
export const DEFAULT_SORT: UsageSort = "-timestamp";

export const listUsageInput = z.object({
  provider: z.enum(PROVIDER_IDS, { error: `must be one of ${PROVIDER_IDS.join(", ")}` }).optional(),
  account_id: z.string().optional(),
  model: z.string().optional(),
  project: z.string().optional(),
  confidence: z.enum(CONFIDENCE, { error: `must be one of ${CONFIDENCE.join(", ")}` }).optional(),
  from: date.optional(),
  to: date.optional(),
  limit: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
    .default(DEFAULT_PAGE_SIZE),
  sort: z
    .enum(USAGE_SORTS, { error: `must be one of ${USAGE_SORTS.join(", ")}` })
    .default(DEFAULT_SORT),
  cursor: z.string().optional(),
});
export type ListUsageInput = z.input<typeof listUsageInput>;

export interface UsagePage {
  records: UsageRecordWire[];
  next_cursor: string | null;
}

export async function listUsage(ctx: ServiceContext, input: ListUsageInput): Promise<UsagePage> {
  const parsed = parseInput(listUsageInput, input);
  const order = orderOf(parsed.sort);
  const cursor = parsed.cursor ? decodeCursor(parsed.cursor, parsed.sort) : undefined;
  const filter = {
    from: parsed.from,
    to: parsed.to,
    provider: parsed.provider,
    accountId: parsed.account_id,
    model: parsed.model,
    confidence: parsed.confidence,
    project: parsed.project,
  };
  // One extra row tells whether another page exists without a second query.
  const rows = await ctx.usage.list(filter, parsed.limit + 1, cursor, order);
  const page = rows.slice(0, parsed.limit);
  const last = page.at(-1);
  return {
    records: page.map(toWire),
    next_cursor:
      rows.length > parsed.limit && last
        ? encodeCursor(parsed.sort, sortValue(last, order.by), last.id)
        : null,
  };
}

function orderOf(sort: UsageSort): UsageOrder {
  const descending = sort.startsWith("-");
  return { by: (descending ? sort.slice(1) : sort) as SortKey, descending };
}

/** The value a record is sorted by, as the cursor keeps it (integers as digit strings). */
function sortValue(record: UsageRecord, by: SortKey): string | null {
  switch (by) {
    case "timestamp":
      return record.timestamp;
    case "total_cost":
      return record.cost_nanos === null ? null : record.cost_nanos.toString();
    case "total_tokens":
      return String(record.total_tokens);
    default:
      return by satisfies never;
  }
}

function encodeCursor(sort: UsageSort, value: string | null, id: string): string {
  return Buffer.from(JSON.stringify([sort, value, id])).toString("base64url");
}

const INTEGER = /^-?\d{1,19}$/;

function decodeCursor(text: string, sort: UsageSort): SortCursor {
  const decoded = parseCursor(text);
  if (!decoded) {
    throw new ValidationError("invalid cursor", [
      { field: "cursor", message: "must be a next_cursor returned by this API" },
    ]);
  }
  if (decoded.sort !== sort) {
    throw new ValidationError(
      `the cursor belongs to sort=${decoded.sort}, not sort=${sort}; start from the first page when changing the sort`,
      [{ field: "cursor", message: `was made for sort=${decoded.sort}, not sort=${sort}` }],
    );
  }
  const { by } = orderOf(sort);
  const { value, id } = decoded;
  if (value === null) {
    if (by === "total_cost") return { value: null, id };
  } else if (by === "timestamp") {
    return { value, id };
  } else if (INTEGER.test(value)) {
    return { value: BigInt(value), id };
  }
  throw new ValidationError("invalid cursor", [
    { field: "cursor", message: "must be a next_cursor returned by this API" },
  ]);
}

/** `[sort, value, id]`; the first cursors were `[timestamp, id]`, newest first. */
function parseCursor(text: string): { sort: UsageSort; value: string | null; id: string } | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(value)) return null;
  if (value.length === 2 && typeof value[0] === "string" && typeof value[1] === "string") {
    return { sort: "-timestamp", value: value[0], id: value[1] };
  }
  const [sort, key, id] = value as unknown[];
  if (
    value.length === 3 &&
    (USAGE_SORTS as readonly unknown[]).includes(sort) &&
    (typeof key === "string" || key === null) &&
    typeof id === "string"
  ) {
    return { sort: sort as UsageSort, value: key, id };
  }
  return null;
}
