/** Input pieces shared by manual entries and seat plans: exact USD amounts, counts, dates, months. */
import { z } from "zod";
import { ValidationError } from "../../core/errors.ts";
import { INT64_MAX, MoneyFormatError, parseUsd } from "../../core/money.ts";
import { isIsoDate } from "../../core/time.ts";
import type { ServiceContext } from "../context.ts";
import { isMonth } from "./months.ts";

const USD_MESSAGE =
  'must be a decimal string of USD such as "19.00" (a JSON number could lose cents)';

/**
 * A non-negative USD amount as a decimal string, parsed to exact nano-dollars. A JSON number
 * is refused: 0.1 + 0.2 is not 0.3 in floating point, and money never passes through one.
 */
export const usdAmount = z.string({ error: USD_MESSAGE }).transform((text, ctx) => {
  let nanos: bigint;
  try {
    nanos = parseUsd(text.trim());
  } catch (error) {
    if (!(error instanceof MoneyFormatError)) throw error;
    ctx.addIssue({ code: "custom", message: `${error.message}; ${USD_MESSAGE}` });
    return z.NEVER;
  }
  if (nanos < 0n) {
    ctx.addIssue({ code: "custom", message: `must not be negative, got ${text.trim()}` });
    return z.NEVER;
  }
  if (nanos > INT64_MAX) {
    ctx.addIssue({ code: "custom", message: "is too large" });
    return z.NEVER;
  }
  return nanos;
});

/** A whole number at least `min`, as a JSON number or a string of digits (CLI arguments). */
export function wholeNumber(min: number) {
  return z
    .union([z.number(), z.string()], { error: "must be a whole number" })
    .transform((value, ctx) => {
      const text = typeof value === "string" ? value.trim() : null;
      const parsed = text !== null && /^\d+$/.test(text) ? Number(text) : value;
      if (typeof parsed !== "number" || !Number.isSafeInteger(parsed) || parsed < min) {
        ctx.addIssue({
          code: "custom",
          message: `must be a whole number of at least ${min}, got ${JSON.stringify(value)}`,
        });
        return z.NEVER;
      }
      return parsed;
    });
}

export const isoDate = z.string({ error: "must be a calendar date YYYY-MM-DD" }).refine(isIsoDate, {
  error: (issue) => `must be a calendar date YYYY-MM-DD, got ${JSON.stringify(issue.input)}`,
});

export const month = z.string({ error: "must be a month YYYY-MM" }).refine(isMonth, {
  error: (issue) => `must be a month YYYY-MM, got ${JSON.stringify(issue.input)}`,
});

export const accountId = z.string({ error: "is required" }).min(1, "is required");

/** Optional text; null clears it on update. */
export function optionalText(max: number) {
  return z.string().trim().max(max, `must be at most ${max} characters`).nullish();
}

/** The account must exist; a missing one is a field error, as in ingest. */
export async function requireAccount(ctx: ServiceContext, id: string) {
  const account = await ctx.accounts.get(id);
  if (!account) {
    throw new ValidationError(`no account with id "${id}"`, [
      { field: "account_id", message: `no account with id "${id}"` },
    ]);
  }
  return account;
}
