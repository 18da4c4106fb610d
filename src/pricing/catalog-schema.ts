import { z } from "zod";
import { isIsoDate } from "../core/time.ts";
import { PROVIDER_IDS } from "../providers/registry.ts";
import { isDecimal, RATIO_ONE, SCALE, toUnits } from "./decimal.ts";

/** A calendar date YYYY-MM-DD. */
export const isoDate = z.string({ error: "must be a date YYYY-MM-DD" }).refine(isIsoDate, {
  error: (issue) => `must be a calendar date YYYY-MM-DD, got ${JSON.stringify(issue.input)}`,
});

/** A decimal string with at most `decimals` decimals; `what` names the unit in messages. */
export function decimalString(decimals: number, what: string) {
  const message = `must be a decimal string of ${what} with at most ${decimals} decimals, such as "3" or "0.075"`;
  return z
    .string({ error: message })
    .refine((text) => isDecimal(text, decimals), { error: message });
}

const perMTok = decimalString(SCALE.perMTok, "USD per million tokens");
const perThousand = decimalString(SCALE.perThousand, "USD per 1,000");
const perUnit = decimalString(SCALE.perUnit, "USD");

/** A percentage 0–100 with at most 4 decimals. */
export const percent = decimalString(SCALE.percent, "percent").refine(
  // Zod runs every refinement; a value that is not a decimal was already reported above.
  (text) => !isDecimal(text, SCALE.percent) || toUnits(text, SCALE.percent) <= RATIO_ONE,
  { error: "must be at most 100 (percent)" },
);

const tokenPrices = z.strictObject({
  input: perMTok,
  output: perMTok,
  cache_read: perMTok.optional(),
  cache_write_5m: perMTok.optional(),
  cache_write_1h: perMTok.optional(),
  reasoning: perMTok.optional(),
  citation: perMTok.optional(),
});
export type CatalogTokenPrices = z.infer<typeof tokenPrices>;

/** Fields that may be listed in `unconfirmed`. */
const PRICE_FIELDS = [
  "prices",
  "batch_discount_percent",
  "long_context",
  "search_queries_per_1k",
  "request_fee_per_1k",
  "seat_per_month",
  "included_premium_requests",
  "premium_request",
] as const;

const entryShape = z.strictObject({
  model: z.string({ error: "is required" }).min(1, "must not be empty"),
  aliases: z.array(z.string().min(1, "must not be empty")).default([]),
  effective_from: isoDate,
  effective_to: isoDate.nullable().default(null),
  source_url: z.url({ error: "must be a URL" }),
  checked_on: isoDate,
  prices: tokenPrices.optional(),
  batch_discount_percent: percent.optional(),
  long_context: z
    .strictObject({
      above_input_tokens: z.int({ error: "must be a whole number of tokens" }).positive(),
      prices: tokenPrices,
    })
    .optional(),
  search_queries_per_1k: perThousand.optional(),
  request_fee_per_1k: z
    .strictObject({ low: perThousand, medium: perThousand, high: perThousand })
    .optional(),
  seat_per_month: perUnit.optional(),
  included_premium_requests: z.int({ error: "must be a whole number" }).nonnegative().optional(),
  premium_request: perUnit.optional(),
  notes: z.string().optional(),
  unconfirmed: z
    .array(z.enum(PRICE_FIELDS, { error: `must name one of ${PRICE_FIELDS.join(", ")}` }))
    .optional(),
});

/** One price entry: a model's prices over one window of time. */
export const catalogEntrySchema = entryShape.superRefine((entry, ctx) => {
  const fail = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: "custom", path, message });
  if (entry.effective_to !== null && entry.effective_to <= entry.effective_from) {
    fail(
      ["effective_to"],
      `must be after effective_from (${entry.effective_from}); it is exclusive`,
    );
  }
  const priced =
    entry.prices ??
    entry.search_queries_per_1k ??
    entry.request_fee_per_1k ??
    entry.seat_per_month ??
    entry.premium_request;
  if (priced === undefined)
    fail([], "prices nothing: give prices, a fee, a seat or a premium request price");
  if (entry.long_context && !entry.prices) fail(["long_context"], "needs prices to be a tier of");
  if (entry.batch_discount_percent !== undefined && !entry.prices) {
    fail(["batch_discount_percent"], "needs token prices to discount");
  }
  for (const key of Object.keys(entry.prices ?? {}) as (keyof CatalogTokenPrices)[]) {
    if (entry.long_context && entry.long_context.prices[key] === undefined) {
      fail(["long_context", "prices", key], `is required because prices.${key} is set`);
    }
  }
  for (const field of entry.unconfirmed ?? []) {
    if (entry[field] === undefined)
      fail(["unconfirmed"], `names ${field}, which the entry does not set`);
  }
  if (
    entry.included_premium_requests !== undefined &&
    (!entry.seat_per_month || !entry.premium_request)
  ) {
    fail(["included_premium_requests"], "needs seat_per_month and premium_request");
  }
  const idProblem = (id: string) =>
    id.trim() !== id || id.toLowerCase() !== id
      ? `must be lower case without surrounding spaces, got ${JSON.stringify(id)}`
      : null;
  const modelProblem = idProblem(entry.model);
  if (modelProblem) fail(["model"], modelProblem);
  entry.aliases.forEach((alias, index) => {
    const problem = idProblem(alias);
    if (problem) fail(["aliases", index], problem);
  });
});
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

/** One catalog file: all entries of one provider. */
export const catalogFileSchema = z.strictObject({
  provider: z.enum(PROVIDER_IDS, { error: `must be one of ${PROVIDER_IDS.join(", ")}` }),
  description: z.string().optional(),
  entries: z.array(catalogEntrySchema).min(1, "must list at least one entry"),
});
export type CatalogFile = z.infer<typeof catalogFileSchema>;
