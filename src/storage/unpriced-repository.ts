/**
 * Unpriced records counted in SQL: which provider, model and account have records without a
 * price, how many, and over which days. Only the groups leave the database, never the rows.
 */
import type { Kysely } from "kysely";
import { toBigInt } from "../core/money.ts";
import { countedCondition } from "./counted.ts";
import type { Database } from "./schema.ts";

export interface UnpricedGroup {
  provider: string;
  model: string | null;
  account_id: string;
  records: bigint;
  /** Of `records`, those that count in totals (not superseded by official data or a reconciliation). */
  counted_records: bigint;
  first_date: string;
  last_date: string;
}

export function unpricedRepository(db: Kysely<Database>) {
  return {
    /** Unpriced records per (provider, model, account), in no particular order. */
    async groups(): Promise<UnpricedGroup[]> {
      const rows = await db
        .selectFrom("usage_records")
        .where("unpriced", "=", 1)
        .select(["provider", "model", "account_id"])
        .select((eb) => [
          eb.fn.countAll<string>().as("records"),
          eb.fn
            .sum<string>(eb.case().when(countedCondition(eb)).then(eb.lit(1)).else(eb.lit(0)).end())
            .as("counted_records"),
          eb.fn.min("date").as("first_date"),
          eb.fn.max("date").as("last_date"),
        ])
        .groupBy(["provider", "model", "account_id"])
        .execute();
      return rows.map((row) => ({
        provider: row.provider,
        model: row.model,
        account_id: row.account_id,
        records: toBigInt(row.records),
        counted_records: toBigInt(row.counted_records),
        first_date: row.first_date,
        last_date: row.last_date,
      }));
    },
  };
}
