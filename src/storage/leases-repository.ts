/**
 * Database leases: a named lock with an expiry, so that several instances sharing one
 * database never run the same job at once, and a crashed holder's lease simply runs out.
 * Acquiring is one atomic upsert that only takes over an expired lease (or renews one's own).
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.ts";

export function leasesRepository(db: Kysely<Database>) {
  return {
    /** True when `holder` now holds `name` until `expiresAt`. */
    async acquire(name: string, holder: string, now: string, expiresAt: string): Promise<boolean> {
      const result = await db
        .insertInto("leases")
        .values({ name, holder, expires_at: expiresAt })
        .onConflict((oc) =>
          oc
            .column("name")
            .doUpdateSet({ holder, expires_at: expiresAt })
            .where((eb) =>
              eb.or([eb("leases.expires_at", "<=", now), eb("leases.holder", "=", holder)]),
            ),
        )
        .returning("holder")
        .executeTakeFirst();
      return result?.holder === holder;
    },
    async release(name: string, holder: string): Promise<void> {
      await db.deleteFrom("leases").where("name", "=", name).where("holder", "=", holder).execute();
    },
    async holderOf(name: string, now: string): Promise<string | null> {
      const row = await db
        .selectFrom("leases")
        .select("holder")
        .where("name", "=", name)
        .where(sql<boolean>`expires_at > ${now}`)
        .executeTakeFirst();
      return row?.holder ?? null;
    },
  };
}

export type LeasesRepository = ReturnType<typeof leasesRepository>;
