/**
 * Who may use the proxy: the admin token, or a TokenLedger API key with the ingest scope, in
 * `x-tokenledger-key`. Key checks are cached briefly so the hot path does not query the
 * database per request; a revoked key stops working within `CACHE_MS`.
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
    if (tokenMatches(presented, adminTokenHash)) return true;
    const now = Date.now();
    const hit = cache.get(presented);
    if (hit && hit.until > now) return hit.allowed;
    const ok = await apiKeyAllows(ctx, presented, "ingest");
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(presented, { allowed: ok, until: now + CACHE_MS });
    return ok;
  };
}
