/**
 * The timed part: a warm-up, then rounds in which every database in turn (order alternating)
 * runs the baseline, `GET /healthz` and the overview through the app. Medians, p90, min, max.
 */
import { CompiledQuery } from "kysely";
import type { Overview } from "../../src/services/overview.ts";
import { spread } from "../lib/stats.ts";
import type { BenchDb } from "./bench-db.ts";
import { FAILING_ACCOUNT, type LedgerFacts } from "./ledger.ts";
import { ADMIN_TOKEN, type Dialect, type ScenarioId } from "./options.ts";
import type { QueryProfile } from "./profile.ts";
import { log } from "./progress.ts";
import type { Rollup } from "./rollup.ts";

export interface Timing {
  median: number;
  p90: number;
  min: number;
  max: number;
}

/** Median, p90 (nearest rank), min and max of a non-empty list. */
export function timing(values: readonly number[]): Timing {
  const sorted = [...values].sort((a, b) => a - b);
  const s = spread(values);
  const p90 = sorted[Math.max(0, Math.ceil(0.9 * sorted.length) - 1)] as number;
  return { median: s.median, p90, min: s.min, max: s.max };
}

/** Everything measured on one database in one scenario. */
export interface Measurement {
  scenario: ScenarioId;
  title: string;
  dialect: Dialect;
  records: number;
  currentMonthRecords: number;
  currentMonthCounted: number;
  overview: Timing;
  baseline: Timing;
  health: Timing;
  ratio: number;
  responseBytes: number;
  loadSeconds: number;
  analyzeSeconds: number;
  sizeBytes: number;
  queries: QueryProfile[];
  rollup: Rollup;
}

/** The samples of a database's rounds, in milliseconds, and the last response's size. */
export interface Samples {
  overview: number[];
  baseline: number[];
  health: number[];
  bytes: number;
}

async function overviewRequest(db: BenchDb): Promise<{ ms: number; bytes: number; body: string }> {
  const started = performance.now();
  const response = await db.app.request("/api/v1/overview", {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  const body = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) {
    throw new Error(`${db.dialect}: overview answered ${response.status}: ${body.slice(0, 300)}`);
  }
  return { ms, bytes: Buffer.byteLength(body), body };
}

async function healthRequest(db: BenchDb): Promise<number> {
  const started = performance.now();
  const response = await db.app.request("/healthz");
  await response.text();
  if (response.status !== 200) throw new Error(`${db.dialect}: /healthz ${response.status}`);
  return performance.now() - started;
}

/**
 * The baseline: one pass over every row of the table. A bare `count(*)` would not do: SQLite
 * answers it from the b-tree's page headers without reading a row (0.3 ms for 100,000 rows),
 * and PostgreSQL from an index-only scan.
 */
const BASELINE_SQL = "select count(*) as n, sum(total_tokens) as tokens from usage_records";

async function baselineQuery(db: BenchDb): Promise<number> {
  const started = performance.now();
  await db.store.db.executeQuery(CompiledQuery.raw(BASELINE_SQL, []));
  return performance.now() - started;
}

/** The overview's answer must be the ledger's month: records counted, top lists, sync error. */
function checkOverview(db: BenchDb, body: string, facts: LedgerFacts, today: string) {
  const overview = JSON.parse(body) as Overview;
  const problems: string[] = [];
  if (overview.today !== today) problems.push(`today ${overview.today}`);
  if (overview.records !== facts.currentMonthCounted) {
    problems.push(`records ${overview.records}, expected ${facts.currentMonthCounted}`);
  }
  if (overview.daily.length !== Number(today.slice(8, 10))) {
    problems.push(`${overview.daily.length} days`);
  }
  if (overview.top_models.length !== 5 || overview.top_projects.length !== 5) {
    problems.push("top lists not full");
  }
  if (overview.sync_errors.length !== 1 || overview.sync_errors[0]?.name !== FAILING_ACCOUNT) {
    problems.push(`sync errors ${JSON.stringify(overview.sync_errors)}`);
  }
  if (!(Number(overview.last_month) > 0 && Number(overview.month_to_date) > 0)) {
    problems.push("no spend");
  }
  if (problems.length > 0) throw new Error(`${db.dialect}: wrong overview: ${problems.join("; ")}`);
}

/** Warm-up, then rounds: in each, every database in turn (order alternating) runs all three. */
export async function measure(
  dbs: BenchDb[],
  facts: Map<Dialect, LedgerFacts>,
  rounds: { warmup: number; runs: number; today: string },
): Promise<Map<Dialect, Samples>> {
  const samples = new Map<Dialect, Samples>(
    dbs.map((db) => [db.dialect, { overview: [], baseline: [], health: [], bytes: 0 }]),
  );
  for (const db of dbs) {
    for (let i = 0; i < rounds.warmup; i++) {
      const { body } = await overviewRequest(db);
      if (i === 0) checkOverview(db, body, facts.get(db.dialect) as LedgerFacts, rounds.today);
      await baselineQuery(db);
      await healthRequest(db);
    }
  }
  for (let round = 0; round < rounds.runs; round++) {
    const order = round % 2 === 0 ? dbs : [...dbs].reverse();
    for (const db of order) {
      const s = samples.get(db.dialect);
      if (!s) continue;
      s.baseline.push(await baselineQuery(db));
      s.health.push(await healthRequest(db));
      const result = await overviewRequest(db);
      s.overview.push(result.ms);
      s.bytes = result.bytes;
    }
    log(
      `    round ${round + 1}/${rounds.runs}: ` +
        dbs
          .map((db) => `${db.title} ${samples.get(db.dialect)?.overview.at(-1)?.toFixed(0)} ms`)
          .join(", "),
    );
  }
  return samples;
}
