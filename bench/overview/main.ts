/**
 * The run: options, then per scenario fresh databases, loading, the rounds and the profiles,
 * then the report. Every database is removed when its scenario ends, also on failure or Ctrl-C.
 */
import { loadavg } from "node:os";
import { Cleanup } from "../lib/cleanup.ts";
import { formatInt, mib, round } from "../lib/stats.ts";
import { type BenchDb, openBenchDb } from "./bench-db.ts";
import { environment } from "./environment.ts";
import { type LedgerFacts, planLedger } from "./ledger.ts";
import { load } from "./load.ts";
import { type Measurement, measure, timing } from "./measure.ts";
import {
  DIALECT_TITLES,
  type Dialect,
  type Options,
  readOptions,
  type ScenarioId,
  TARGET_MS,
} from "./options.ts";
import { profile } from "./profile.ts";
import { log } from "./progress.ts";
import { report } from "./report.ts";

async function runScenario(
  scenario: ScenarioId,
  options: Options,
  cleanup: Cleanup,
): Promise<Measurement[]> {
  const plan = planLedger(scenario, options.records, options.today);
  const currentMonth = options.today.slice(0, 7);
  log(
    `${scenario}: ${formatInt(plan.total)} records over ${plan.months[0]} … ${currentMonth}, ` +
      `${formatInt(plan.days.filter((d) => d.date.startsWith(currentMonth)).reduce((s, d) => s + d.count, 0))} in the current month`,
  );
  const results: Measurement[] = [];
  const dbs: BenchDb[] = [];
  const facts = new Map<Dialect, LedgerFacts>();
  try {
    for (const dialect of options.dialects) {
      const db = await openBenchDb(dialect, scenario, options.today, cleanup);
      dbs.push(db);
      log(`  loading ${DIALECT_TITLES[dialect]} (${db.store.description})`);
      facts.set(dialect, await load(db, plan, options.today, options.batchSize));
      log(
        `  ${DIALECT_TITLES[dialect]}: loaded in ${db.loadSeconds.toFixed(1)} s, ` +
          `ANALYZE ${db.analyzeSeconds.toFixed(1)} s, ${formatInt(mib(db.sizeBytes))} MiB`,
      );
    }
    log(`  measuring: ${options.warmup} warm-up, ${options.runs} rounds`);
    const samples = await measure(dbs, facts, options);
    for (const db of dbs) {
      log(`  profiling ${db.title}: each query alone, and its plan`);
      const s = samples.get(db.dialect);
      const f = facts.get(db.dialect);
      if (!s || !f) continue;
      const overview = timing(s.overview);
      const baseline = timing(s.baseline);
      results.push({
        scenario,
        title: db.title,
        dialect: db.dialect,
        records: f.rows,
        currentMonthRecords: f.currentMonthRows,
        currentMonthCounted: f.currentMonthCounted,
        overview,
        baseline,
        health: timing(s.health),
        ratio: round(overview.median / baseline.median, 2),
        responseBytes: s.bytes,
        loadSeconds: db.loadSeconds,
        analyzeSeconds: db.analyzeSeconds,
        sizeBytes: db.sizeBytes,
        ...(await profile(db, options.today)),
      });
    }
  } finally {
    for (const db of dbs.reverse()) await db.drop();
  }
  return results;
}

async function main(options: Options, cleanup: Cleanup) {
  const started = performance.now();
  const loadStart = loadavg();
  const env = await environment(options.dialects);
  log(`load average at start: ${loadStart.map((x) => x.toFixed(2)).join(" / ")}`);
  const results: Measurement[] = [];
  for (const scenario of options.scenarios) {
    results.push(...(await runScenario(scenario, options, cleanup)));
  }
  const loadEnd = loadavg();
  const seconds = (performance.now() - started) / 1000;
  report(results, env, { seconds, load: { start: loadStart, end: loadEnd } }, options);
  log(
    `whole run ${seconds.toFixed(0)} s; load average at end: ${loadEnd.map((x) => x.toFixed(2)).join(" / ")}`,
  );
  if (options.check && results.some((r) => r.overview.median >= TARGET_MS)) process.exitCode = 1;
}

/** Runs the benchmark from the command line; cleans up whatever happens. */
export async function runOverviewBenchmark(): Promise<void> {
  const options = readOptions();
  const cleanup = new Cleanup();
  cleanup.onSignals();
  try {
    await main(options, cleanup);
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await cleanup.runAll();
    // Everything is closed by now; should a library keep a handle open, do not hang the run.
    setTimeout(() => {
      log("exiting: a handle stayed open after cleanup");
      process.exit();
    }, 5_000).unref();
  }
}
