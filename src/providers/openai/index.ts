/**
 * The OpenAI official-data adapter: the organization completions usage (hourly, by model,
 * project, key, batch and tier) and costs (daily, by project and line item), as ledger records.
 */
import { ValidationError } from "../../core/errors.ts";
import type { AdminConnection, OfficialAdapter, SyncPage, SyncWindow } from "../types.ts";
import {
  allPages,
  COSTS_PATH,
  costsQuery,
  getPage,
  quoteValues,
  USAGE_PATH,
  usageQuery,
  verifyQuery,
} from "./client.ts";
import { costRecords, usageRecords } from "./normalize.ts";
import { costPageSchema, usagePageSchema } from "./schema.ts";

const WHERE_TO_CREATE =
  "Create an Admin key (sk-admin-…) at platform.openai.com → Settings → Organization → Admin keys.";

/** Refuses anything but an Admin key, naming the kind of key it got (never the key itself). */
export function checkOpenAIKeyFormat(key: string): void {
  if (key.trim() !== key) {
    throw new ValidationError("The key has spaces or line breaks around it; paste the key alone.", [
      { field: "admin_key", message: "must not have surrounding whitespace" },
    ]);
  }
  if (key.startsWith("sk-admin-")) return;
  const kind = key.startsWith("sk-proj-")
    ? "a project API key (sk-proj-…), which cannot read the organization's usage and costs"
    : key.startsWith("sk-svcacct-")
      ? "a service account key (sk-svcacct-…), which cannot read the organization's usage and costs"
      : key.startsWith("sk-ant-")
        ? "an Anthropic key, not an OpenAI Admin key"
        : key.startsWith("sk-")
          ? "a user API key, which cannot read the organization's usage and costs"
          : "not an OpenAI Admin key";
  throw new ValidationError(`This key is ${kind}. ${WHERE_TO_CREATE}`, [
    { field: "admin_key", message: "an OpenAI Admin key (sk-admin-…) is required" },
  ]);
}

/** One small usage call; a refused key surfaces as ProviderAuthError. */
export async function verifyOpenAI(connection: AdminConnection): Promise<void> {
  await getPage(connection, { path: USAGE_PATH, query: verifyQuery(), schema: usagePageSchema });
}

async function* usage(connection: AdminConnection, window: SyncWindow): AsyncGenerator<SyncPage> {
  const request = { path: USAGE_PATH, query: usageQuery(window), schema: usagePageSchema };
  for await (const page of allPages(connection, request)) {
    yield { records: page.data.flatMap(usageRecords), buckets: page.data.length };
  }
}

async function* cost(connection: AdminConnection, window: SyncWindow): AsyncGenerator<SyncPage> {
  const request = {
    path: COSTS_PATH,
    query: costsQuery(window),
    schema: costPageSchema,
    preprocess: quoteValues,
  };
  for await (const page of allPages(connection, request)) {
    yield { records: page.data.flatMap(costRecords), buckets: page.data.length };
  }
}

export const openaiAdapter = {
  provider: "openai",
  checkKeyFormat: checkOpenAIKeyFormat,
  verify: verifyOpenAI,
  endpoints: [
    { name: "usage", fetch: usage },
    { name: "cost", fetch: cost },
  ],
} as const satisfies OfficialAdapter;
