import type { Kysely, Migration } from "kysely";

/**
 * Official-data sync: encrypted admin credentials, per-account sync status, run history,
 * resumable checkpoints, and leases so that instances sharing one database never run the
 * same job at once.
 */
export const sync: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable("accounts").addColumn("base_url", "text").execute();
    await db.schema.alterTable("accounts").addColumn("sync_schedule", "text").execute();

    await db.schema
      .createTable("account_credentials")
      .addColumn("account_id", "text", (c) =>
        c.primaryKey().references("accounts.id").onDelete("cascade"),
      )
      // AES-256-GCM, see src/credentials/cipher.ts; the clear key is never stored.
      .addColumn("admin_key_sealed", "text", (c) => c.notNull())
      .addColumn("admin_key_hint", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("sync_status")
      .addColumn("account_id", "text", (c) =>
        c.primaryKey().references("accounts.id").onDelete("cascade"),
      )
      .addColumn("last_run_at", "text")
      .addColumn("last_success_at", "text")
      .addColumn("last_error_class", "text")
      .addColumn("last_error_message", "text")
      .addColumn("next_run_at", "text")
      // Set on an auth error: scheduled syncs stop until the credentials change.
      .addColumn("paused_reason", "text")
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("sync_runs")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("account_id", "text", (c) =>
        c.notNull().references("accounts.id").onDelete("cascade"),
      )
      .addColumn("trigger", "text", (c) => c.notNull())
      .addColumn("window_start", "text", (c) => c.notNull())
      .addColumn("window_end", "text", (c) => c.notNull())
      .addColumn("started_at", "text", (c) => c.notNull())
      .addColumn("finished_at", "text")
      .addColumn("outcome", "text", (c) => c.notNull())
      .addColumn("records", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("inserted", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("updated", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("unchanged", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("error_class", "text")
      .addColumn("error_message", "text")
      .execute();
    await db.schema
      .createIndex("sync_runs_account_started_idx")
      .on("sync_runs")
      .columns(["account_id", "started_at"])
      .execute();

    await db.schema
      .createTable("sync_checkpoints")
      .addColumn("account_id", "text", (c) =>
        c.notNull().references("accounts.id").onDelete("cascade"),
      )
      .addColumn("endpoint", "text", (c) => c.notNull())
      .addColumn("window_start", "text", (c) => c.notNull())
      .addColumn("window_end", "text", (c) => c.notNull())
      .addColumn("done_until", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("sync_checkpoints_pk", [
        "account_id",
        "endpoint",
        "window_start",
        "window_end",
      ])
      .execute();

    await db.schema
      .createTable("leases")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("holder", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      "leases",
      "sync_checkpoints",
      "sync_runs",
      "sync_status",
      "account_credentials",
    ]) {
      await db.schema.dropTable(table).ifExists().execute();
    }
    await db.schema.alterTable("accounts").dropColumn("sync_schedule").execute();
    await db.schema.alterTable("accounts").dropColumn("base_url").execute();
  },
};
