/**
 * Where the time goes: each query the overview sends, captured exactly as the app builds it,
 * timed alone; next to it the same grouping without the counted rules, the what-ifs (SQLite:
 * a table scan instead of the date index; both: the query over a daily rollup), each checked to
 * answer the same rows, and the query plan.
 */
import {
  CompiledQuery,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from "kysely";
import { createServiceContext } from "../../src/services/context.ts";
import type { Store } from "../../src/storage/database.ts";
import { spread } from "../lib/stats.ts";
import { type BenchDb, benchApp } from "./bench-db.ts";
import { monthsEndingAt } from "./ledger.ts";
import { ADMIN_TOKEN, type Dialect } from "./options.ts";
import { ensureRollup, overRollup, type Rollup } from "./rollup.ts";

export interface QueryProfile {
  label: string;
  sql: string;
  parameters: readonly unknown[];
  ms: number;
  /** The same grouping and sums over the same dates without the counted rules (no subqueries). */
  plainMs: number | null;
  /** What-if (SQLite): the query with the table scanned instead of the date index walked. */
  tableScanMs: number | null;
  /** What-if: the same query over a daily rollup of the records (see rollup.ts). */
  rollupMs: number | null;
  plan: string;
}

/** Records every query built through it (the overview's own queries, as the app sends them). */
class QueryRecorder implements KyselyPlugin {
  readonly queries: { node: RootOperationNode; queryId: QueryId }[] = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.queries.push({ node: args.node, queryId: args.queryId });
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

function datesOf(parameters: readonly unknown[]): string[] {
  return parameters.filter(
    (p): p is string => typeof p === "string" && /^\d{4}-\d{2}-\d{2}$/.test(p),
  );
}

function groupsOf(text: string): string {
  return /group by (.*?) order by/.exec(text)?.[1] ?? "";
}

function labelOf(text: string, parameters: readonly unknown[]): string {
  if (!text.includes('from "usage_records"')) {
    const table = /from "(\w+)"/.exec(text)?.[1] ?? "?";
    return `bookkeeping: ${table}`;
  }
  return `usage_records ${datesOf(parameters).join(" ≤ date < ")} by ${groupsOf(text).replaceAll('"', "")}`;
}

/**
 * The floor under a summarize query: the same groups and sums over the same date range, but
 * without the counted rules (the official-coverage and reconciliation subqueries).
 */
function plainQuery(dialect: Dialect, text: string, parameters: readonly unknown[]): CompiledQuery {
  const groups = groupsOf(text);
  const [from, to] = datesOf(parameters);
  const [p1, p2] = dialect === "postgres" ? ["$1", "$2"] : ["?", "?"];
  const sums = [
    "cost_nanos",
    "prompt_tokens",
    "completion_tokens",
    "total_tokens",
    "cache_read_tokens",
    "requests",
    "search_queries",
    "unpriced",
  ].map((c) => `sum("${c}")`);
  return CompiledQuery.raw(
    `select ${groups}, ${sums.join(", ")}, count(*) from "usage_records" where "date" >= ${p1} and "date" < ${p2} group by ${groups} order by ${groups}`,
    [from, to],
  );
}

/**
 * What-if (SQLite): the query with `NOT INDEXED` on usage_records, so SQLite scans the table
 * in rowid order instead of walking usage_records_date_idx and looking up every row it finds.
 */
function tableScan(query: CompiledQuery): CompiledQuery | null {
  const marker = 'from "usage_records" where';
  if (!query.sql.includes(marker)) return null;
  return CompiledQuery.raw(query.sql.replace(marker, 'from "usage_records" not indexed where'), [
    ...query.parameters,
  ]);
}

/** Median time of `runs` executions, and the rows of the last. */
async function timeAlone(
  db: BenchDb,
  query: CompiledQuery,
  runs = 3,
): Promise<{ ms: number; rows: unknown[] }> {
  const times: number[] = [];
  let rows: unknown[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    rows = (await db.store.db.executeQuery(query)).rows;
    times.push(performance.now() - started);
  }
  return { ms: spread(times).median, rows };
}

/** The overview's queries, as the app builds them: one overview through a recording plugin. */
async function captureQueries(db: BenchDb): Promise<CompiledQuery[]> {
  const recorder = new QueryRecorder();
  const recordingStore: Store = { ...db.store, db: db.store.db.withPlugin(recorder) };
  const app = benchApp(createServiceContext(recordingStore, { now: db.ctx.now }));
  const response = await app.request("/api/v1/overview", {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  await response.text();
  const executor = db.store.db.getExecutor();
  return recorder.queries.map(({ node, queryId }) => executor.compileQuery(node, queryId));
}

/** Each of the overview's queries alone, its floor, its what-ifs and its plan. */
export async function profile(
  db: BenchDb,
  today: string,
): Promise<{ queries: QueryProfile[]; rollup: Rollup }> {
  const months = monthsEndingAt(today);
  const rollup = await ensureRollup(db, `${months[11]}-01`, `${months[10]}-01`);
  const profiles: QueryProfile[] = [];
  for (const query of await captureQueries(db)) {
    const label = labelOf(query.sql, query.parameters);
    const usage = label.startsWith("usage_records");
    const alone = await timeAlone(db, query);
    const plainMs = usage
      ? (await timeAlone(db, plainQuery(db.dialect, query.sql, query.parameters), 2)).ms
      : null;
    const scanned = usage && db.dialect === "sqlite" ? tableScan(query) : null;
    let tableScanMs: number | null = null;
    if (scanned) {
      const scannedAlone = await timeAlone(db, scanned);
      // The what-if must answer exactly what the query answers.
      if (!sameRows(alone.rows, scannedAlone.rows)) {
        throw new Error(`${db.title}: the what-if query answers differently`);
      }
      tableScanMs = scannedAlone.ms;
    }
    const rolled = usage ? overRollup(query) : null;
    let rollupMs: number | null = null;
    if (rolled) {
      const rollupAlone = await timeAlone(db, rolled);
      if (!sameRows(alone.rows, rollupAlone.rows)) {
        throw new Error(`${db.title}: the query over the rollup answers differently`);
      }
      rollupMs = rollupAlone.ms;
    }
    profiles.push({
      label,
      sql: query.sql,
      parameters: query.parameters,
      ms: alone.ms,
      plainMs,
      tableScanMs,
      rollupMs,
      plan: usage ? await explain(db, query) : "",
    });
  }
  return { queries: profiles, rollup };
}

/** EXPLAIN QUERY PLAN on SQLite, EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL, as text. */
async function explain(db: BenchDb, query: CompiledQuery): Promise<string> {
  const text =
    db.dialect === "postgres"
      ? `explain (analyze, buffers) ${query.sql}`
      : `explain query plan ${query.sql}`;
  const result = await db.store.db.executeQuery<Record<string, unknown>>(
    CompiledQuery.raw(text, [...query.parameters]),
  );
  return db.dialect === "postgres"
    ? result.rows.map((r) => String(r["QUERY PLAN"])).join("\n")
    : sqlitePlan(result.rows);
}

/**
 * The same answer: equal values, whichever way the driver returns a whole number (PostgreSQL
 * sends sum(bigint) as numeric text, count(*) as bigint).
 */
function sameRows(a: unknown[], b: unknown[]): boolean {
  const text = (rows: unknown[]) =>
    JSON.stringify(rows, (_, v) => (typeof v === "bigint" || typeof v === "number" ? `${v}` : v));
  return text(a) === text(b);
}

/** EXPLAIN QUERY PLAN rows as the sqlite3 shell prints them: a tree by parent id. */
function sqlitePlan(rows: Record<string, unknown>[]): string {
  const depth = new Map<string, number>([["0", -1]]);
  return rows
    .map((row) => {
      const d = (depth.get(String(row.parent)) ?? -1) + 1;
      depth.set(String(row.id), d);
      return `${"  ".repeat(d)}${String(row.detail)}`;
    })
    .join("\n");
}
