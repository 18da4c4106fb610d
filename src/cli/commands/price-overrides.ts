import type { Command } from "commander";
import { ValidationError } from "../../core/errors.ts";
import {
  addPriceOverride,
  listPriceOverrides,
  removePriceOverride,
} from "../../services/price-overrides.ts";
import type { CliDeps } from "../main.ts";
import { withRuntime } from "../main.ts";
import { printJson, renderTable } from "../output.ts";

interface AddOptions {
  account: string;
  discount?: string;
  model?: string;
  input?: string;
  output?: string;
  cacheRead?: string;
  cacheWrite5m?: string;
  cacheWrite1h?: string;
  serviceTier?: string;
  from: string;
  to?: string;
  note?: string;
  json?: boolean;
}

export function registerPriceOverrides(prices: Command, deps: CliDeps): void {
  const overrides = prices.command("overrides").description("Negotiated prices per account");

  overrides
    .command("add")
    .description(
      "Add a discount (--discount 15) or model prices (--model M --input X --output Y) to an account",
    )
    .requiredOption("--account <id>", "account id")
    .requiredOption("--from <date>", "first day it applies (YYYY-MM-DD)")
    .option("--to <date>", "first day it no longer applies (exclusive)")
    .option("--discount <percent>", "percentage off, e.g. 15")
    .option("--model <model>", "only this model (required with prices)")
    .option("--input <usd>", "USD per million input tokens")
    .option("--output <usd>", "USD per million output tokens")
    .option("--cache-read <usd>", "USD per million cache-read tokens")
    .option("--cache-write-5m <usd>", "USD per million 5-minute cache-write tokens")
    .option("--cache-write-1h <usd>", "USD per million 1-hour cache-write tokens")
    .option("--service-tier <tier>", "only this service tier (e.g. priority)")
    .option("--note <text>", "why (e.g. the agreement's name)")
    .option("--json", "print JSON")
    .action(async (options: AddOptions) => {
      const base = {
        effective_from: options.from,
        effective_to: options.to ?? null,
        service_tier: options.serviceTier ?? null,
        note: options.note ?? null,
      };
      let input: Record<string, unknown>;
      if (options.discount !== undefined) {
        input = {
          ...base,
          kind: "discount",
          percent: options.discount,
          model: options.model ?? null,
        };
      } else if (options.input !== undefined || options.output !== undefined) {
        input = {
          ...base,
          kind: "model_prices",
          model: options.model,
          prices: {
            input: options.input,
            output: options.output,
            cache_read: options.cacheRead,
            cache_write_5m: options.cacheWrite5m,
            cache_write_1h: options.cacheWrite1h,
          },
        };
      } else {
        throw new ValidationError("give --discount, or --model with --input and --output", [
          { field: "discount", message: "or model prices are required" },
        ]);
      }
      const override = await withRuntime(deps, ({ ctx }) =>
        addPriceOverride(ctx, options.account, input),
      );
      if (options.json) return printJson(deps.io, override);
      deps.io.stdout(
        `Added override ${override.id} to ${override.account_id}. Reprice with: tokenledger prices recompute --account ${override.account_id} --from ${override.effective_from}\n`,
      );
    });

  overrides
    .command("list")
    .description("List an account's overrides")
    .requiredOption("--account <id>", "account id")
    .option("--json", "print JSON")
    .action(async (options: { account: string; json?: boolean }) => {
      const list = await withRuntime(deps, ({ ctx }) => listPriceOverrides(ctx, options.account));
      if (options.json) return printJson(deps.io, { overrides: list });
      if (list.length === 0) return deps.io.stdout("No overrides.\n");
      const rows = list.map((o) => [
        o.id,
        o.kind === "discount"
          ? `${o.percent}% off`
          : Object.entries(o.prices ?? {})
              .map(([k, v]) => `${k} $${v}`)
              .join(", "),
        o.model ?? "(all models)",
        o.effective_from,
        o.effective_to ?? "",
      ]);
      deps.io.stdout(`${renderTable(["ID", "Override", "Model", "From", "To"], rows)}\n`);
    });

  overrides
    .command("remove")
    .description("Remove an override")
    .requiredOption("--account <id>", "account id")
    .argument("<override-id>", "override id")
    .option("--json", "print JSON")
    .action(async (id: string, options: { account: string; json?: boolean }) => {
      const result = await withRuntime(deps, ({ ctx }) =>
        removePriceOverride(ctx, options.account, id),
      );
      if (options.json) return printJson(deps.io, result);
      deps.io.stdout(`Removed override ${result.removed}\n`);
    });
}
