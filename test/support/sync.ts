/** A service context wired to fake admin servers, with retry delays shrunk for tests. */
import { randomBytes } from "node:crypto";
import {
  createServiceContext,
  DEFAULT_SYNC_SETTINGS,
  type ServiceContext,
} from "../../src/services/context.ts";
import type { Store } from "../../src/storage/database.ts";

export const FAST_RESILIENCE = {
  attempts: 3,
  initialDelayMs: 5,
  maxDelayMs: 20,
  maxRetryAfterMs: 5_000,
  breakerFailures: 50,
  breakerOpenMs: 1_000,
};

/** One secret key for every context, as instances sharing a database must share TOKENLEDGER_SECRET_KEY. */
const SECRET_KEY = randomBytes(32);

export function syncContext(
  store: Store,
  urls: { anthropic?: string; openai?: string },
  now: Date,
): ServiceContext {
  return createServiceContext(store, {
    now: () => now,
    secretKey: () => SECRET_KEY,
    syncSettings: {
      providerBaseUrls: { ...DEFAULT_SYNC_SETTINGS.providerBaseUrls, ...urls },
      resilience: FAST_RESILIENCE,
      requestTimeoutMs: 5_000,
    },
  });
}
