/**
 * Prepaid credits (Perplexity bills usage against credits bought in advance, optionally topped
 * up automatically). Any account may record credits. The balance is what was bought minus what
 * the ledger says was spent since the first purchase, counted exactly as reports count it.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { NotFoundError, ValidationError } from "../../core/errors.ts";
import { formatUsd, MoneyFormatError, parseUsd } from "../../core/money.ts";
import { addDays, isIsoDate, todayUtc } from "../../core/time.ts";
import {
  type CreditKind,
  type CreditPurchase,
  creditsRepository,
} from "../../storage/credits-repository.ts";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../parse-input.ts";
import { summarizeUsage } from "../reports.ts";
import {
  BURN_WINDOW_DAYS,
  type CreditState,
  DEFAULT_WARN_DAYS,
  forecastCredits,
} from "./forecast.ts";

export const CREDIT_KINDS = ["purchase", "top_up"] as const satisfies readonly CreditKind[];
/** Largest single credit accepted: far above any real purchase, far below the 64-bit limit. */
const MAX_CREDIT_NANOS = parseUsd("1000000000");
const MAX_WARN_DAYS = 3650;

const accountId = z.string({ error: "is required" }).trim().min(1, "is required");
const isoDate = z.string({ error: "must be a date YYYY-MM-DD" }).refine(isIsoDate, {
  error: "must be a date YYYY-MM-DD",
});

const amount = z
  .string({ error: 'must be a decimal string in USD, e.g. "50.00"' })
  .transform((text, ctx) => {
    let nanos: bigint;
    try {
      nanos = parseUsd(text);
    } catch (error) {
      if (!(error instanceof MoneyFormatError)) throw error;
      ctx.addIssue({
        code: "custom",
        message: 'must be a decimal string in USD with at most 9 decimals, e.g. "50.00"',
      });
      return z.NEVER;
    }
    if (nanos <= 0n) {
      ctx.addIssue({ code: "custom", message: "must be greater than 0" });
      return z.NEVER;
    }
    if (nanos > MAX_CREDIT_NANOS) {
      ctx.addIssue({ code: "custom", message: "must be at most 1000000000 (USD)" });
      return z.NEVER;
    }
    return nanos;
  });

export const addCreditInput = z.strictObject({
  account_id: accountId,
  /** Defaults to today (UTC). */
  date: isoDate.optional(),
  amount,
  kind: z.enum(CREDIT_KINDS, { error: 'must be "purchase" or "top_up"' }).default("purchase"),
  note: z.string().trim().max(500, "must be at most 500 characters").nullish(),
});
export type AddCreditInput = z.input<typeof addCreditInput>;

/** Query strings carry numbers as text; a whole number in text is read as one. */
const wholeDays = z.preprocess(
  (value) => (typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value),
  z
    .number({ error: "must be a whole number of days" })
    .int("must be a whole number of days")
    .min(0, "must be 0 or more")
    .max(MAX_WARN_DAYS, `must be at most ${MAX_WARN_DAYS}`)
    .optional(),
);

export const creditStatusInput = z.strictObject({
  account_id: accountId,
  /** Defaults to today (UTC); spend is counted through this day, inclusive. */
  as_of: isoDate.optional(),
  warn_days: wholeDays,
});
export type CreditStatusInput = z.input<typeof creditStatusInput>;

/** A credit as the API and CLI show it. */
export interface CreditView {
  id: string;
  account_id: string;
  date: string;
  amount: string;
  currency: "USD";
  kind: CreditKind;
  note: string | null;
  created_at: string;
}

export interface CreditStatus {
  account_id: string;
  as_of: string;
  first_purchase_date: string;
  /** Credits dated on or before as_of. */
  purchased_total: string;
  /** Ledger spend from the first purchase date through as_of, inclusive. */
  spent_since_first_purchase: string;
  balance: string;
  currency: "USD";
  /** The trailing window the burn rate is taken from: from inclusive, to exclusive. */
  burn_window: { from: string; to: string; days: number };
  burn_rate_per_day: string;
  days_left: number | null;
  runs_out_on: string | null;
  warn_days: number;
  warning: string | null;
  status: CreditState;
  /** Records in the spending period with no known price: their cost is not in spent. */
  unpriced_records: number;
}

