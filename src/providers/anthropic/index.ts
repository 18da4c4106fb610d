/**
 * The Anthropic official-data adapter: the Admin API's usage report (hourly, every dimension)
 * and cost report (daily, by workspace and description), as ledger records.
 */
import { ValidationError } from "../../core/errors.ts";
import type { AdminConnection, OfficialAdapter, SyncPage, SyncWindow } from "../types.ts";
import {
  allPages,
  COST_PATH,
  costQuery,
  getPage,
  USAGE_PATH,
  usageQuery,
  verifyQuery,
} from "./client.ts";
import { costRecords, usageRecords } from "./normalize.ts";
import { costPageSchema, usagePageSchema } from "./schema.ts";

const WHERE_TO_CREATE =
  "Create an Admin key (sk-ant-admin01-…) in the Claude Console → Settings → Admin keys; Admin keys exist only for organization accounts.";

/** Refuses anything but an Admin key, naming the kind of key it got (never the key itself). */
export function checkAnthropicKeyFormat(key: string): void {
  if (key.trim() !== key) {
    throw new ValidationError("The key has spaces or line breaks around it; paste the key alone.", [
      { field: "admin_key", message: "must not have surrounding whitespace" },
    ]);
  }
  if (key.startsWith("sk-ant-admin")) return;
  const kind = key.startsWith("sk-ant-api")
    ? "a normal API key (sk-ant-api…), which cannot read the organization's usage and costs"
    : "not an Anthropic Admin key";
  throw new ValidationError(`This key is ${kind}. ${WHERE_TO_CREATE}`, [
    { field: "admin_key", message: "an Anthropic Admin key (sk-ant-admin01-…) is required" },
  ]);
}

/** One small usage-report call; a refused key surfaces as ProviderAuthError. */
export async function verifyAnthropic(connection: AdminConnection): Promise<void> {
  await getPage(connection, { path: USAGE_PATH, query: verifyQuery(), schema: usagePageSchema });
}

async function* usage(connection: AdminConnection, window: SyncWindow): AsyncGenerator<SyncPage> {
  const request = { path: USAGE_PATH, query: usageQuery(window), schema: usagePageSchema };
  for await (const page of allPages(connection, request)) {
    yield { records: page.data.flatMap(usageRecords), buckets: page.data.length };
  }
}

async function* cost(connection: AdminConnection, window: SyncWindow): AsyncGenerator<SyncPage> {
  const request = { path: COST_PATH, query: costQuery(window), schema: costPageSchema };
  for await (const page of allPages(connection, request)) {
    yield { records: page.data.flatMap(costRecords), buckets: page.data.length };
  }
}

export const anthropicAdapter = {
  provider: "anthropic",
  checkKeyFormat: checkAnthropicKeyFormat,
  verify: verifyAnthropic,
  endpoints: [
    { name: "usage", fetch: usage },
    { name: "cost", fetch: cost },
  ],
} as const satisfies OfficialAdapter;
