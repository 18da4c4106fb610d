/** Output for benchmark results: a console table, a Markdown table, and the JSON file. */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, platform, release, totalmem } from "node:os";
import { dirname } from "node:path";
import Table from "cli-table3";

/** The machine a result was measured on; figures only compare on like machines. */
export function machine() {
  const cpuList = cpus();
  return {
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpu: cpuList[0]?.model.trim() ?? "unknown",
    cpus: cpuList.length,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
  };
}

export function consoleTable(head: string[], rows: (string | number)[][]): string {
  const table = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) table.push(row.map(String));
  return table.toString();
}

export function markdownTable(head: string[], rows: (string | number)[][]): string {
  const cell = (value: string | number) => String(value).replaceAll("|", "\\|");
  const lines = [
    `| ${head.map(cell).join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ];
  return lines.join("\n");
}

export function writeFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text.endsWith("\n") ? text : `${text}\n`);
}
