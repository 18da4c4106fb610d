/**
 * The OpenAI official-data adapter: the organization completions usage (hourly, by model,
 * project, key, batch and tier) and costs (daily, by project and line item), as ledger records.
 */
import { getPage } from "../shared/admin-api.ts";
import { checkAdminKeyFormat } from "../shared/keys.ts";
import { reportEndpoint } from "../shared/paging.ts";
import type { AdminConnection, OfficialAdapter } from "../types.ts";
import { costsRequest, OPENAI_API, usageRequest, verifyRequest } from "./client.ts";
import { costRecords, usageRecords } from "./normalize.ts";

/** The kind of a key that is not an OpenAI Admin key, most specific prefix first. */
function kindOf(key: string): string {
  if (key.startsWith("sk-proj-")) {
    return "a project API key (sk-proj-…), which cannot read the organization's usage and costs";
  }
  if (key.startsWith("sk-svcacct-")) {
    return "a service account key (sk-svcacct-…), which cannot read the organization's usage and costs";
  }
  if (key.startsWith("sk-ant-")) return "an Anthropic key, not an OpenAI Admin key";
  if (key.startsWith("sk-")) {
    return "a user API key, which cannot read the organization's usage and costs";
  }
  return "not an OpenAI Admin key";
}

/** Refuses anything but an Admin key, naming the kind of key it got (never the key itself). */
export function checkOpenAIKeyFormat(key: string): void {
  checkAdminKeyFormat(key, {
    prefix: "sk-admin-",
    kindOf,
    required: "an OpenAI Admin key (sk-admin-…) is required",
    whereToCreate:
      "Create an Admin key (sk-admin-…) at platform.openai.com → Settings → Organization → Admin keys.",
  });
}

/** One small usage call; a refused key surfaces as ProviderAuthError. */
export async function verifyOpenAI(connection: AdminConnection): Promise<void> {
  await getPage(OPENAI_API, connection, verifyRequest());
}

export const openaiAdapter = {
  provider: "openai",
  checkKeyFormat: checkOpenAIKeyFormat,
  verify: verifyOpenAI,
  endpoints: [
    reportEndpoint("usage", OPENAI_API, usageRequest, usageRecords),
    reportEndpoint("cost", OPENAI_API, costsRequest, costRecords),
  ],
} as const satisfies OfficialAdapter;
