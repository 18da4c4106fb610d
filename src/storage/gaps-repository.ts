/**
 * Captured estimates next to official figures, for the account-days official data covers:
 * how accurate capture is, and how much traffic bypassed it.
 */
import type { Kysely } from "kysely";
import { toBigInt } from "../core/money.ts";
import { supersededByOfficial } from "./counted.ts";
import type { Database } from "./schema.ts";

export interface GapRow {
  account_id: string;
  date: string;
  official_nanos: bigint;
  estimated_nanos: bigint;
  keys: { api_key_suffix: string | null; estimated_nanos: bigint }[];
}

export function gapsRepository(db: Kysely<Database>) {
  return {
    async gaps(filter: {
      from?: string | undefined;
      to?: string | undefined;
      accountId?: string | undefined;
    }): Promise<GapRow[]> {
      const estimates = await db
        .selectFrom("usage_records")
        .select(["account_id", "date", "api_key_suffix"])
        .select((eb) => eb.fn.sum<string>("cost_nanos").as("total"))
        .where((eb) =>
          eb.and([
            supersededByOfficial(eb),
            ...(filter.from ? [eb("date", ">=", filter.from)] : []),
            ...(filter.to ? [eb("date", "<", filter.to)] : []),
            ...(filter.accountId ? [eb("account_id", "=", filter.accountId)] : []),
          ]),
        )
        .groupBy(["account_id", "date", "api_key_suffix"])
        .execute();
      const official = await db
        .selectFrom("usage_records")
        .innerJoin("official_coverage", (join) =>
          join
            .onRef("official_coverage.account_id", "=", "usage_records.account_id")
            .onRef("official_coverage.date", "=", "usage_records.date"),
        )
        .select(["usage_records.account_id", "usage_records.date"])
        .select((eb) => eb.fn.sum<string>("usage_records.cost_nanos").as("total"))
        .where((eb) =>
          eb.and([
            eb("usage_records.confidence", "=", "official"),
            ...(filter.from ? [eb("usage_records.date", ">=", filter.from)] : []),
            ...(filter.to ? [eb("usage_records.date", "<", filter.to)] : []),
            ...(filter.accountId ? [eb("usage_records.account_id", "=", filter.accountId)] : []),
          ]),
        )
        .groupBy(["usage_records.account_id", "usage_records.date"])
        .execute();

      const rows = new Map<string, GapRow>();
      const rowFor = (accountId: string, date: string) => {
        const key = `${accountId}\u0000${date}`;
        let row = rows.get(key);
        if (!row) {
          row = { account_id: accountId, date, official_nanos: 0n, estimated_nanos: 0n, keys: [] };
          rows.set(key, row);
        }
        return row;
      };
      for (const o of official) rowFor(o.account_id, o.date).official_nanos = toBigInt(o.total);
      for (const e of estimates) {
        const row = rowFor(e.account_id, e.date);
        const nanos = toBigInt(e.total);
        row.estimated_nanos += nanos;
        row.keys.push({ api_key_suffix: e.api_key_suffix, estimated_nanos: nanos });
      }
      return [...rows.values()].sort(
        (a, b) => a.account_id.localeCompare(b.account_id) || a.date.localeCompare(b.date),
      );
    },
  };
}
