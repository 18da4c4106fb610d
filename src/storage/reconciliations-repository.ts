/** Reconciliations of an account's billing period against what the provider billed. */
import type { Kysely, Selectable } from "kysely";
import { toBigInt } from "../core/money.ts";
import { supersededByOfficial } from "./counted.ts";
import type { Database, ReconciliationsTable } from "./schema.ts";

export interface Reconciliation {
  id: string;
  account_id: string;
  period: string;
  api_key_suffix: string | null;
  amount_nanos: bigint;
  /** The estimated total when it was confirmed. */
  estimated_nanos: bigint;
  note: string | null;
  status: "current" | "replaced" | "undone";
  created_at: string;
  undone_at: string | null;
}

function toReconciliation(row: Selectable<ReconciliationsTable>): Reconciliation {
  return {
    ...row,
    amount_nanos: toBigInt(row.amount_nanos),
    estimated_nanos: toBigInt(row.estimated_nanos),
    status: row.status as Reconciliation["status"],
  };
}

export function reconciliationsRepository(db: Kysely<Database>) {
  return {
    async insert(r: Reconciliation): Promise<void> {
      await db.insertInto("reconciliations").values(r).execute();
    },
    async get(id: string): Promise<Reconciliation | undefined> {
      const row = await db
        .selectFrom("reconciliations")
        .selectAll()
        .where("id", "=", id)
        .executeTakeFirst();
      return row && toReconciliation(row);
    },
    async current(
      accountId: string,
      period: string,
      suffix: string | null,
    ): Promise<Reconciliation | undefined> {
      const row = await db
        .selectFrom("reconciliations")
        .selectAll()
        .where("account_id", "=", accountId)
        .where("period", "=", period)
        .where("status", "=", "current")
        .where((eb) =>
          suffix === null ? eb("api_key_suffix", "is", null) : eb("api_key_suffix", "=", suffix),
        )
        .executeTakeFirst();
      return row && toReconciliation(row);
    },
    async list(filter: {
      accountId?: string | undefined;
      period?: string | undefined;
    }): Promise<Reconciliation[]> {
      let query = db.selectFrom("reconciliations").selectAll();
      if (filter.accountId) query = query.where("account_id", "=", filter.accountId);
      if (filter.period) query = query.where("period", "=", filter.period);
      const rows = await query
        .orderBy("period", "desc")
        .orderBy("created_at", "desc")
        .orderBy("id")
        .execute();
      return rows.map(toReconciliation);
    },
    async setStatus(
      id: string,
      status: Reconciliation["status"],
      undoneAt: string | null,
    ): Promise<void> {
      await db
        .updateTable("reconciliations")
        .set({ status, undone_at: undoneAt })
        .where("id", "=", id)
        .execute();
    },
    /**
     * What the ledger estimates for an account's period (optionally one key): every record of
     * the period except reconciliation adjustments and estimates that official data replaces.
     */
    async estimatedTotal(
      accountId: string,
      period: string,
      suffix: string | null,
    ): Promise<bigint> {
      const row = await db
        .selectFrom("usage_records")
        .select((eb) => eb.fn.sum<string>("cost_nanos").as("total"))
        .where("account_id", "=", accountId)
        .where("month", "=", period)
        .where("source", "<>", "reconciliation")
        .where((eb) => (suffix === null ? eb.lit(true) : eb("api_key_suffix", "=", suffix)))
        .where((eb) => eb.not(supersededByOfficial(eb)))
        .executeTakeFirstOrThrow();
      return toBigInt(row.total);
    },
  };
}

export type ReconciliationsRepository = ReturnType<typeof reconciliationsRepository>;
