import type { Command } from "commander";
import { ValidationError } from "../../core/errors.ts";
import {
  listReconciliations,
  type ReconciliationView,
  reconcilePeriod,
  undoReconciliation,
} from "../../services/reconcile/reconcile.ts";
import { type CliDeps, withRuntime } from "../main.ts";
import { printJson, renderTable } from "../output.ts";

interface ReconcileOptions {
  account?: string;
  period?: string;
  amount?: string;
  key?: string;
  note?: string;
  dryRun?: boolean;
  undo?: string | boolean;
  list?: boolean;
  json?: boolean;
}

export function registerReconcile(program: Command, deps: CliDeps): void {
  program
    .command("reconcile")
    .description("Set a billing period to what the provider billed (from the invoice or dashboard)")
    .option("--account <id>", "account id")
    .option("--period <YYYY-MM>", "billing month")
    .option("--amount <usd>", "the billed amount, e.g. 123.45")
    .option("--key <last4>", "only the API key ending in these 4 characters (Perplexity invoices)")
    .option("--note <text>", "where the figure came from")
    .option("--dry-run", "show the estimate and the difference; record nothing")
    .option(
      "--undo [id]",
      "undo a reconciliation (by id, or the one in force for --account/--period)",
    )
    .option("--list", "list reconciliations (of --account)")
    .option("--json", "print JSON")
    .action(async (options: ReconcileOptions) => {
      const result = await withRuntime(deps, async ({ ctx }) => {
        if (options.list)
          return listReconciliations(ctx, { account_id: options.account, period: options.period });
        if (options.undo !== undefined) {
          const id =
            typeof options.undo === "string" ? options.undo : await currentId(ctx, options);
          return undoReconciliation(ctx, id);
        }
        return reconcilePeriod(ctx, {
          account_id: options.account,
          period: options.period,
          amount: options.amount,
          note: options.note ?? null,
          api_key_suffix: options.key ?? null,
          dry_run: options.dryRun ?? false,
        });
      });
      if (options.json)
        return printJson(deps.io, Array.isArray(result) ? { reconciliations: result } : result);
      if (Array.isArray(result)) return deps.io.stdout(`${renderList(result)}\n`);
      deps.io.stdout(describe(result));
    });
}

async function currentId(
  ctx: Parameters<typeof listReconciliations>[0],
  options: ReconcileOptions,
): Promise<string> {
  if (!options.account || !options.period) {
    throw new ValidationError("give --undo ID, or --undo with --account and --period", [
      { field: "undo", message: "which reconciliation?" },
    ]);
  }
  const all = await listReconciliations(ctx, {
    account_id: options.account,
    period: options.period,
  });
  const inForce = all.find(
    (r) =>
      (r.status === "current" || r.status === "stale") &&
      r.api_key_suffix === (options.key ?? null),
  );
  if (!inForce?.id)
    throw new ValidationError(
      `no reconciliation in force for ${options.account} ${options.period}`,
      [{ field: "period", message: "not reconciled" }],
    );
  return inForce.id;
}

function describe(r: ReconciliationView): string {
  const key = r.api_key_suffix ? ` (key …${r.api_key_suffix})` : "";
  const pct = r.delta_percent === null ? "" : ` (${r.delta_percent}%)`;
  const head = `${r.account_id} ${r.period}${key}: billed $${r.amount}, estimated $${r.estimated_total}, difference $${r.delta}${pct}\n`;
  if (r.status === "preview")
    return `${head}Dry run: nothing recorded. Run again without --dry-run to reconcile.\n`;
  if (r.status === "undone") return `${head}Undone: the period's estimates count again.\n`;
  return `${head}Reconciled (${r.id}): the period now totals $${r.amount}.\n`;
}

function renderList(list: ReconciliationView[]): string {
  if (list.length === 0) return "No reconciliations.";
  const rows = list.map((r) => [
    r.id ?? "",
    r.account_id,
    r.period,
    r.api_key_suffix ?? "",
    `$${r.amount}`,
    `$${r.estimated_total}`,
    `$${r.delta}`,
    r.status,
  ]);
  return renderTable(
    ["ID", "Account", "Period", "Key", "Billed", "Estimated", "Difference", "Status"],
    rows,
  );
}