/** Records a credit purchase or top-up for an account. */
export async function addCredit(ctx: ServiceContext, input: unknown): Promise<CreditView> {
  const parsed = parseInput(addCreditInput, input);
  await assertAccount(ctx, parsed.account_id);
  const today = todayUtc(ctx.now());
  const date = parsed.date ?? today;
  if (date > today) {
    throw new ValidationError(`a credit cannot be dated after today (${today}, UTC)`, [
      { field: "date", message: `must not be after ${today}` },
    ]);
  }
  const credit: CreditPurchase = {
    id: `cr_${randomBytes(10).toString("hex")}`,
    account_id: parsed.account_id,
    date,
    amount_nanos: parsed.amount,
    kind: parsed.kind,
    note: parsed.note || null,
    created_at: ctx.now().toISOString(),
  };
  await credits(ctx).insert(credit);
  return toView(credit);
}

/** An account's credits, oldest first. */
export async function listCredits(ctx: ServiceContext, account_id: string): Promise<CreditView[]> {
  const { account_id: id } = parseInput(z.object({ account_id: accountId }), { account_id });
  await assertAccount(ctx, id);
  return (await credits(ctx).listForAccount(id)).map(toView);
}

/**
 * Balance and depletion forecast as of a day: credits bought on or before it, minus ledger
 * spend from the first purchase through it; burn rate from the trailing 14 days.
 */
export async function creditStatus(ctx: ServiceContext, input: unknown): Promise<CreditStatus> {
  const parsed = parseInput(creditStatusInput, input);
  const id = parsed.account_id;
  await assertAccount(ctx, id);
  const asOf = parsed.as_of ?? todayUtc(ctx.now());
  const warnDays = parsed.warn_days ?? DEFAULT_WARN_DAYS;
  const repo = credits(ctx);

  const bought = await repo.totals(id, asOf);
  if (bought.first_date === null) {
    const ever = await repo.totals(id, "9999-12-31");
    if (ever.first_date === null) {
      throw new NotFoundError(`account "${id}" has no credit purchases recorded`, [
        { field: "account_id", message: "has no credit purchases; add one first" },
      ]);
    }
    throw new ValidationError(
      `as_of ${asOf} is before the account's first credit purchase (${ever.first_date})`,
      [{ field: "as_of", message: `must be on or after ${ever.first_date}` }],
    );
  }

  const end = addDays(asOf, 1);
  const windowFrom = addDays(asOf, 1 - BURN_WINDOW_DAYS);
  // The same totals reports give, so credits follow whatever reports count.
  const [spent, window] = await Promise.all([
    summarizeUsage(ctx, { account_id: id, from: bought.first_date, to: end }),
    summarizeUsage(ctx, { account_id: id, from: windowFrom, to: end }),
  ]);
  const spentNanos = parseUsd(spent.total_cost);
  const balanceNanos = bought.amount_nanos - spentNanos;
  const forecast = forecastCredits({
    balanceNanos,
    windowSpendNanos: parseUsd(window.total_cost),
    asOf,
    warnDays,
  });

  return {
    account_id: id,
    as_of: asOf,
    first_purchase_date: bought.first_date,
    purchased_total: formatUsd(bought.amount_nanos),
    spent_since_first_purchase: formatUsd(spentNanos),
    balance: formatUsd(balanceNanos),
    currency: "USD",
    burn_window: { from: windowFrom, to: end, days: BURN_WINDOW_DAYS },
    burn_rate_per_day: formatUsd(forecast.burnRateNanos),
    days_left: forecast.daysLeft,
    runs_out_on: forecast.runsOutOn,
    warn_days: warnDays,
    warning: forecast.warning,
    status: forecast.status,
    unpriced_records: spent.unpriced_records,
  };
}

function credits(ctx: ServiceContext) {
  return creditsRepository(ctx.store.db);
}

async function assertAccount(ctx: ServiceContext, id: string): Promise<void> {
  if (!(await ctx.accounts.get(id))) {
    throw new NotFoundError(`no account with id "${id}"`, [
      { field: "account_id", message: "no such account" },
    ]);
  }
}

function toView(credit: CreditPurchase): CreditView {
  return {
    id: credit.id,
    account_id: credit.account_id,
    date: credit.date,
    amount: formatUsd(credit.amount_nanos),
    currency: "USD",
    kind: credit.kind,
    note: credit.note,
    created_at: credit.created_at,
  };
}
