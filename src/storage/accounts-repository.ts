/** Accounts: one per provider organization, API key owner or manual-entry bucket. */
import type { Kysely, Selectable } from "kysely";
import type { ProviderId } from "../providers/registry.ts";
import type { AccountsTable, Database } from "./schema.ts";

export interface Account {
  id: string;
  provider: ProviderId;
  name: string;
  base_url: string | null;
  sync_schedule: string | null;
  created_at: string;
  updated_at: string;
}

function toAccount(row: Selectable<AccountsTable>): Account {
  return { ...row, provider: row.provider as ProviderId };
}

export function accountsRepository(db: Kysely<Database>) {
  return {
    async insert(account: Account): Promise<void> {
      await db.insertInto("accounts").values(account).execute();
    },
    async list(): Promise<Account[]> {
      const rows = await db
        .selectFrom("accounts")
        .selectAll()
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return rows.map(toAccount);
    },
    async get(id: string): Promise<Account | undefined> {
      const row = await db
        .selectFrom("accounts")
        .selectAll()
        .where("id", "=", id)
        .executeTakeFirst();
      return row && toAccount(row);
    },
    async findByName(provider: ProviderId, name: string): Promise<Account | undefined> {
      const row = await db
        .selectFrom("accounts")
        .selectAll()
        .where("provider", "=", provider)
        .where("name", "=", name)
        .executeTakeFirst();
      return row && toAccount(row);
    },
    async update(
      id: string,
      changes: Partial<Pick<Account, "name" | "base_url" | "sync_schedule" | "updated_at">>,
    ): Promise<void> {
      await db.updateTable("accounts").set(changes).where("id", "=", id).execute();
    },
    /** Looks up many accounts at once (ingest validates a whole batch with one query). */
    async getMany(ids: readonly string[]): Promise<Map<string, Account>> {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom("accounts").selectAll().where("id", "in", ids).execute();
      return new Map(rows.map((row) => [row.id, toAccount(row)]));
    },
    /** Deletes an account and its usage records in one transaction; returns how many records went. */
    async remove(id: string): Promise<{ removedRecords: number }> {
      return db.transaction().execute(async (trx) => {
        const deleted = await trx
          .deleteFrom("usage_records")
          .where("account_id", "=", id)
          .executeTakeFirst();
        await trx.deleteFrom("accounts").where("id", "=", id).execute();
        return { removedRecords: Number(deleted.numDeletedRows) };
      });
    },
  };
}

export type AccountsRepository = ReturnType<typeof accountsRepository>;
