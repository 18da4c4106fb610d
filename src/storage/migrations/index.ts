/**
 * Every migration, in order. Names sort lexically and are recorded in the database, so a
 * migration is never renamed or edited once released: a change is a new file.
 */
import type { Migration, MigrationProvider } from "kysely";
import { initial } from "./0001-initial.ts";
import { priceOverrides } from "./0002-price-overrides.ts";
import { sync } from "./0003-sync.ts";
import { capture } from "./0004-capture.ts";
import { confidence } from "./0005-confidence.ts";

const MIGRATIONS: Record<string, Migration> = {
  "0001-initial": initial,
  "0002-price-overrides": priceOverrides,
  "0003-sync": sync,
  "0004-capture": capture,
  "0005-confidence": confidence,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
