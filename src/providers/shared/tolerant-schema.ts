/**
 * Zod pieces both report APIs need, tolerant by design: unknown fields pass through, optional
 * fields may be null or absent, counts may arrive as strings. Only what the ledger cannot do
 * without is required, so a new or missing optional field never fails a sync.
 */
import { z } from "zod";

/** A count (tokens, requests): a whole number, possibly sent as a string; null or absent is 0. */
export const count = z
  .union([z.number(), z.string().regex(/^\d+$/, "must be a whole number")])
  .nullish()
  .transform((value, ctx) => {
    const parsed = value === null || value === undefined ? 0 : Number(value);
    if (!Number.isSafeInteger(parsed) || parsed < 0) {
      ctx.addIssue({
        code: "custom",
        message: `must be a non-negative whole number, got ${value}`,
      });
      return z.NEVER;
    }
    return parsed;
  });

/** A grouping dimension; null when the report is not grouped by it. */
export const dimension = z
  .string()
  .nullish()
  .transform((value) => value ?? null);

/** A bucket's results; a bucket with none may send null or leave the field out. */
export function resultsOf<R extends z.ZodType>(result: R) {
  return z
    .array(result)
    .nullish()
    .transform((results) => results ?? []);
}

/** One page of buckets with the `has_more` / `next_page` cursor both report APIs use. */
export function pageOf<B extends z.ZodType>(bucket: B) {
  return z.looseObject({
    data: z.array(bucket),
    has_more: z.boolean().nullish(),
    next_page: z.string().nullish(),
  });
}
