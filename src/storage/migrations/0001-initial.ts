import type { Kysely, Migration } from "kysely";
import { sql } from "kysely";

/** Accounts, the usage ledger, and a small key/value table for instance settings. */
export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("accounts")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("provider", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addUniqueConstraint("accounts_provider_name_unique", ["provider", "name"])
      .execute();

    await db.schema
      .createTable("usage_records")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("account_id", "text", (c) => c.notNull().references("accounts.id"))
      .addColumn("provider", "text", (c) => c.notNull())
      // Fixed-width UTC `YYYY-MM-DDTHH:MM:SS.mmmZ`: sorts correctly as text on both dialects.
      .addColumn("timestamp", "text", (c) => c.notNull())
      .addColumn("date", "text", (c) => c.notNull())
      .addColumn("month", "text", (c) => c.notNull())
      .addColumn("bucket", "text", (c) => c.notNull())
      .addColumn("model", "text")
      .addColumn("prompt_tokens", "bigint", (c) => c.notNull())
      .addColumn("completion_tokens", "bigint", (c) => c.notNull())
      .addColumn("total_tokens", "bigint", (c) => c.notNull())
      .addColumn("cache_read_tokens", "bigint", (c) => c.notNull())
      .addColumn("cache_write_5m_tokens", "bigint", (c) => c.notNull())
      .addColumn("cache_write_1h_tokens", "bigint", (c) => c.notNull())
      .addColumn("reasoning_tokens", "bigint", (c) => c.notNull())
      .addColumn("requests", "bigint", (c) => c.notNull())
      .addColumn("search_queries", "bigint", (c) => c.notNull())
      .addColumn("service_tier", "text")
      .addColumn("cost_nanos", "bigint")
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("cost_source", "text")
      .addColumn("unpriced", "integer", (c) => c.notNull())
      .addColumn("price_version", "text")
      .addColumn("request_type", "text", (c) => c.notNull())
      .addColumn("confidence", "text", (c) => c.notNull())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("workspace_id", "text")
      .addColumn("api_key_suffix", "text")
      .addColumn("project", "text")
      .addColumn("metadata", "text", (c) => c.notNull())
      .addColumn("idempotency_key", "text", (c) => c.notNull())
      .addColumn("content_hash", "text", (c) => c.notNull())
      .addColumn("version", "bigint", (c) => c.notNull().defaultTo(1))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addUniqueConstraint("usage_records_idempotency_unique", ["account_id", "idempotency_key"])
      .execute();

    await db.schema
      .createIndex("usage_records_date_idx")
      .on("usage_records")
      .columns(["date"])
      .execute();
    await db.schema
      .createIndex("usage_records_account_date_idx")
      .on("usage_records")
      .columns(["account_id", "date"])
      .execute();
    await db.schema
      .createIndex("usage_records_timestamp_id_idx")
      .on("usage_records")
      .columns(["timestamp", "id"])
      .execute();

    await db.schema
      .createTable("settings")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table if exists settings`.execute(db);
    await sql`drop table if exists usage_records`.execute(db);
    await sql`drop table if exists accounts`.execute(db);
  },
};
