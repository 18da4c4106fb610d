import type { Command } from "commander";
import { formatUsd, parseScaledDecimal, parseUsd } from "../../core/money.ts";
import { estimateGaps } from "../../services/estimate-gaps.ts";
import { parseDimensions, type Summary, summarizeUsage } from "../../services/reports.ts";
import type { GroupDimension } from "../../storage/usage-repository.ts";
import { type CliDeps, withRuntime } from "../main.ts";
import { formatCount, printJson, renderCsv, renderTable } from "../output.ts";

const HEADINGS: Record<GroupDimension, string> = {
  provider: "Provider",
  model: "Model",
  account_id: "Account",
  date: "Date",
  month: "Month",
  confidence: "Confidence",
  project: "Project",
};

const NUMBER_COLUMNS = [
  ["requests", "Requests"],
  ["prompt_tokens", "Input"],
  ["completion_tokens", "Output"],
  ["cache_read_tokens", "Cache Read"],
  ["total_tokens", "Total Tokens"],
] as const;

interface ReportOptions {
  from?: string;
  to?: string;
  by?: string;
  provider?: string;
  account?: string;
  model?: string;
  project?: string;
  confidence?: string;
  json?: boolean;
  csv?: boolean;
  gaps?: boolean;
}

async function printGaps(deps: CliDeps, options: ReportOptions): Promise<void> {
  const result = await withRuntime(deps, ({ ctx }) =>
    estimateGaps(ctx, { from: options.from, to: options.to, account_id: options.account }),
  );
  if (options.json) return printJson(deps.io, result);
  if (result.days.length === 0)
    return deps.io.stdout("No days with both official data and captured estimates.\n");
  const rows = result.days.map((d) => [
    d.account_id,
    d.date,
    `$${d.official_total}`,
    `$${d.estimated_total}`,
    `$${d.gap}`,
  ]);
  deps.io.stdout(
    `${renderTable(["Account", "Date", "Official", "Estimated", "Gap"], rows, [false, false, true, true, true])}\n`,
  );
}

export function registerReport(program: Command, deps: CliDeps): void {
  program
    .command("report")
    .description("Spend and tokens for a period, grouped (dates are UTC; --to is exclusive)")
    .option("--from <date>", "first day, YYYY-MM-DD (inclusive)")
    .option("--to <date>", "end day, YYYY-MM-DD (exclusive)")
    .option(
      "--by <dimensions>",
      "comma-separated: provider, model, account, day, month, confidence, project",
    )
    .option("--provider <provider>", "only this provider")
    .option("--account <id>", "only this account")
    .option("--model <model>", "only this model")
    .option("--project <project>", "only this project")
    .option("--confidence <level>", "only official, estimated, manual or reconciled")
    .option("--gaps", "instead: captured estimates next to official figures, per account and day")
    .option("--json", "print the summary as JSON")
    .option("--csv", "print one CSV row per group")
    .action(async (options: ReportOptions) => {
      if (options.gaps) return printGaps(deps, options);
      const summary = await withRuntime(deps, ({ ctx }) =>
        summarizeUsage(ctx, {
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
      if (options.json) return printJson(deps.io, summary);
      if (options.csv) return deps.io.stdout(toCsv(summary));
      deps.io.stdout(toTable(summary));
      if (summary.unpriced_records > 0) {
        deps.io.stderr(
          `warning: ${summary.unpriced_records} records have no price (unknown model); their cost is not in the total\n`,
        );
      }
    });
}

function toCsv(summary: Summary): string {
  const head = [
    ...summary.group_by,
    ...NUMBER_COLUMNS.map(([key]) => key),
    "total_cost",
    "currency",
  ];
  const rows = summary.groups.map((group) => [
    ...summary.group_by.map((d) => (group[d] ?? null) as string | null),
    ...NUMBER_COLUMNS.map(([key]) => group[key] as number),
    group.total_cost as string,
    "USD",
  ]);
  return renderCsv(head, rows);
}

function toTable(summary: Summary): string {
  const period = `${summary.from ?? "the beginning"} to ${summary.to ? `${summary.to} (exclusive)` : "now"}`;
  if (summary.records === 0) return `No usage recorded from ${period}.\n`;
  const head = [
    ...summary.group_by.map((d) => HEADINGS[d]),
    ...NUMBER_COLUMNS.map(([, h]) => h),
    "Cost (USD)",
  ];
  const align = head.map((_, i) => i >= summary.group_by.length);
  const rows = summary.groups.map((group) => [
    ...summary.group_by.map((d) =>
      String((d === "confidence" ? group.confidence_label : group[d]) ?? "(none)"),
    ),
    ...NUMBER_COLUMNS.map(([key]) => formatCount(group[key] as number)),
    `$${group.total_cost}`,
  ]);
  if (summary.group_by.length > 0) {
    const total = (key: string) => summary.groups.reduce((sum, g) => sum + (g[key] as number), 0);
    const totalCost = summary.groups.reduce((sum, g) => sum + parseUsd(g.total_cost as string), 0n);
    rows.push([
      "Total",
      ...summary.group_by.slice(1).map(() => ""),
      ...NUMBER_COLUMNS.map(([key]) => formatCount(total(key))),
      `$${formatUsd(totalCost)}`,
    ]);
  }
  return `Usage from ${period}\n${renderTable(head, rows, align)}\nTotal: $${summary.total_cost} USD\nConfidence: ${confidenceWords(summary)}\n`;
}

/** "Official", or "Mixed — Official $x (80.00%), Estimated $y (20.00%)": the dashboard's badge words. */
function confidenceWords(summary: Summary): string {
  const { confidence } = summary;
  if (confidence.level !== "mixed") return confidence.label;
  const parts = confidence.shares.map((s) => {
    // A share too small for four decimals is shown as such, never as a misleading 0.00%.
    const pct =
      s.share === null ? "" : s.share === "0.0000" ? " (<0.01%)" : ` (${sharePercent(s.share)}%)`;
    return `${s.label} $${s.total_cost}${pct}`;
  });
  return `Mixed — ${parts.join(", ")}`;
}

/** "0.8234" → "82.34", exactly (a share has four decimals). */
function sharePercent(share: string): string {
  const units = parseScaledDecimal(share, 4);
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  return `${negative ? "-" : ""}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, "0")}`;
}
