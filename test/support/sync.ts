/** A service context wired to fake admin servers, with retry delays shrunk for tests. */
import { createServiceContext, type ServiceContext } from "../../src/services/context.ts";
import type { Store } from "../../src/storage/database.ts";

export const FAST_RESILIENCE = {
  attempts: 3,
  initialDelayMs: 5,
  maxDelayMs: 20,
  maxRetryAfterMs: 5_000,
  breakerFailures: 50,
  breakerOpenMs: 1_000,
};

export function syncContext(
  store: Store,
  urls: { anthropic?: string; openai?: string },
  now: Date,
): ServiceContext {
  const base = createServiceContext(store).syncSettings.providerBaseUrls;
  return createServiceContext(store, {
    now: () => now,
    syncSettings: {
      providerBaseUrls: { ...base, ...urls },
      resilience: FAST_RESILIENCE,
      requestTimeoutMs: 5_000,
    },
  });
}
