import type { Kysely, Migration } from "kysely";

/**
 * Confidence you can trust: which account-days official data covers (so estimates there are
 * not added on top), reconciliations against billed amounts, manual and recurring entries
 * with an audit trail, and Perplexity credit purchases.
 */
export const confidence: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("official_coverage")
      .addColumn("account_id", "text", (c) =>
        c.notNull().references("accounts.id").onDelete("cascade"),
      )
      .addColumn("date", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("official_coverage_pk", ["account_id", "date"])
      .execute();

    await db.schema
      .createTable("reconciliations")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("account_id", "text", (c) =>
        c.notNull().references("accounts.id").onDelete("cascade"),
      )
      .addColumn("period", "text", (c) => c.notNull())
      // Optional: Perplexity invoices name API keys by their last 4 characters.
      .addColumn("api_key_suffix", "text")
      .addColumn("amount_nanos", "bigint", (c) => c.notNull())
      .addColumn("estimated_nanos", "bigint", (c) => c.notNull())
      .addColumn("note", "text")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("undone_at", "text")
      .execute();
    await db.schema
      .createIndex("reconciliations_account_period_idx")
      .on("reconciliations")
      .columns(["account_id", "period"])
      .execute();

    await db.schema
      .createTable("recurring_entries")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("account_id", "text", (c) =>
        c.notNull().references("accounts.id").onDelete("cascade"),
      )
      .addColumn("label", "text", (c) => c.notNull())
      .addColumn("seats", "bigint", (c) => c.notNull())
      // Decimal USD per seat per month, as entered.
      .addColumn("unit_price", "text", (c) => c.notNull())
      .addColumn("model", "text")
      .addColumn("start_month", "text", (c) => c.notNull())
      .addColumn("end_month", "text")
      .addColumn("note", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("manual_entry_audit")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("account_id", "text", (c) => c.notNull())
      .addColumn("idempotency_key", "text", (c) => c.notNull())
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("before", "text")
      .addColumn("after", "text")
      .addColumn("at", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("credit_purchases")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("account_id", "text", (c) =>
        c.notNull().references("accounts.id").onDelete("cascade"),
      )
      .addColumn("date", "text", (c) => c.notNull())
      .addColumn("amount_nanos", "bigint", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("note", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      "credit_purchases",
      "manual_entry_audit",
      "recurring_entries",
      "reconciliations",
      "official_coverage",
    ]) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
