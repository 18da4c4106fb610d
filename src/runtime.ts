/**
 * Opens what a process needs to serve or answer a command: configuration, the database with
 * migrations applied, and the service context.
 */
import { type Config, loadConfig } from "./config.ts";
import { loadSecretKey } from "./credentials/secret-key.ts";
import { createServiceContext, type ServiceContext } from "./services/context.ts";
import { openStore } from "./storage/database.ts";

export interface Runtime {
  config: Config;
  ctx: ServiceContext;
  close(): Promise<void>;
}

export async function openRuntime(config: Config = loadConfig()): Promise<Runtime> {
  const store = await openStore(config.databaseUrl);
  let key: Buffer | undefined;
  const ctx = createServiceContext(store, {
    secretKey: () => {
      key ??= loadSecretKey(config.secretKey, config.dataDir);
      return key;
    },
    syncSettings: {
      providerBaseUrls: config.providerBaseUrls,
      trailingDays: config.syncTrailingDays,
    },
  });
  return { config, ctx, close: () => store.close() };
}
