import type { Kysely, Migration } from "kysely";

/** Negotiated prices per account (enterprise agreements), each with its own effective dates. */
export const priceOverrides: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("price_overrides")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("account_id", "text", (c) =>
        c.notNull().references("accounts.id").onDelete("cascade"),
      )
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("model", "text")
      .addColumn("service_tier", "text")
      // Decimal strings: a percentage for discounts, USD per million tokens for model prices.
      .addColumn("percent", "text")
      .addColumn("prices", "text")
      .addColumn("effective_from", "text", (c) => c.notNull())
      .addColumn("effective_to", "text")
      .addColumn("note", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("price_overrides_account_idx")
      .on("price_overrides")
      .columns(["account_id"])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable("price_overrides").ifExists().execute();
  },
};
