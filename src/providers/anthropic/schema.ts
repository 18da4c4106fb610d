/**
 * Schemas of the Anthropic Usage & Cost API responses (providers.md §1.1, §1.2), tolerant like
 * every report schema (shared/tolerant-schema.ts). What the ledger cannot do without (a bucket
 * start, a cost amount) is required.
 */
import { z } from "zod";
import { normalizeTimestamp } from "../../core/time.ts";
import { count, dimension, pageOf, resultsOf } from "../shared/tolerant-schema.ts";

/** An RFC 3339 bucket boundary, normalized to the ledger's timestamp form. */
const timestamp = z.string().transform((value, ctx) => {
  const normalized = normalizeTimestamp(value);
  if (normalized === null) {
    ctx.addIssue({ code: "custom", message: `must be an RFC 3339 timestamp, got "${value}"` });
    return z.NEVER;
  }
  return normalized;
});

/** A decimal string: the client quotes bare JSON numbers before parsing, so none is lost. */
const CENTS = /^[+-]?\d+(\.\d+)?$/;

function bucketOf<R extends z.ZodType>(result: R) {
  return z.looseObject({
    starting_at: timestamp,
    ending_at: timestamp.nullish(),
    results: resultsOf(result),
  });
}

export const usageResultSchema = z.looseObject({
  uncached_input_tokens: count,
  cache_creation: z
    .looseObject({ ephemeral_5m_input_tokens: count, ephemeral_1h_input_tokens: count })
    .nullish(),
  cache_read_input_tokens: count,
  output_tokens: count,
  server_tool_use: z.looseObject({ web_search_requests: count }).nullish(),
  model: dimension,
  // Null for the default workspace as well as when not grouped by workspace.
  workspace_id: dimension,
  api_key_id: dimension,
  service_tier: dimension,
  context_window: dimension,
});

export const costResultSchema = z.looseObject({
  currency: z
    .string()
    .nullish()
    .refine((currency) => !currency || currency.toUpperCase() === "USD", "only USD is supported"),
  amount: z
    .string({ error: 'is required: a decimal string in cents, e.g. "123.78912"' })
    .regex(CENTS, 'must be a decimal string in cents, e.g. "123.78912"'),
  workspace_id: dimension,
  description: dimension,
  cost_type: dimension,
  token_type: dimension,
  model: dimension,
  service_tier: dimension,
  context_window: dimension,
  inference_geo: dimension,
});

export const usageBucketSchema = bucketOf(usageResultSchema);
export const costBucketSchema = bucketOf(costResultSchema);
export const usagePageSchema = pageOf(usageBucketSchema);
export const costPageSchema = pageOf(costBucketSchema);

/** The error envelope: `{"type":"error","error":{"type","message","details"},"request_id"}`. */
export const errorBodySchema = z.looseObject({
  error: z
    .looseObject({
      type: z.string().nullish(),
      message: z.string().nullish(),
      details: z.looseObject({ error_code: z.string().nullish() }).nullish(),
    })
    .nullish(),
  request_id: z.string().nullish(),
});

export type UsageResult = z.output<typeof usageResultSchema>;
export type CostResult = z.output<typeof costResultSchema>;
export type UsageBucket = z.output<typeof usageBucketSchema>;
export type CostBucket = z.output<typeof costBucketSchema>;
export type UsagePage = z.output<typeof usagePageSchema>;
export type CostPage = z.output<typeof costPageSchema>;
