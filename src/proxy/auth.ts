/**
 * Who may use the proxy: the admin token, or a TokenLedger API key with the ingest scope, in
 * `x-tokenledger-key`. A key is checked once — constant-time for the admin token, by hash in
 * the database for API keys — and the verdict is cached in memory for `CACHE_MS`, so the hot
 * path neither hashes nor queries per request; a revoked key stops working within `CACHE_MS`.
 * The cache lives in process memory only and is never written anywhere.
 */
import { tokenMatches } from "../auth/admin-token.ts";
import { apiKeyAllows } from "../services/api-keys.ts";
import type { ServiceContext } from "../services/context.ts";

const CACHE_MS = 30_000;
const MAX_CACHED = 10_000;

export function createProxyAuth(ctx: ServiceContext, adminTokenHash: Buffer) {
  const cache = new Map<string, { allowed: boolean; until: number }>();
  return async function allowed(presented: string | null): Promise<boolean> {
    if (!presented) return false;
    const now = Date.now();
    const hit = cache.get(presented);
    if (hit && hit.until > now) return hit.allowed;
    const ok =
      tokenMatches(presented, adminTokenHash) || (await apiKeyAllows(ctx, presented, "ingest"));
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(presented, { allowed: ok, until: now + CACHE_MS });
    return ok;
  };
}
