/** Sealed admin credentials per account (see src/credentials/cipher.ts); never in clear. */
import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";

export interface SealedCredential {
  account_id: string;
  admin_key_sealed: string;
  admin_key_hint: string;
  updated_at: string;
}

export function credentialsRepository(db: Kysely<Database>) {
  return {
    async put(credential: SealedCredential): Promise<void> {
      await db
        .insertInto("account_credentials")
        .values(credential)
        .onConflict((oc) =>
          oc.column("account_id").doUpdateSet({
            admin_key_sealed: credential.admin_key_sealed,
            admin_key_hint: credential.admin_key_hint,
            updated_at: credential.updated_at,
          }),
        )
        .execute();
    },
    async get(accountId: string): Promise<SealedCredential | undefined> {
      return db
        .selectFrom("account_credentials")
        .selectAll()
        .where("account_id", "=", accountId)
        .executeTakeFirst();
    },
    /** Hints only (last 4 characters), for listing accounts. */
    async hints(): Promise<Map<string, string>> {
      const rows = await db
        .selectFrom("account_credentials")
        .select(["account_id", "admin_key_hint"])
        .execute();
      return new Map(rows.map((r) => [r.account_id, r.admin_key_hint]));
    },
  };
}

export type CredentialsRepository = ReturnType<typeof credentialsRepository>;
