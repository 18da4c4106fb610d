/** The results: three console tables, and the Markdown file with the query plans. */
import { consoleTable, markdownTable, writeFile } from "../lib/report.ts";
import { formatInt, mib } from "../lib/stats.ts";
import type { Environment } from "./environment.ts";
import type { Measurement } from "./measure.ts";
import { type Options, SCENARIO_TITLES, TARGET_MS } from "./options.ts";
import { log } from "./progress.ts";
import { ROLLUP, ROLLUP_KEYS } from "./rollup.ts";

/** How the run went around the measurements: its length and the machine's load. */
export interface RunInfo {
  seconds: number;
  /** 1 / 5 / 15-minute load averages at the start and at the end. */
  load: { start: number[]; end: number[] };
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

const RESULT_HEAD = [
  "database",
  "scenario",
  "records",
  "current-month records",
  "median ms",
  "p90 ms",
  "min ms",
  "max ms",
  "baseline ms",
  "ratio",
  "/healthz ms",
  "response bytes",
  "< 1 s",
];

function resultRows(results: Measurement[]) {
  return results.map((r) => [
    r.title,
    r.scenario,
    formatInt(r.records),
    formatInt(r.currentMonthRecords),
    ms(r.overview.median),
    ms(r.overview.p90),
    ms(r.overview.min),
    ms(r.overview.max),
    ms(r.baseline.median),
    `${r.ratio.toFixed(1)}×`,
    ms(r.health.median),
    formatInt(r.responseBytes),
    r.overview.median < TARGET_MS ? "met" : "MISSED",
  ]);
}

const QUERY_HEAD = [
  "database",
  "scenario",
  "query",
  "ms alone",
  "without counted rules ms",
  "what-if query ms",
  "over a daily rollup (what-if) ms",
];

function queryRows(results: Measurement[]) {
  return results.flatMap((r) =>
    r.queries
      .filter((q) => q.plainMs !== null)
      .map((q) => [
        r.title,
        r.scenario,
        q.label,
        ms(q.ms),
        ms(q.plainMs ?? 0),
        q.tableScanMs === null ? "—" : ms(q.tableScanMs),
        q.rollupMs === null ? "—" : ms(q.rollupMs),
      ]),
  );
}

const SETUP_HEAD = [
  "database",
  "scenario",
  "load s",
  "records/s",
  "ANALYZE s",
  "size MiB",
  "current-month records counted",
];

function setupRows(results: Measurement[]) {
  return results.map((r) => [
    r.title,
    r.scenario,
    r.loadSeconds.toFixed(1),
    formatInt(r.records / r.loadSeconds),
    r.analyzeSeconds.toFixed(1),
    formatInt(mib(r.sizeBytes)),
    formatInt(r.currentMonthCounted),
  ]);
}

/** Prints the tables and writes the Markdown results to `options.out`. */
export function report(results: Measurement[], env: Environment, run: RunInfo, options: Options) {
  const loadText = (l: number[]) => l.map((x) => x.toFixed(2)).join(" / ");
  const rows = resultRows(results);
  const queries = queryRows(results);
  const setup = setupRows(results);
  const bookkeeping = results.map((r) => {
    const qs = r.queries.filter((q) => q.plainMs === null);
    return `${r.title} · ${r.scenario}: ${qs.length} queries, ${ms(qs.reduce((sum, q) => sum + q.ms, 0))} ms together`;
  });

  console.log(consoleTable(RESULT_HEAD, rows));
  console.log(consoleTable(QUERY_HEAD, queries));
  console.log(consoleTable(SETUP_HEAD, setup));

  const plans = results.flatMap((r) =>
    r.queries
      .filter((q) => q.plan)
      .map((q) =>
        [
          `### ${r.title} · ${r.scenario} · ${q.label} (${ms(q.ms)} ms alone)`,
          "",
          "```",
          q.plan,
          "```",
        ].join("\n"),
      ),
  );
  const sample = results
    .find((r) => r.dialect === "postgres")
    ?.queries.find((q) => q.label.includes("model, project"));

  const markdown = [
    "# Overview benchmark",
    "",
    `Measured ${new Date().toISOString()} on ${env.cpus} × ${env.cpu} (${env.memoryGiB} GiB), ${env.platform}, ` +
      `Node ${env.node}, PostgreSQL ${env.postgres ?? "n/a"} (${env.postgresSettings ?? "n/a"}), commit ${env.commit ?? "unknown"}.`,
    `\`GET /api/v1/overview\` through the Hono app (\`app.request\`, bearer token), as of ${options.today}: ` +
      `${options.warmup} warm-up requests, then ${options.runs} rounds, each timing on every database the baseline ` +
      "(`select count(*), sum(total_tokens) from usage_records`: one pass over every row), `GET /healthz` and the overview. " +
      `Whole run ${run.seconds.toFixed(0)} s. The machine was shared with other work: 1 / 5 / 15-minute load average ` +
      `${loadText(run.load.start)} at the start, ${loadText(run.load.end)} at the end, on ${env.cpus} cores.`,
    "",
    markdownTable(RESULT_HEAD, rows),
    "",
    `Target: the median under ${formatInt(TARGET_MS)} ms. Ratio: the overview's median over the baseline's median, ` +
      "both from the same rounds.",
    "",
    ...options.scenarios.map((id) => `- \`${id}\`: ${SCENARIO_TITLES[id]}`),
    "",
    "## Where the time goes",
    "",
    "The overview's queries as the app builds them (captured through a Kysely plugin), each run alone " +
      "three times after the rounds (median); next to each, the same groups and sums over the same dates " +
      "without the counted rules (no official-coverage or reconciliation subqueries). The overview runs " +
      "its queries concurrently: on PostgreSQL each on a pooled connection of its own, so it takes about as " +
      "long as the slowest; on SQLite one after another on its one connection, so about their sum. " +
      "What-if query column, SQLite only, checked to return the same rows: the same query with " +
      '`from "usage_records" not indexed`: a scan of the table instead of a walk of `usage_records_date_idx` ' +
      "with a lookup of every row. Rollup column, what-if, checked to return the same rows: the same query " +
      `over a daily rollup of the records (table \`${ROLLUP}\`, one row per ${ROLLUP_KEYS.join(", ")}, with ` +
      "the sums and a count; only the table name and `count(*)` → `sum(records)` changed), built in the " +
      "scratch database after the rounds.",
    "",
    markdownTable(QUERY_HEAD, queries),
    "",
    ...bookkeeping.map((b) => `- bookkeeping (accounts, sync status, sync runs): ${b}`),
    ...results.map(
      (r) =>
        `- daily rollup (what-if) · ${r.title} · ${r.scenario}: ${formatInt(r.rollup.currentMonthRows)} rows for the ` +
        `current month's ${formatInt(r.currentMonthRecords)} records, ${formatInt(r.rollup.lastMonthRows)} for the last month; ` +
        `built from all records in ${r.rollup.buildSeconds.toFixed(1)} s`,
    ),
    "",
    "## Setup",
    "",
    markdownTable(SETUP_HEAD, setup),
    "",
    `Loaded through \`ctx.usage.upsertMany\` (the storage layer's batch upsert) in batches of ${formatInt(options.batchSize)}, ` +
      "in time order, then `VACUUM (ANALYZE)` on PostgreSQL and `ANALYZE` on SQLite (checked: " +
      "`pg_stat_user_tables.last_analyze`, `sqlite_stat1`). Size: `pg_total_relation_size('usage_records')`; the SQLite file.",
    "",
    "## Query plans",
    "",
    "EXPLAIN QUERY PLAN on SQLite, EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL, each right after the query was timed alone.",
    "",
    ...(sample
      ? [
          "The current month's query as PostgreSQL receives it (last month's differs in the grouping and dates):",
          "",
          "```sql",
          sample.sql,
          "```",
          "",
        ]
      : []),
    ...plans.flatMap((p) => [p, ""]),
    "Generated by `node bin/run-ts.js bench/overview.ts`; see bench/README.md for the data and what each figure means.",
  ].join("\n");
  writeFile(options.out, markdown);
  log(`wrote ${options.out}`);
}
