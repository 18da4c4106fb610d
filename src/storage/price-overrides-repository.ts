/** Per-account price overrides, stored as decimal strings exactly as entered. */
import type { Kysely, Selectable } from "kysely";
import type { PriceOverride } from "../pricing/types.ts";
import type { Database, PriceOverridesTable } from "./schema.ts";

export interface StoredPriceOverride {
  account_id: string;
  note: string | null;
  created_at: string;
  override: PriceOverride;
}

function toStored(row: Selectable<PriceOverridesTable>): StoredPriceOverride {
  const base = {
    id: row.id,
    effective_from: row.effective_from,
    effective_to: row.effective_to,
    service_tier: row.service_tier,
  };
  const override: PriceOverride =
    row.kind === "model_prices"
      ? {
          ...base,
          kind: "model_prices",
          model: row.model ?? "",
          prices: JSON.parse(row.prices ?? "{}"),
        }
      : { ...base, kind: "discount", percent: row.percent ?? "0", model: row.model };
  return { account_id: row.account_id, note: row.note, created_at: row.created_at, override };
}

export function priceOverridesRepository(db: Kysely<Database>) {
  return {
    async insert(
      accountId: string,
      override: PriceOverride,
      note: string | null,
      now: string,
    ): Promise<void> {
      await db
        .insertInto("price_overrides")
        .values({
          id: override.id,
          account_id: accountId,
          kind: override.kind,
          model: override.model ?? null,
          service_tier: override.service_tier ?? null,
          percent: override.kind === "discount" ? override.percent : null,
          prices: override.kind === "model_prices" ? JSON.stringify(override.prices) : null,
          effective_from: override.effective_from,
          effective_to: override.effective_to,
          note,
          created_at: now,
        })
        .execute();
    },
    async listForAccount(accountId: string): Promise<StoredPriceOverride[]> {
      const rows = await db
        .selectFrom("price_overrides")
        .selectAll()
        .where("account_id", "=", accountId)
        .orderBy("effective_from")
        .orderBy("id")
        .execute();
      return rows.map(toStored);
    },
    /** Every account's overrides, by account, then by effective date. */
    async listAll(): Promise<StoredPriceOverride[]> {
      const rows = await db
        .selectFrom("price_overrides")
        .selectAll()
        .orderBy("account_id")
        .orderBy("effective_from")
        .orderBy("id")
        .execute();
      return rows.map(toStored);
    },
    /** All overrides of the given accounts, grouped by account (pricing a batch needs one query). */
    async listForAccounts(accountIds: readonly string[]): Promise<Map<string, PriceOverride[]>> {
      const grouped = new Map<string, PriceOverride[]>();
      if (accountIds.length === 0) return grouped;
      const rows = await db
        .selectFrom("price_overrides")
        .selectAll()
        .where("account_id", "in", accountIds)
        .orderBy("effective_from")
        .execute();
      for (const row of rows) {
        const list = grouped.get(row.account_id) ?? [];
        list.push(toStored(row).override);
        grouped.set(row.account_id, list);
      }
      return grouped;
    },
    async remove(accountId: string, id: string): Promise<boolean> {
      const result = await db
        .deleteFrom("price_overrides")
        .where("account_id", "=", accountId)
        .where("id", "=", id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

export type PriceOverridesRepository = ReturnType<typeof priceOverridesRepository>;
