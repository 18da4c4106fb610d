/** Accounts the capture proxy created for provider keys, found by the key's fingerprint. */
import type { Kysely } from "kysely";
import type { Database, ProviderKeyAccountsTable } from "./schema.ts";

export function providerKeyAccountsRepository(db: Kysely<Database>) {
  return {
    async find(provider: string, fingerprint: string): Promise<string | undefined> {
      const row = await db
        .selectFrom("provider_key_accounts")
        .select("account_id")
        .where("provider", "=", provider)
        .where("fingerprint", "=", fingerprint)
        .executeTakeFirst();
      return row?.account_id;
    },
    /** Inserts unless another request got there first; returns the account that won. */
    async claim(row: ProviderKeyAccountsTable): Promise<string> {
      await db
        .insertInto("provider_key_accounts")
        .values(row)
        .onConflict((oc) => oc.columns(["provider", "fingerprint"]).doNothing())
        .execute();
      return (await this.find(row.provider, row.fingerprint)) ?? row.account_id;
    },
  };
}

export type ProviderKeyAccountsRepository = ReturnType<typeof providerKeyAccountsRepository>;
