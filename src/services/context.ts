/**
 * What every service needs, built once per process and passed in. Services are plain functions
 * of (context, input); the HTTP API, the CLI and background jobs all call the same ones.
 */
import { accountsRepository, type AccountsRepository } from "../storage/accounts-repository.ts";
import type { Store } from "../storage/database.ts";
import { usageRepository, type UsageRepository } from "../storage/usage-repository.ts";

export interface ServiceContext {
  store: Store;
  accounts: AccountsRepository;
  usage: UsageRepository;
  /** Injected so tests can pin time. */
  now: () => Date;
}

export function createServiceContext(
  store: Store,
  now: () => Date = () => new Date(),
): ServiceContext {
  return {
    store,
    accounts: accountsRepository(store.db),
    usage: usageRepository(store.db, store.dialect),
    now,
  };
}
