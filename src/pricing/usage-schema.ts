import { z } from "zod";
import { BUCKETS } from "../core/enums.ts";
import { ValidationError } from "../core/errors.ts";
import type { PricingUsage } from "./types.ts";

const COUNT_MESSAGE = "must be a non-negative whole number";
const countField = z.int({ error: COUNT_MESSAGE }).nonnegative({ error: COUNT_MESSAGE }).optional();

const FIELDS = {
  prompt_tokens: countField,
  completion_tokens: countField,
  cache_read_tokens: countField,
  cache_write_5m_tokens: countField,
  cache_write_1h_tokens: countField,
  reasoning_tokens: countField,
  citation_tokens: countField,
  search_queries: countField,
  requests: countField,
  seats: countField,
  service_tier: z.string({ error: "must be a string or null" }).nullish(),
  context_window: z
    .string({ error: 'must be a string such as "0-200k" or "200k-1M", or null' })
    .nullish(),
  search_context_size: z
    .enum(["low", "medium", "high"], { error: 'must be "low", "medium" or "high"' })
    .nullish(),
  bucket: z.enum(BUCKETS, { error: `must be one of ${BUCKETS.join(", ")}` }).optional(),
};
const FIELD_NAMES = Object.keys(FIELDS).join(", ");

/**
 * The usage a price is computed for, as JSON (e.g. the CLI's `--usage`). Unknown fields are
 * refused so that a typo never silently prices as zero.
 */
export const pricingUsageSchema = z
  .strictObject(FIELDS, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")} (known fields: ${FIELD_NAMES})`
        : issue.code === "invalid_type"
          ? "usage must be a JSON object"
          : undefined,
  })
  .superRefine((usage, ctx) => {
    const cached =
      (usage.cache_read_tokens ?? 0) +
      (usage.cache_write_5m_tokens ?? 0) +
      (usage.cache_write_1h_tokens ?? 0);
    if (cached > (usage.prompt_tokens ?? 0)) {
      ctx.addIssue({
        code: "custom",
        path: ["cache_read_tokens"],
        message: `cache tokens (${cached}) exceed prompt_tokens (${usage.prompt_tokens ?? 0}); prompt_tokens counts all input, cached or not`,
      });
    }
  }) satisfies z.ZodType<PricingUsage>;

/** Validates usage JSON; a ValidationError lists every problem by field. */
export function parsePricingUsage(value: unknown): PricingUsage {
  const parsed = pricingUsageSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({
    field:
      issue.path.map(String).join(".") ||
      (issue.code === "unrecognized_keys" ? issue.keys.join(",") : "usage"),
    message: issue.message,
  }));
  const summary = details.map((detail) => `${detail.field}: ${detail.message}`).join("; ");
  throw new ValidationError(`Invalid usage: ${summary}`, details);
}

/** The error for a usage value that breaks the canonical semantics. */
export function usageError(field: keyof PricingUsage, message: string): ValidationError {
  return new ValidationError(`Invalid usage: ${field} ${message}`, [{ field, message }]);
}
