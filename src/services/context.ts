/**
 * What every service needs, built once per process and passed in. Services are plain functions
 * of (context, input); the HTTP API, the CLI and background jobs all call the same ones.
 */
import { randomBytes } from "node:crypto";
import { defaultPricer, type Pricer } from "../pricing/index.ts";
import { PROVIDER_IDS, PROVIDERS, type ProviderId } from "../providers/registry.ts";
import { DEFAULT_RESILIENCE, type ResilienceOptions } from "../providers/shared/resilience.ts";
import { accountsRepository, type AccountsRepository } from "../storage/accounts-repository.ts";
import { apiKeysRepository, type ApiKeysRepository } from "../storage/api-keys-repository.ts";
import {
  credentialsRepository,
  type CredentialsRepository,
} from "../storage/credentials-repository.ts";
import type { Store } from "../storage/database.ts";
import { leasesRepository, type LeasesRepository } from "../storage/leases-repository.ts";
import {
  type PriceOverridesRepository,
  priceOverridesRepository,
} from "../storage/price-overrides-repository.ts";
import {
  type ProviderKeyAccountsRepository,
  providerKeyAccountsRepository,
} from "../storage/provider-key-accounts-repository.ts";
import { syncRepository, type SyncRepository } from "../storage/sync-repository.ts";
import { usageRepository, type UsageRepository } from "../storage/usage-repository.ts";

/** How official-data syncs talk to providers. */
export interface SyncSettings {
  providerBaseUrls: Record<ProviderId, string>;
  resilience: ResilienceOptions;
  /** Per HTTP request to a provider. */
  requestTimeoutMs: number;
  /** Days every scheduled run re-fetches, for data that arrives late. */
  trailingDays: number;
  /** Days a first sync fetches when no --from is given. */
  initialDays: number;
}

export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
  providerBaseUrls: Object.fromEntries(
    PROVIDER_IDS.map((id) => [id, PROVIDERS[id].defaultBaseUrl]),
  ) as Record<ProviderId, string>,
  resilience: DEFAULT_RESILIENCE,
  requestTimeoutMs: 30_000,
  trailingDays: 3,
  initialDays: 30,
};

export interface ServiceContext {
  store: Store;
  accounts: AccountsRepository;
  usage: UsageRepository;
  priceOverrides: PriceOverridesRepository;
  credentials: CredentialsRepository;
  sync: SyncRepository;
  leases: LeasesRepository;
  apiKeys: ApiKeysRepository;
  providerKeyAccounts: ProviderKeyAccountsRepository;
  /** The price catalog; injected so tests can price against a catalog of their own. */
  pricer: Pricer;
  /** The key that seals stored credentials; loaded on first use. */
  secretKey: () => Buffer;
  syncSettings: SyncSettings;
  /** Injected so tests can pin time. */
  now: () => Date;
}

export interface ContextOptions {
  now?: () => Date;
  pricer?: Pricer;
  secretKey?: () => Buffer;
  syncSettings?: Partial<SyncSettings>;
}

export function createServiceContext(
  store: Store,
  options: ContextOptions | (() => Date) = {},
): ServiceContext {
  const opts = typeof options === "function" ? { now: options } : options;
  let key: Buffer | undefined;
  const fallbackKey = () => {
    // Without a configured key (tests, in-memory use) credentials are sealed with a per-process key.
    key ??= randomBytes(32);
    return key;
  };
  return {
    store,
    accounts: accountsRepository(store.db),
    usage: usageRepository(store.db, store.dialect),
    priceOverrides: priceOverridesRepository(store.db),
    credentials: credentialsRepository(store.db),
    sync: syncRepository(store.db),
    leases: leasesRepository(store.db),
    apiKeys: apiKeysRepository(store.db),
    providerKeyAccounts: providerKeyAccountsRepository(store.db),
    pricer: opts.pricer ?? defaultPricer(),
    secretKey: opts.secretKey ?? fallbackKey,
    syncSettings: { ...DEFAULT_SYNC_SETTINGS, ...opts.syncSettings },
    now: opts.now ?? (() => new Date()),
  };
}
