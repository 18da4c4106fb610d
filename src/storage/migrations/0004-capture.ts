import type { Kysely, Migration } from "kysely";

/**
 * Per-request capture: TokenLedger API keys (for the proxy and SDK, stored hashed) and the
 * accounts the proxy creates for provider keys it sees, found by a keyed fingerprint.
 */
export const capture: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("api_keys")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("scopes", "text", (c) => c.notNull())
      // SHA-256 of the key; the key itself is shown once at creation and never stored.
      .addColumn("key_hash", "text", (c) => c.notNull().unique())
      .addColumn("key_hint", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("revoked_at", "text")
      .execute();

    await db.schema
      .createTable("provider_key_accounts")
      .addColumn("provider", "text", (c) => c.notNull())
      // HMAC-SHA256 of the provider key under the instance secret: identifies, cannot be reversed.
      .addColumn("fingerprint", "text", (c) => c.notNull())
      .addColumn("account_id", "text", (c) =>
        c.notNull().references("accounts.id").onDelete("cascade"),
      )
      .addColumn("key_suffix", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("provider_key_accounts_pk", ["provider", "fingerprint"])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable("provider_key_accounts").ifExists().execute();
    await db.schema.dropTable("api_keys").ifExists().execute();
  },
};
