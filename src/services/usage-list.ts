/** Listing usage records with filters, newest first, page by page with an opaque cursor. */
import { z } from "zod";
import { CONFIDENCE } from "../core/enums.ts";
import { ValidationError } from "../core/errors.ts";
import { isIsoDate } from "../core/time.ts";
import { toWire, type UsageRecordWire } from "../core/usage-record.ts";
import { PROVIDER_IDS } from "../providers/registry.ts";
import type { Cursor } from "../storage/usage-repository.ts";
import type { ServiceContext } from "./context.ts";
import { parseInput } from "./parse-input.ts";

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1_000;

const date = z.string().refine(isIsoDate, "must be a date YYYY-MM-DD");

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
  cursor: z.string().optional(),
});
export type ListUsageInput = z.input<typeof listUsageInput>;

export interface UsagePage {
  records: UsageRecordWire[];
  next_cursor: string | null;
}

export async function listUsage(ctx: ServiceContext, input: ListUsageInput): Promise<UsagePage> {
  const parsed = parseInput(listUsageInput, input);
  const cursor = parsed.cursor ? decodeCursor(parsed.cursor) : undefined;
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
  const rows = await ctx.usage.list(filter, parsed.limit + 1, cursor);
  const page = rows.slice(0, parsed.limit);
  const last = page.at(-1);
  return {
    records: page.map(toWire),
    next_cursor:
      rows.length > parsed.limit && last
        ? encodeCursor({ timestamp: last.timestamp, id: last.id })
        : null,
  };
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.timestamp, cursor.id])).toString("base64url");
}

function decodeCursor(text: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (Array.isArray(value) && typeof value[0] === "string" && typeof value[1] === "string") {
      return { timestamp: value[0], id: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new ValidationError("invalid cursor", [
    { field: "cursor", message: "must be a next_cursor returned by this API" },
  ]);
}
