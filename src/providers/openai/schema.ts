/**
 * Schemas of the OpenAI organization Usage and Costs API responses (providers.md §2), tolerant
 * like every report schema (shared/tolerant-schema.ts): times too may arrive as strings, and a
 * cost value may be a number or a string.
 */
import { z } from "zod";
import { count, dimension, pageOf, resultsOf } from "../shared/tolerant-schema.ts";

/** A bucket boundary in Unix seconds, as the ledger's RFC 3339 timestamp. */
const unixSeconds = z
  .union([z.number(), z.string().regex(/^\d+$/, "must be Unix seconds")])
  .transform((value, ctx) => {
    const ms = Number(value) * 1000;
    if (!Number.isSafeInteger(ms) || ms < 0) {
      ctx.addIssue({ code: "custom", message: `must be a time in Unix seconds, got ${value}` });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  });

/** `batch` is a boolean; a string "true"/"false" is read as one. */
const flag = z
  .union([z.boolean(), z.enum(["true", "false"])])
  .nullish()
  .transform((value) => (value === undefined || value === null ? null : String(value) === "true"));

/**
 * A dollar amount as a plain decimal string. The client quotes bare JSON numbers before
 * parsing, so this sees the digits as sent; exponent notation (`1.2e-05`) is expanded exactly.
 */
const dollars = z
  .union([z.string(), z.number()], { error: 'is required: dollars, e.g. "0.06" or 0.06' })
  .transform((value, ctx) => {
    const plain = plainDecimal(String(value));
    if (plain === null) {
      ctx.addIssue({ code: "custom", message: `must be a decimal number, got "${value}"` });
      return z.NEVER;
    }
    return plain;
  });

/** `"1.5e-3"` → `"0.0015"` by moving the decimal point in the text; null when not a number. */
export function plainDecimal(text: string): string | null {
  const match = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d{1,3}))?$/.exec(text.trim());
  if (!match) return null;
  const [, sign = "", whole = "", fraction = "", exponent = "0"] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

function bucketOf<R extends z.ZodType>(result: R) {
  return z.looseObject({
    start_time: unixSeconds,
    end_time: unixSeconds.nullish(),
    results: resultsOf(result),
  });
}

export const usageResultSchema = z.looseObject({
  input_tokens: count,
  input_cached_tokens: count,
  output_tokens: count,
  input_audio_tokens: count,
  output_audio_tokens: count,
  num_model_requests: count,
  project_id: dimension,
  user_id: dimension,
  api_key_id: dimension,
  model: dimension,
  batch: flag,
  service_tier: dimension,
});

export const costResultSchema = z.looseObject({
  amount: z.looseObject(
    {
      value: dollars,
      currency: z
        .string()
        .nullish()
        .refine(
          (currency) => !currency || currency.toLowerCase() === "usd",
          "only usd is supported",
        ),
    },
    { error: 'is required: { "value": …, "currency": "usd" }' },
  ),
  line_item: dimension,
  project_id: dimension,
});

export const usageBucketSchema = bucketOf(usageResultSchema);
export const costBucketSchema = bucketOf(costResultSchema);
export const usagePageSchema = pageOf(usageBucketSchema);
export const costPageSchema = pageOf(costBucketSchema);

/** The error envelope: `{"error":{"message","type","code","param"}}`. */
export const errorBodySchema = z.looseObject({
  error: z
    .looseObject({
      message: z.string().nullish(),
      type: z.string().nullish(),
      code: z.union([z.string(), z.number()]).nullish(),
      param: z.string().nullish(),
    })
    .nullish(),
});

export type UsageResult = z.output<typeof usageResultSchema>;
export type CostResult = z.output<typeof costResultSchema>;
export type UsageBucket = z.output<typeof usageBucketSchema>;
export type CostBucket = z.output<typeof costBucketSchema>;
export type UsagePage = z.output<typeof usagePageSchema>;
export type CostPage = z.output<typeof costPageSchema>;
