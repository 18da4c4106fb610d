/**
 * `import` (a CSV with a column mapping) and `export records|report` (CSV or JSON).
 *
 *   tokenledger import invoice.csv --account acc_… --preset invoice --confidence official --dry-run
 *   tokenledger import usage.csv --account acc_… --map timestamp=Day,model=Model,total_cost=Cost
 *   tokenledger export records --from 2025-05-01 --to 2025-06-01 --output may.csv
 *   tokenledger export report --by provider,model --format json
 */
import { randomBytes } from "node:crypto";
import { open, readFile, rename, rm } from "node:fs/promises";
import type { Command } from "commander";
import { ValidationError } from "../../core/errors.ts";
import { parseDimensions } from "../../services/reports.ts";
import { exportRecords, exportReport } from "../../services/transfer/export.ts";
import {
  type ImportInput,
  type ImportResult,
  importCsv,
  importError,
} from "../../services/transfer/import.ts";
import {
  type Mapping,
  PRESET_NAMES,
  TRANSFORMS,
  type Transform,
} from "../../services/transfer/mapping.ts";
import { type CliDeps, withRuntime } from "../main.ts";
import { formatCount, printJson } from "../output.ts";

interface ImportOptions {
  account?: string;
  preset?: string;
  map?: string[];
  set?: string[];
  confidence?: string;
  numberFormat?: string;
  delimiter?: string;
  dryRun?: boolean;
  json?: boolean;
}

interface FilterOptions {
  from?: string;
  to?: string;
  provider?: string;
  account?: string;
  model?: string;
  project?: string;
  confidence?: string;
  format?: string;
  json?: boolean;
  output?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerTransfer(program: Command, deps: CliDeps): void {
  program
    .command("import")
    .description(
      "Import a CSV of invoice lines or a provider's usage export; every row is checked first and nothing is stored unless all are valid",
    )
    .argument("<file>", "the CSV file, or - for standard input")
    .option("--account <id>", "the account every row is booked to")
    .option("--preset <name>", `a built-in mapping: ${PRESET_NAMES.join(", ")}`)
    .option(
      "--map <field=column>",
      `field=column pairs, comma-separated or repeated; column:transform applies one of ${TRANSFORMS.join(", ")}`,
      collect,
    )
    .option("--set <field=value>", "a value for every row that has none (repeatable)", collect)
    .option("--confidence <level>", "official, estimated, manual or reconciled")
    .option(
      "--number-format <format>",
      "plain (1234.56, the default), thousands_comma (1,234.56) or decimal_comma (1.234,56)",
    )
    .option("--delimiter <char>", 'between fields: "," (default), ";" or "tab"')
    .option("--dry-run", "check every row and store nothing")
    .option("--json", "print the result as JSON")
    .action(async (file: string, options: ImportOptions, command: Command) => {
      if (!options.preset && !options.map) {
        command.error("error: give --preset NAME or --map field=column,…", { exitCode: 2 });
      }
      const csv = file === "-" ? await deps.io.readStdin() : await readText(file);
      const defaults: Record<string, unknown> = Object.fromEntries(
        splitPairs(options.set ?? [], "--set"),
      );
      if (options.account) defaults.account_id = options.account;
      if (options.confidence) defaults.confidence = options.confidence;
      const input: ImportInput = {
        csv,
        preset: options.preset as ImportInput["preset"],
        mapping: parseMapping(options.map ?? []),
        defaults,
        dry_run: Boolean(options.dryRun),
        number_format: options.numberFormat as ImportInput["number_format"],
        delimiter: (options.delimiter === "tab"
          ? "\t"
          : options.delimiter) as ImportInput["delimiter"],
      };
      const result = await withRuntime(deps, ({ ctx }) => importCsv(ctx, input));
      const failed = !result.dry_run && result.errors.length > 0;
      if (options.json) {
        if (failed) throw importError(result);
        return printJson(deps.io, result);
      }
      printImport(deps, file, result);
      if (failed) throw new ValidationError(importError(result).message);
    });

  const exporter = program
    .command("export")
    .description("Export usage records or a report as CSV or JSON (to standard output by default)");

  withFilters(exporter.command("records"))
    .description("Every record matching the filters, every field (newest first)")
    .action(async (options: FilterOptions) => {
      await withRuntime(deps, async ({ ctx }) => {
        const exported = exportRecords(ctx, {
          format: formatOf(options),
          from: options.from,
          to: options.to,
          provider: options.provider,
          account_id: options.account,
          model: options.model,
          project: options.project,
          confidence: options.confidence,
        });
        await writeOut(deps, options.output, exported.chunks);
        if (options.output) {
          deps.io.stderr(`Wrote ${formatCount(exported.records())} records to ${options.output}\n`);
        }
      });
    });

  withFilters(exporter.command("report"))
    .description("Spend and tokens per group, as `report` computes them")
    .option(
      "--by <dimensions>",
      "comma-separated: provider, model, account, day, month, confidence, project",
    )
    .action(async (options: FilterOptions & { by?: string }) => {
      const report = await withRuntime(deps, ({ ctx }) =>
        exportReport(ctx, {
          format: formatOf(options),
          from: options.from,
          to: options.to,
          group_by: options.by ? parseDimensions([options.by]) : [],
          provider: options.provider,
          account_id: options.account,
          model: options.model,
          project: options.project,
          confidence: options.confidence,
        }),
      );
      await writeOut(deps, options.output, [report.body]);
      if (options.output) {
        deps.io.stderr(
          `Wrote ${formatCount(report.summary.groups.length)} groups to ${options.output}\n`,
        );
      }
    });
}

function withFilters(command: Command): Command {
  return command
    .option("--format <format>", "csv (default) or json")
    .option("--json", "the same as --format json")
    .option("--from <date>", "first day, YYYY-MM-DD (inclusive)")
    .option("--to <date>", "end day, YYYY-MM-DD (exclusive)")
    .option("--provider <provider>", "only this provider")
    .option("--account <id>", "only this account")
    .option("--model <model>", "only this model")
    .option("--project <project>", "only this project")
    .option("--confidence <level>", "only official, estimated, manual or reconciled")
    .option("--output <file>", "write to this file instead of standard output");
}

function formatOf(options: FilterOptions): string | undefined {
  return options.json ? "json" : options.format;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error);
    throw new ValidationError(`cannot read ${file}: ${reason}`, [
      { field: "file", message: reason },
    ]);
  }
}

