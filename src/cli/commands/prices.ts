import type { Command } from "commander";
import { ValidationError } from "../../core/errors.ts";
import type { ListedPrice } from "../../pricing/index.ts";
import type { CliDeps } from "../main.ts";
import { withRuntime } from "../main.ts";
import { printJson, renderTable } from "../output.ts";
import { listCatalogPrices, quotePrice } from "../../services/prices.ts";
import { type RecomputeResult, recomputePrices } from "../../services/recompute.ts";
import { registerPriceOverrides } from "./price-overrides.ts";

export function registerPrices(program: Command, deps: CliDeps): void {
  const prices = program
    .command("prices")
    .description("The price catalog, quotes, overrides and repricing");

  prices
    .command("list")
    .description("List catalog prices (USD per million tokens)")
    .option("--provider <provider>", "only this provider")
    .option("--at <date>", "only prices in effect on this date (YYYY-MM-DD)")
    .option("--json", "print JSON")
    .action(async (options: { provider?: string; at?: string; json?: boolean }) => {
      const list = await withRuntime(deps, async ({ ctx }) => listCatalogPrices(ctx, options));
      if (options.json) return printJson(deps.io, { prices: list });
      deps.io.stdout(`${renderPriceTable(list)}\n`);
    });

  prices
    .command("quote")
    .description(
      'Price a usage exactly, e.g. --usage \'{"prompt_tokens":1000,"completion_tokens":200}\'',
    )
    .requiredOption("--provider <provider>", "provider id")
    .requiredOption("--model <model>", "model id or alias")
    .requiredOption("--usage <json>", "usage with the wire field names, as JSON")
    .option("--at <date>", "price in effect on this date (default: now)")
    .option("--account <id>", "apply this account's overrides")
    .option("--json", "print JSON")
    .action(
      async (options: {
        provider: string;
        model: string;
        usage: string;
        at?: string;
        account?: string;
        json?: boolean;
      }) => {
        const usage = parseUsageJson(options.usage);
        const quote = await withRuntime(deps, ({ ctx }) =>
          quotePrice(ctx, {
            provider: options.provider,
            model: options.model,
            usage,
            at: options.at,
            account_id: options.account,
          }),
        );
        if (options.json) return printJson(deps.io, quote);
        if (quote.unpriced) {
          deps.io.stdout(
            `${options.provider}/${options.model}: unpriced (no price in the catalog)\n`,
          );
          deps.io.stderr("warning: this model has no price; its cost is unknown, not $0\n");
          return;
        }
        const lines = Object.entries(quote.breakdown.lines).map(([name, line]) => [
          name,
          line?.quantity ?? "",
          `$${line?.rate ?? ""} / ${line?.per ?? ""}`,
          `$${line?.amount ?? ""}`,
        ]);
        deps.io.stdout(
          `${renderTable(["Component", "Quantity", "Rate", "Amount"], lines, [false, true, true, true])}\n`,
        );
        deps.io.stdout(`Total: $${quote.total_cost} USD (${quote.price_version})\n`);
      },
    );

  prices
    .command("recompute")
    .description(
      "Reprice table-priced records after a catalog or override change; shows the difference, writes only with --apply",
    )
    .option("--from <date>", "first day (inclusive)")
    .option("--to <date>", "end day (exclusive)")
    .option("--account <id>", "only this account")
    .option("--dry-run", "show the difference and change nothing (the default)")
    .option("--apply", "write the new prices")
    .option("--json", "print JSON")
    .action(
      async (options: {
        from?: string;
        to?: string;
        account?: string;
        dryRun?: boolean;
        apply?: boolean;
        json?: boolean;
      }) => {
        if (options.apply && options.dryRun) {
          throw new ValidationError("--apply and --dry-run exclude each other", [
            { field: "apply", message: "choose one" },
          ]);
        }
        const result = await withRuntime(deps, ({ ctx }) =>
          recomputePrices(
            ctx,
            {
              from: options.from,
              to: options.to,
              account_id: options.account,
              apply: options.apply ?? false,
            },
            (examined) => {
              if (deps.io.isTty) deps.io.stderr(`\rexamined ${examined} records`);
            },
          ),
        );
        if (deps.io.isTty) deps.io.stderr("\n");
        if (options.json) return printJson(deps.io, result);
        deps.io.stdout(renderRecompute(result));
      },
    );

  registerPriceOverrides(prices, deps);
}

function parseUsageJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError("--usage must be JSON, e.g. '{\"prompt_tokens\":1000}'", [
      { field: "usage", message: "is not valid JSON" },
    ]);
  }
}

function renderPriceTable(list: ListedPrice[]): string {
  if (list.length === 0) return "No prices match.";
  const rows = list.map((p) => {
    const prices = ("prices" in p ? p.prices : undefined) as Record<string, string> | undefined;
    return [
      p.provider,
      p.model,
      p.effective_from,
      p.effective_to ?? "",
      prices?.input ?? "",
      prices?.output ?? "",
      prices?.cache_read ?? "",
      prices?.cache_write_5m ?? "",
      prices?.cache_write_1h ?? "",
    ];
  });
  const head = [
    "Provider",
    "Model",
    "From",
    "To",
    "Input",
    "Output",
    "Cache read",
    "5m write",
    "1h write",
  ];
  return `${renderTable(head, rows, [false, false, false, false, true, true, true, true, true])}\nUSD per million tokens; see --json for request fees, search and seat prices.`;
}

function renderRecompute(result: RecomputeResult): string {
  if (result.records_examined === 0) return "No table-priced records in that range.\n";
  const rows = result.groups.map((g) => [
    g.account_id,
    g.model ?? "(none)",
    g.records,
    g.changed,
    `$${g.old_total}`,
    `$${g.new_total}`,
    `$${g.difference}`,
  ]);
  const table = renderTable(
    ["Account", "Model", "Records", "Changed", "Old total", "New total", "Difference"],
    rows,
    [false, false, true, true, true, true, true],
  );
  const verdict = result.applied
    ? `Applied: ${result.records_changed} records repriced.`
    : `Dry run: nothing changed. Run again with --apply to reprice ${result.records_changed} records.`;
  return `${table}\nOld $${result.old_total} → new $${result.new_total} (difference $${result.difference})\n${verdict}\n`;
}
