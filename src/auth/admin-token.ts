/**
 * The admin token: chosen by the operator (TOKENLEDGER_ADMIN_TOKEN) or generated on first
 * start and printed once. Only its SHA-256 is stored. Tokens are 256-bit random values, so a
 * fast hash is enough; comparison is constant-time so response timing reveals nothing.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../storage/schema.ts";

const SETTING_KEY = "admin_token_sha256";
const TOKEN_PREFIX = "tl_admin_";

export function hashToken(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

/** Constant-time check of a presented token against a stored hash. */
export function tokenMatches(presented: string, expectedHash: Buffer): boolean {
  return timingSafeEqual(hashToken(presented), expectedHash);
}

export interface AdminTokenState {
  hash: Buffer;
  /** The clear token, only when it was generated just now and must be shown once. */
  generated: string | null;
}

/**
 * Returns the hash to check requests against. With a configured token that is its hash; else
 * the stored hash, generating and storing a new token the very first time.
 */
export async function ensureAdminToken(
  db: Kysely<Database>,
  configured: string | null,
  now: string,
): Promise<AdminTokenState> {
  if (configured) return { hash: hashToken(configured), generated: null };
  const stored = await db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", SETTING_KEY)
    .executeTakeFirst();
  if (stored) return { hash: Buffer.from(stored.value, "hex"), generated: null };
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const hash = hashToken(token);
  // Two instances starting at once on one database: the first insert wins, the other re-reads.
  await db
    .insertInto("settings")
    .values({ key: SETTING_KEY, value: hash.toString("hex"), updated_at: now })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const winner = await db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", SETTING_KEY)
    .executeTakeFirstOrThrow();
  const won = winner.value === hash.toString("hex");
  return { hash: Buffer.from(winner.value, "hex"), generated: won ? token : null };
}

/** Replaces the stored admin token with a new one and returns it (shown once). */
export async function rotateAdminToken(db: Kysely<Database>, now: string): Promise<string> {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const value = hashToken(token).toString("hex");
  await db
    .insertInto("settings")
    .values({ key: SETTING_KEY, value, updated_at: now })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: now }))
    .execute();
  return token;
}
