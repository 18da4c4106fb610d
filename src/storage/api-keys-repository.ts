/** TokenLedger API keys, stored as hashes. */
import type { Kysely } from "kysely";
import type { ApiKeysTable, Database } from "./schema.ts";

export type ApiKeyRow = ApiKeysTable;

export function apiKeysRepository(db: Kysely<Database>) {
  return {
    async insert(row: ApiKeyRow): Promise<void> {
      await db.insertInto("api_keys").values(row).execute();
    },
    async list(): Promise<ApiKeyRow[]> {
      return db.selectFrom("api_keys").selectAll().orderBy("created_at").orderBy("id").execute();
    },
    async findActiveByHash(hash: string): Promise<ApiKeyRow | undefined> {
      return db
        .selectFrom("api_keys")
        .selectAll()
        .where("key_hash", "=", hash)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
    },
    async revoke(id: string, now: string): Promise<boolean> {
      const result = await db
        .updateTable("api_keys")
        .set({ revoked_at: now })
        .where("id", "=", id)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

export type ApiKeysRepository = ReturnType<typeof apiKeysRepository>;
