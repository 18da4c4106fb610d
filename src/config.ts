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
  };
}
