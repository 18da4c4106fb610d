/**
 * Configuration, parsed once at start-up from the environment by one schema and then passed
 * in. Nothing else in the code reads `process.env`.
 */
import { join, resolve } from "node:path";
import { z } from "zod";
import { ConfigError } from "./core/errors.ts";
import { PROVIDER_IDS, PROVIDERS, type ProviderId } from "./providers/registry.ts";

export interface Config {
  dataDir: string;
  databaseUrl: string;
  host: string;
  port: number;
  /** Set when the operator chose the admin token; otherwise one is generated and only its hash kept. */
  adminToken: string | null;
  providerBaseUrls: Record<ProviderId, string>;
  logLevel: string;
  /** TOKENLEDGER_SECRET_KEY, or null to use (or generate) the data directory's secret.key. */
  secretKey: string | null;
  /** Days every scheduled sync re-fetches for late data. */
  syncTrailingDays: number;
  /** Whether `serve` runs scheduled syncs (TOKENLEDGER_SCHEDULER=off to leave them to another instance). */
  schedulerEnabled: boolean;
}

const envSchema = z.object({
  TOKENLEDGER_DATA_DIR: z.string().min(1).default("./data"),
  TOKENLEDGER_DATABASE_URL: z.string().min(1).optional(),
  TOKENLEDGER_HOST: z.string().min(1).default("127.0.0.1"),
  TOKENLEDGER_PORT: z.coerce
    .number({ error: "must be a port number" })
    .int("must be a whole number")
    .min(0, "must be 0-65535")
    .max(65_535, "must be 0-65535")
    .default(7340),
  TOKENLEDGER_ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  TOKENLEDGER_SECRET_KEY: z.string().min(1).optional(),
  TOKENLEDGER_SYNC_TRAILING_DAYS: z.coerce
    .number({ error: "must be a number of days" })
    .int("must be a whole number")
    .min(0, "must be 0 or more")
    .max(90, "must be at most 90")
    .default(3),
  TOKENLEDGER_SCHEDULER: z.enum(["on", "off"], { error: 'must be "on" or "off"' }).default("on"),
  TOKENLEDGER_LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .default("info"),
});

/** Reads the configuration from `env`; a bad value is a ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".")}: ${issue.message}`,
    );
    throw new ConfigError(`invalid configuration: ${problems.join("; ")}`);
  }
  const values = parsed.data;
  const dataDir = resolve(cwd, values.TOKENLEDGER_DATA_DIR);
  const providerBaseUrls = {} as Record<ProviderId, string>;
  for (const id of PROVIDER_IDS) {
    const variable = `TOKENLEDGER_${id.toUpperCase()}_BASE_URL`;
    const value = env[variable] ?? PROVIDERS[id].defaultBaseUrl;
    if (!/^https?:\/\//.test(value)) throw new ConfigError(`${variable}: must be an http(s) URL`);
    providerBaseUrls[id] = value.replace(/\/+$/, "");
  }
  return {
    dataDir,
    databaseUrl: values.TOKENLEDGER_DATABASE_URL ?? join(dataDir, "tokenledger.db"),
    host: values.TOKENLEDGER_HOST,
    port: values.TOKENLEDGER_PORT,
    adminToken: values.TOKENLEDGER_ADMIN_TOKEN ?? null,
    providerBaseUrls,
    logLevel: values.TOKENLEDGER_LOG_LEVEL,
    secretKey: values.TOKENLEDGER_SECRET_KEY ?? null,
    syncTrailingDays: values.TOKENLEDGER_SYNC_TRAILING_DAYS,
    schedulerEnabled: values.TOKENLEDGER_SCHEDULER === "on",
  };
}
