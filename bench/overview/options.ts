/**
 * What a run measures: the scenarios and databases, the target, and the command line, parsed
 * once at start-up and passed on from there.
 */
import { parseArgs } from "node:util";

export const SCENARIOS = ["realistic", "worst"] as const;
export type ScenarioId = (typeof SCENARIOS)[number];
export const DIALECTS = ["sqlite", "postgres"] as const;
export type Dialect = (typeof DIALECTS)[number];

export const SCENARIO_TITLES: Record<ScenarioId, string> = {
  realistic: "12 months of records, each holding about 1/12 of them, the current month included",
  worst: "the same 12 months, the current month holding 50% of the records and the last month 40%",
};
export const DIALECT_TITLES: Record<Dialect, string> = { sqlite: "SQLite", postgres: "PostgreSQL" };

/** The product target: the overview answers within this, with 1,000,000 records. */
export const TARGET_MS = 1_000;
export const ADMIN_TOKEN = "tl_admin_bench_overview_0123456789abcdefghijklmnop";

export interface Options {
  records: number;
  runs: number;
  warmup: number;
  batchSize: number;
  /** The as-of day (YYYY-MM-DD, UTC): the data covers the 12 months up to it. */
  today: string;
  scenarios: ScenarioId[];
  dialects: Dialect[];
  out: string;
  check: boolean;
}

/** Parses the command line; prints the usage and exits on `--help`. */
export function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      records: { type: "string", default: "1000000" },
      runs: { type: "string", default: "15" },
      warmup: { type: "string", default: "2" },
      "batch-size": { type: "string", default: "10000" },
      today: { type: "string", default: "2026-11-28" },
      scenarios: { type: "string", default: SCENARIOS.join(",") },
      only: { type: "string", default: DIALECTS.join(",") },
      out: { type: "string", default: "bench/results/overview.md" },
      check: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(
      [
        "usage: node bin/run-ts.js bench/overview.ts [options]",
        "  --records N       usage records in the ledger per scenario (default 1000000)",
        "  --runs N          timed overview requests per database and scenario (default 15)",
        "  --warmup N        untimed overview requests per database first (default 2)",
        "  --batch-size N    records per upsertMany call while loading (default 10000)",
        "  --today DATE      the as-of day (UTC) the data is generated around (default 2026-11-28)",
        `  --scenarios LIST  comma-separated subset of: ${SCENARIOS.join(", ")}`,
        `  --only LIST       comma-separated subset of: ${DIALECTS.join(", ")}`,
        "  --out FILE        Markdown results (default bench/results/overview.md)",
        "  --check           exit with status 1 when the 1 s target is missed",
        "  PostgreSQL: TOKENLEDGER_BENCH_POSTGRES_URL (a server URL; a database is created per scenario)",
      ].join("\n"),
    );
    process.exit(0);
  }
  const positive = (name: string, text: string) => {
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new Error(`--${name} must be a positive whole number, got ${JSON.stringify(text)}`);
    }
    return value;
  };
  const subset = <T extends string>(name: string, text: string, all: readonly T[]): T[] => {
    const chosen = text.split(",").map((s) => s.trim()) as T[];
    for (const item of chosen) {
      if (!all.includes(item)) throw new Error(`--${name}: unknown "${item}"; one of ${all}`);
    }
    return all.filter((item) => chosen.includes(item));
  };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.today) || Number.isNaN(Date.parse(values.today))) {
    throw new Error(`--today must be a date YYYY-MM-DD, got ${JSON.stringify(values.today)}`);
  }
  return {
    records: positive("records", values.records),
    runs: positive("runs", values.runs),
    warmup: positive("warmup", values.warmup),
    batchSize: positive("batch-size", values["batch-size"]),
    today: values.today,
    scenarios: subset("scenarios", values.scenarios, SCENARIOS),
    dialects: subset("only", values.only, DIALECTS),
    out: values.out,
    check: values.check,
  };
}