/**
 * Writes chunks to standard output, or to a file that appears only once it is complete: the
 * text goes to a temporary file beside it, renamed over the target at the end, so a failed
 * export never leaves a short file that looks whole.
 */
async function writeOut(
  deps: CliDeps,
  output: string | undefined,
  chunks: AsyncIterable<string> | Iterable<string>,
): Promise<void> {
  if (!output) {
    for await (const chunk of chunks) deps.io.stdout(chunk);
    return;
  }
  const temporary = `${output}.${randomBytes(6).toString("hex")}.tmp`;
  const handle = await open(temporary, "wx", 0o600);
  try {
    for await (const chunk of chunks) await handle.write(chunk);
    await handle.sync();
    await handle.close();
    await rename(temporary, output);
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(temporary, { force: true });
    throw error;
  }
}

/** `a=b,c=d` pieces; a piece without "=" belongs to the value before it (a column name with a comma). */
function splitPairs(values: readonly string[], option: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const value of values) {
    for (const piece of value.split(",")) {
      const at = piece.indexOf("=");
      const last = pairs.at(-1);
      if (at === -1 && last) last[1] += `,${piece}`;
      else if (at > 0) pairs.push([piece.slice(0, at).trim(), piece.slice(at + 1)]);
      else {
        throw new ValidationError(`${option} takes field=value pairs, got "${piece}"`, [
          { field: option, message: "must be field=value" },
        ]);
      }
    }
  }
  return pairs;
}

/** `--map field=column[:transform]`; the part after the last ":" is a transform only when it names one. */
function parseMapping(values: readonly string[]): Mapping | undefined {
  if (values.length === 0) return undefined;
  const mapping: Mapping = {};
  for (const [field, target] of splitPairs(values, "--map")) {
    const colon = target.lastIndexOf(":");
    const transform = colon === -1 ? "" : target.slice(colon + 1);
    mapping[field] = (TRANSFORMS as readonly string[]).includes(transform)
      ? { column: target.slice(0, colon), transform: transform as Transform }
      : target;
  }
  return mapping;
}

function printImport(deps: CliDeps, file: string, result: ImportResult): void {
  const counts = `${formatCount(result.rows)} rows, ${formatCount(result.valid)} valid, ${formatCount(result.invalid)} invalid`;
  const unpriced =
    result.unpriced > 0
      ? ` (${formatCount(result.unpriced)} rows unpriced, not counted as $0)`
      : "";
  if (result.dry_run) {
    const verdict =
      result.errors.length === 0
        ? `ready to import $${result.total_cost} USD${unpriced}`
        : "fix the errors below before importing";
    deps.io.stdout(`Dry run of ${file}: ${counts}; ${verdict}. Nothing was stored.\n`);
    for (const line of errorLines(result)) deps.io.stdout(line);
    return;
  }
  if (result.errors.length > 0) {
    deps.io.stderr(`Import of ${file}: ${counts}.\n`);
    for (const line of errorLines(result)) deps.io.stderr(line);
    return;
  }
  deps.io.stdout(
    `Imported ${file}: ${formatCount(result.rows)} rows — ${formatCount(result.inserted)} new, ${formatCount(result.updated)} changed, ${formatCount(result.unchanged)} unchanged; $${result.total_cost} USD${unpriced}.\n`,
  );
}

function errorLines(result: ImportResult): string[] {
  const lines = result.errors.map((e) => {
    const where = e.column === undefined ? e.field : `column "${e.column}" (${e.field})`;
    return `  line ${e.line}, ${where}: ${e.message}\n`;
  });
  if (result.more_errors > 0)
    lines.push(`  … and ${formatCount(result.more_errors)} more errors\n`);
  return lines;
}
