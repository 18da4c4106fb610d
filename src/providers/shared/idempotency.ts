/**
 * Idempotency keys of official rows: re-fetching a bucket (late data, a resumed sync) yields the
 * same key, so the ledger replaces the row instead of counting it twice.
 */
import { createHash } from "node:crypto";

/** The ledger's limit on an idempotency key. */
const MAX_KEY_LENGTH = 256;

/**
 * A readable key: the fixed prefix (provider, kind, width, bucket start), then the dimensions
 * with `%` and `:` escaped so fields cannot run together (fine-tuned model ids contain colons).
 * A key longer than the ledger allows keeps its prefix and hashes the dimensions.
 */
export function idempotencyKey(prefix: string, parts: readonly string[]): string {
  const escaped = parts.map((part) => part.replace(/%/g, "%25").replace(/:/g, "%3A"));
  const key = [prefix, ...escaped].join(":");
  if (key.length <= MAX_KEY_LENGTH) return key;
  const digest = createHash("sha256").update(key).digest("hex").slice(0, 40);
  return `${prefix}:sha256:${digest}`;
}
