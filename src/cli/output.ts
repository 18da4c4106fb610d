/** Output for commands: JSON for scripts, tables for people, CSV for spreadsheets. */
import Table from "cli-table3";
import { TokenLedgerError } from "../core/errors.ts";
import { ProviderError } from "../providers/errors.ts";

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal (progress bars); false in pipes and tests. */
  isTty: boolean;
  /** All of standard input (secrets are read from here, never from argv). */
  readStdin: () => Promise<string>;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stderr.isTTY),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
};

export function printJson(io: Io, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

export function renderTable(
  head: string[],
  rows: (string | number)[][],
  alignRight: boolean[] = [],
): string {
  const table = new Table({
    head,
    style: { head: process.env.NO_COLOR || !process.stdout.isTTY ? [] : ["cyan"], border: [] },
    colAligns: head.map((_, i) => (alignRight[i] ? "right" : "left")),
  });
  for (const row of rows) table.push(row.map(String));
  return table.toString();
}

export function renderCsv(head: string[], rows: (string | number | null)[][]): string {
  const cell = (value: string | number | null) => {
    const text = value === null ? "" : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `${[head, ...rows].map((row) => row.map(cell).join(",")).join("\n")}\n`;
}

/** Formats an integer with thousands separators, independent of locale. */
export function formatCount(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Prints an expected error (no stack trace) and returns the exit code. */
export function reportError(io: Io, error: unknown, json: boolean): number {
  if (!(error instanceof TokenLedgerError)) throw error;
  // Provider failures name their class (auth, rate_limit, billing, transient, bad_response).
  const errorClass = error instanceof ProviderError ? error.errorClass : undefined;
  if (json) {
    const body = {
      code: error.code,
      message: error.message,
      details: error.details,
      error_class: errorClass,
    };
    printJson(io, { error: body });
    return 1;
  }
  io.stderr(`error: ${errorClass ? `[${errorClass}] ` : ""}${error.message}\n`);
  for (const detail of error.details) {
    const where = [
      detail.index !== undefined ? `record ${detail.index}` : "",
      detail.field ?? "",
    ].filter(Boolean);
    io.stderr(`  ${where.join(" ")}: ${detail.message}\n`);
  }
  return 1;
}
