import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import {
  syncAccount,
  type SyncProgress,
  type SyncSummary,
} from "../../services/sync/sync-account.ts";
import { officialAdapterFor } from "../../providers/official.ts";
import { type CliDeps, withRuntime } from "../main.ts";
import { printJson } from "../output.ts";
import { ValidationError } from "../../core/errors.ts";

interface SyncOptions {
  account?: string;
  from?: string;
  to?: string;
  json?: boolean;
}

export function registerSync(program: Command, deps: CliDeps): void {
  program
    .command("sync")
    .description("Pull official usage and cost (Anthropic, OpenAI admin APIs) into the ledger")
    .option("--account <id>", "only this account (default: every account with an admin key)")
    .option(
      "--from <date>",
      "first day, YYYY-MM-DD (default: 3 days before the last success, or 30 days back)",
    )
    .option("--to <date>", "end day, exclusive (default: tomorrow, so today is included)")
    .option("--json", "print the summary as JSON")
    .action(async (options: SyncOptions) => {
      const summaries = await withRuntime(deps, async ({ ctx }) => {
        const accounts = options.account
          ? [options.account]
          : (await ctx.accounts.list())
              .filter((a) => officialAdapterFor(a.provider))
              .map((a) => a.id);
        const withKeys = [];
        for (const id of accounts) {
          if (options.account || (await ctx.credentials.get(id))) withKeys.push(id);
        }
        if (withKeys.length === 0) {
          throw new ValidationError(
            "no account to sync: add an Anthropic or OpenAI account with an admin key first",
            [{ field: "account", message: "none with an admin key" }],
          );
        }
        const results: SyncSummary[] = [];
        for (const id of withKeys) {
          const bar = deps.io.isTty
            ? new SingleBar({
                format: `${id} {endpoint} [{bar}] {value}/{total} weeks | {records} records | ETA {eta_formatted}`,
              })
            : null;
          let started = false;
          const onProgress = (p: SyncProgress) => {
            if (!bar) return;
            if (!started) {
              bar.start(p.chunksTotal, p.chunksDone, { endpoint: p.endpoint, records: p.records });
              started = true;
            }
            bar.setTotal(p.chunksTotal);
            bar.update(p.chunksDone, { endpoint: p.endpoint, records: p.records });
          };
          try {
            results.push(
              await syncAccount(
                ctx,
                { account_id: id, from: options.from, to: options.to, trigger: "manual" },
                onProgress,
              ),
            );
          } finally {
            bar?.stop();
          }
        }
        return results;
      });
      if (options.json)
        return printJson(deps.io, options.account ? summaries[0] : { syncs: summaries });
      for (const s of summaries) {
        const resumed =
          s.resumed.length > 0 ? ` (resumed ${s.resumed.join(", ")} from a checkpoint)` : "";
        deps.io.stdout(
          `Synced ${s.account_id} ${s.from} to ${s.to}${resumed}: ${s.records} records fetched in ${s.pages} pages — ${s.inserted} new, ${s.updated} changed, ${s.unchanged} unchanged\n`,
        );
      }
    });
}
