/**
 * Prepaid credit purchases and top-ups (Perplexity bills from prepaid credits). Amounts are
 * integer nano-dollars; rows are only ever added, so the history of what was bought stays.
 */
import type { Kysely } from "kysely";
import { toBigInt } from "../core/money.ts";
import type { Database } from "./schema.ts";

export type CreditKind = "purchase" | "top_up";

export interface CreditPurchase {
  id: string;
  account_id: string;
  /** UTC calendar date the credit was bought, YYYY-MM-DD. */
  date: string;
  amount_nanos: bigint;
  kind: CreditKind;
  note: string | null;
  created_at: string;
}

export interface CreditTotals {
  /** Sum of the purchases counted, in nano-dollars. */
  amount_nanos: bigint;
  /** The earliest purchase date counted, or null when there is none. */
  first_date: string | null;
  purchases: bigint;
}

export function creditsRepository(db: Kysely<Database>) {
  return {
    async insert(credit: CreditPurchase): Promise<void> {
      await db
        .insertInto("credit_purchases")
        .values({ ...credit, amount_nanos: credit.amount_nanos.toString() })
        .execute();
    },

    /** An account's credits, oldest first (by date, then by when they were recorded). */
    async listForAccount(accountId: string): Promise<CreditPurchase[]> {
      const rows = await db
        .selectFrom("credit_purchases")
        .selectAll()
        .where("account_id", "=", accountId)
        .orderBy("date")
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return rows.map((row) => ({
        ...row,
        amount_nanos: toBigInt(row.amount_nanos),
        kind: row.kind as CreditKind,
      }));
    },

    /** Sum and first date of an account's credits dated on or before `upTo` (inclusive). */
    async totals(accountId: string, upTo: string): Promise<CreditTotals> {
      const row = await db
        .selectFrom("credit_purchases")
        .where("account_id", "=", accountId)
        .where("date", "<=", upTo)
        .select((eb) => [
          eb.fn.sum<string>("amount_nanos").as("amount_nanos"),
          eb.fn.min<string>("date").as("first_date"),
          eb.fn.countAll<string>().as("purchases"),
        ])
        .executeTakeFirstOrThrow();
      return {
        amount_nanos: toBigInt(row.amount_nanos),
        first_date: row.first_date ?? null,
        purchases: toBigInt(row.purchases),
      };
    },
  };
}

export type CreditsRepository = ReturnType<typeof creditsRepository>;
