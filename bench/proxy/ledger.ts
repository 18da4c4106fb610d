/** What TokenLedger's ledger holds, read through the reports service (`summarizeUsage`). */
import { loadConfig } from "../../src/config.ts";
import { openRuntime } from "../../src/runtime.ts";
import { summarizeUsage } from "../../src/services/reports.ts";
import type { LedgerCount } from "./child.ts";

/** The ledger's record count and sums, over everything it holds. */
export async function ledgerCount(ctx: Parameters<typeof summarizeUsage>[0]): Promise<LedgerCount> {
  const summary = await summarizeUsage(ctx, { group_by: ["provider"] });
  const sum = (field: string) =>
    summary.groups.reduce((total, group) => total + Number(group[field] ?? 0), 0);
  return {
    records: summary.records,
    requests: sum("requests"),
    promptTokens: sum("prompt_tokens"),
    completionTokens: sum("completion_tokens"),
  };
}

/** Opens the database at `databaseUrl` (after the server stopped) and counts its ledger. */
export async function countStoredLedger(
  databaseUrl: string,
  dataDir: string,
): Promise<LedgerCount> {
  const runtime = await openRuntime(
    loadConfig({ TOKENLEDGER_DATABASE_URL: databaseUrl, TOKENLEDGER_DATA_DIR: dataDir }),
  );
  try {
    return await ledgerCount(runtime.ctx);
  } finally {
    await runtime.close();
  }
}
