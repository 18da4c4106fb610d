/**
 * The Anthropic official-data adapter: the Admin API's usage report (hourly, every dimension)
 * and cost report (daily, by workspace and description), as ledger records.
 */
import { getPage } from "../shared/admin-api.ts";
import { checkAdminKeyFormat } from "../shared/keys.ts";
import { reportEndpoint } from "../shared/paging.ts";
import type { AdminConnection, OfficialAdapter } from "../types.ts";
import { ANTHROPIC_API, costRequest, usageRequest, verifyRequest } from "./client.ts";
import { costRecords, usageRecords } from "./normalize.ts";

/** Refuses anything but an Admin key, naming the kind of key it got (never the key itself). */
export function checkAnthropicKeyFormat(key: string): void {
  checkAdminKeyFormat(key, {
    prefix: "sk-ant-admin",
    kindOf: (other) =>
      other.startsWith("sk-ant-api")
        ? "a normal API key (sk-ant-api…), which cannot read the organization's usage and costs"
        : "not an Anthropic Admin key",
    required: "an Anthropic Admin key (sk-ant-admin01-…) is required",
    whereToCreate:
      "Create an Admin key (sk-ant-admin01-…) in the Claude Console → Settings → Admin keys; Admin keys exist only for organization accounts.",
  });
}

/** One small usage-report call; a refused key surfaces as ProviderAuthError. */
export async function verifyAnthropic(connection: AdminConnection): Promise<void> {
  await getPage(ANTHROPIC_API, connection, verifyRequest());
}

export const anthropicAdapter = {
  provider: "anthropic",
  checkKeyFormat: checkAnthropicKeyFormat,
  verify: verifyAnthropic,
  endpoints: [
    reportEndpoint("usage", ANTHROPIC_API, usageRequest, usageRecords),
    reportEndpoint("cost", ANTHROPIC_API, costRequest, costRecords),
  ],
} as const satisfies OfficialAdapter;
