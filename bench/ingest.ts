/**
 * Ingest throughput, side by side in one run:
 *
 *   validate          baseline: `validateUsageRecord` alone on the same records (no I/O)
 *   sqlite            `ingestUsage` into a fresh SQLite file            target ≥ 50,000 records/s
 *   reingest-sqlite   the same batches again: the idempotent no-op path
 *   postgres          `ingestUsage` into a fresh PostgreSQL database    target ≥ 20,000 records/s
 *   reingest-postgres the same batches again on PostgreSQL
 *   postgres-parallel `ingestUsage` into a fresh PostgreSQL database, 4 batches in flight
 *   http-sqlite       POST /api/v1/usage to the real server (own process) on SQLite
 *   http-postgres     the same on PostgreSQL
 *
 * Batches of 1,000 realistic records; a warm-up first, then several timed rounds per scenario;
 * medians with min/max over rounds. Prints a table and writes JSON and Markdown results.
 *
 *   node bin/run-ts.js bench/ingest.ts [--records N] [--out bench/results/ingest.json]
 *     [--rounds 5] [--warmup 5] [--batch-size 1000] [--connections 4] [--only a,b] [--check]
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { validateUsageRecord } from "../src/core/usage-record.ts";
import { createAccount } from "../src/services/accounts.ts";
import { createServiceContext, type ServiceContext } from "../src/services/context.ts";
import { type IngestResult, ingestUsage } from "../src/services/ingest.ts";
import { openStore, type Store } from "../src/storage/database.ts";
import { Cleanup } from "./lib/cleanup.ts";
import {
  type BenchDatabase,
  createPostgresDatabase,
  createSqliteDatabase,
  POSTGRES_ADMIN_URL,
  postgresVersion,
} from "./lib/databases.ts";
import { postBodies } from "./lib/http-load.ts";
import { consoleTable, machine, markdownTable, writeFile } from "./lib/report.ts";
import { startServerProcess } from "./lib/server-process.ts";
import {
  formatInt,
  mib,
  processPeakRssBytes,
  RssSampler,
  round,
  type Spread,
  splitInto,
  spread,
} from "./lib/stats.ts";
import { BENCH_ACCOUNTS, usageRecordGenerator, type WireRecord } from "./lib/usage-records.ts";

const SCENARIOS = [
  "validate",
  "sqlite",
  "reingest-sqlite",
  "postgres",
  "reingest-postgres",
  "postgres-parallel",
  "http-sqlite",
  "http-postgres",
] as const;
type ScenarioId = (typeof SCENARIOS)[number];

const TITLES: Record<ScenarioId, string> = {
  validate: "validation only (baseline)",
  sqlite: "service ingest · SQLite",
  "reingest-sqlite": "service re-ingest (no-op) · SQLite",
  postgres: "service ingest · PostgreSQL",
  "reingest-postgres": "service re-ingest (no-op) · PostgreSQL",
  "postgres-parallel": "service ingest · PostgreSQL · N in flight",
  "http-sqlite": "HTTP POST /api/v1/usage · SQLite",
  "http-postgres": "HTTP POST /api/v1/usage · PostgreSQL",
};

/** Records per second, on the median round. */
const TARGETS: Partial<Record<ScenarioId, number>> = { sqlite: 50_000, postgres: 20_000 };

const ADMIN_TOKEN = "tl_admin_bench_0123456789abcdefghijklmnopqrstuvwxyz";

interface ScenarioResult {
  id: ScenarioId;
  title: string;
  /** Records timed (warm-up excluded). */
  records: number;
  rounds: number;
  recordsPerSecond: Spread;
  /** Each round's records/s, in the order run. */
  roundsRecordsPerSecond: number[];
  /** All timed records over all timed rounds' time. */
  overallRecordsPerSecond: number;
  /** Service: time per batch call. HTTP: per-request latency (median of the rounds' p50, max of p99). */
  batchMs: { p50: number; p99: number };
  /** Peak RSS of the process doing the work: this one, or the server for HTTP. */
  peakRssMiB: number;
  target: { recordsPerSecond: number; met: boolean } | null;
}

interface Options {
  records: number;
  batchSize: number;
  rounds: number;
  warmupBatches: number;
  connections: number;
  out: string;
  only: Set<ScenarioId>;
  check: boolean;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      records: { type: "string", default: "100000" },
      "batch-size": { type: "string", default: "1000" },
      rounds: { type: "string", default: "5" },
      warmup: { type: "string", default: "5" },
      connections: { type: "string", default: "4" },
      out: { type: "string", default: "bench/results/ingest.json" },
      only: { type: "string" },
      check: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(
      [
        "usage: node bin/run-ts.js bench/ingest.ts [options]",
        "  --records N       records timed per scenario (default 100000)",
        "  --batch-size N    records per batch / request (default 1000)",
        "  --rounds N        timed rounds per scenario; medians are over rounds (default 5)",
        "  --warmup N        untimed warm-up batches per scenario (default 5)",
        "  --connections N   concurrent HTTP connections (default 4)",
        "  --out FILE        JSON results; Markdown goes next to it as .md",
        `  --only LIST       comma-separated subset of: ${SCENARIOS.join(", ")}`,
        "  --check           exit with status 1 when a target is missed",
        "  PostgreSQL: TOKENLEDGER_BENCH_POSTGRES_URL (a server URL; a database is created per run)",
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
  const only = new Set<ScenarioId>();
  for (const name of (values.only ?? SCENARIOS.join(",")).split(",")) {
    const id = name.trim() as ScenarioId;
    if (!SCENARIOS.includes(id)) {
      throw new Error(`unknown scenario "${name}"; choose from ${SCENARIOS.join(", ")}`);
    }
    only.add(id);
  }
  const batchSize = positive("batch-size", values["batch-size"]);
  const records = positive("records", values.records);
  return {
    records: Math.max(batchSize, Math.round(records / batchSize) * batchSize),
    batchSize,
    rounds: positive("rounds", values.rounds),
    warmupBatches: positive("warmup", values.warmup),
    connections: positive("connections", values.connections),
    out: values.out,
    only,
    check: values.check,
  };
}

const options = readOptions();
const cleanup = new Cleanup();
cleanup.onSignals();
const results: ScenarioResult[] = [];
/** Scenarios that failed; the others still run and are reported. */
const failures: { scenario: string; error: string }[] = [];
const runId = randomBytes(3).toString("hex");

function log(message: string) {
  process.stderr.write(`${message}\n`);
}

function record(result: ScenarioResult) {
  results.push(result);
  const target = result.target
    ? ` (target ${formatInt(result.target.recordsPerSecond)}: ${result.target.met ? "met" : "MISSED"})`
    : "";
  log(
    `  ${result.title}: ${formatInt(result.recordsPerSecond.median)} records/s median` +
      ` [${formatInt(result.recordsPerSecond.min)}–${formatInt(result.recordsPerSecond.max)}]${target}`,
  );
}

function makeResult(
  id: ScenarioId,
  roundTimes: { records: number; ms: number }[],
  batchMs: { p50: number; p99: number },
  peakRssBytes: number,
): ScenarioResult {
  const rates = roundTimes.map((r) => (r.records / r.ms) * 1000);
  const records = roundTimes.reduce((sum, r) => sum + r.records, 0);
  const ms = roundTimes.reduce((sum, r) => sum + r.ms, 0);
  const recordsPerSecond = spread(rates);
  const target = TARGETS[id];
  return {
    id,
    title: TITLES[id].replace("N in flight", `${options.connections} in flight`),
    records,
    rounds: roundTimes.length,
    recordsPerSecond: {
      median: round(recordsPerSecond.median, 0),
      min: round(recordsPerSecond.min, 0),
      max: round(recordsPerSecond.max, 0),
    },
    roundsRecordsPerSecond: rates.map((rate) => round(rate, 0)),
    overallRecordsPerSecond: round((records / ms) * 1000, 0),
    batchMs: { p50: round(batchMs.p50), p99: round(batchMs.p99) },
    peakRssMiB: mib(peakRssBytes),
    target:
      target === undefined
        ? null
        : { recordsPerSecond: target, met: recordsPerSecond.median >= target },
  };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Creates the bench accounts; returns them with their ids and traffic weights. */
async function seedAccounts(ctx: ServiceContext) {
  const accounts = [];
  for (const { provider, name, weight } of BENCH_ACCOUNTS) {
    const account = await createAccount(ctx, { provider, name });
    accounts.push({ id: account.id, provider: account.provider, weight });
  }
  return accounts;
}

/**
 * Warm-up and timed batches as JSON request bodies `{"records": [...]}`. Kept as strings, not
 * objects: 100,000 live record objects would make this process's garbage collector (and so
 * every figure) slower than a server's, which only ever holds the batches in flight.
 */
function makeBodies(
  accounts: Awaited<ReturnType<typeof seedAccounts>>,
  label: string,
  seed: number,
): { warmup: string[]; timed: string[] } {
  const generator = usageRecordGenerator(accounts, `${runId}_${label}`, seed);
  const body = () => JSON.stringify({ records: generator.batch(options.batchSize) });
  return {
    warmup: Array.from({ length: options.warmupBatches }, body),
    timed: Array.from({ length: options.records / options.batchSize }, body),
  };
}

interface Batch {
  records: WireRecord[];
}

/**
 * Times `work` over every batch, round by round, with `inFlight` batches at a time. Each
 * round's bodies are parsed before its clock starts (a service caller holds parsed input).
 */
async function timeRounds(
  bodies: readonly string[],
  work: (batch: Batch) => unknown,
  inFlight = 1,
  roundCount = options.rounds,
) {
  const rss = new RssSampler();
  const rounds: { records: number; ms: number }[] = [];
  const perBatch: number[] = [];
  for (const bodySlice of splitInto(bodies, roundCount)) {
    const slice = bodySlice.map((body) => JSON.parse(body) as Batch);
    let records = 0;
    let next = 0;
    const worker = async () => {
      for (let batch = slice[next++]; batch; batch = slice[next++]) {
        const batchStarted = performance.now();
        await work(batch);
        perBatch.push(performance.now() - batchStarted);
        records += batch.records.length;
        rss.sample();
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: inFlight }, worker));
    rounds.push({ records, ms: performance.now() - started });
  }
  return {
    rounds,
    batchMs: { p50: percentile(perBatch, 50), p99: percentile(perBatch, 99) },
    peakRssBytes: rss.peakBytes,
  };
}

function validateOnly({ records }: Batch) {
  for (let i = 0; i < records.length; i++) {
    if (!validateUsageRecord(records[i], i).ok)
      throw new Error(`record ${i} of a batch is invalid`);
  }
}

/** Ingests a batch and checks what the service says it did. */
function ingestExpecting(ctx: ServiceContext, expected: "inserted" | "unchanged") {
  return async (batch: Batch) => {
    const n = batch.records.length;
    const result = await ingestUsage(ctx, batch);
    expectIngest(
      result,
      expected === "inserted"
        ? { inserted: n, updated: 0, unchanged: 0 }
        : { inserted: 0, updated: 0, unchanged: n },
    );
  };
}

function expectIngest(result: IngestResult, expected: Partial<IngestResult>) {
  for (const [key, value] of Object.entries(expected)) {
    const actual = result[key as keyof IngestResult];
    if (actual !== value) {
      throw new Error(
        `ingest reported ${key}=${actual}, expected ${value}: ${JSON.stringify(result)}`,
      );
    }
  }
}

async function openBenchStore(database: BenchDatabase): Promise<Store> {
  const store = await openStore(database.url);
  const close = cleanup.add(`store ${store.description}`, () => store.close());
  return { ...store, close };
}

/** Service-layer scenarios on one database: validation baseline (SQLite only), ingest, re-ingest. */
async function serviceScenarios(dialect: "sqlite" | "postgres") {
  const ingestId: ScenarioId = dialect;
  const reingestId: ScenarioId = `reingest-${dialect}`;
  const wanted = [ingestId, reingestId, ...(dialect === "sqlite" ? ["validate" as const] : [])];
  if (!wanted.some((id) => options.only.has(id))) return;

  const database =
    dialect === "sqlite"
      ? createSqliteDatabase(cleanup, "service")
      : await createPostgresDatabase(cleanup);
  const store = await openBenchStore(database);
  const ctx = createServiceContext(store);
  const accounts = await seedAccounts(ctx);
  const { warmup, timed } = makeBodies(accounts, `svc_${dialect}`, dialect === "sqlite" ? 1 : 2);

  if (dialect === "sqlite" && options.only.has("validate")) {
    log(`validate: ${formatInt(options.records)} records`);
    await timeRounds([...warmup, ...warmup], validateOnly, 1, 1);
    const timing = await timeRounds(timed, validateOnly);
    record(makeResult("validate", timing.rounds, timing.batchMs, timing.peakRssBytes));
  }

  if (options.only.has(ingestId) || options.only.has(reingestId)) {
    log(`${dialect}: ingest ${formatInt(options.records)} records (${store.description})`);
    await timeRounds(warmup, ingestExpecting(ctx, "inserted"), 1, 1);
    const timing = await timeRounds(timed, ingestExpecting(ctx, "inserted"));
    if (options.only.has(ingestId)) {
      record(makeResult(ingestId, timing.rounds, timing.batchMs, timing.peakRssBytes));
    }
  }

  if (options.only.has(reingestId)) {
    log(`${dialect}: re-ingest the same ${formatInt(options.records)} records`);
    await timeRounds(warmup, ingestExpecting(ctx, "unchanged"), 1, 1);
    const timing = await timeRounds(timed, ingestExpecting(ctx, "unchanged"));
    record(makeResult(reingestId, timing.rounds, timing.batchMs, timing.peakRssBytes));
  }

  const expectedRows = (warmup.length + timed.length) * options.batchSize;
  const rows = await countRows(store);
  if (options.only.has(ingestId) || options.only.has(reingestId)) {
    if (rows !== expectedRows)
      throw new Error(`${dialect}: ${rows} rows stored, expected ${expectedRows}`);
  }
  await store.close();
  await database.drop();
}

/** Service-layer ingest with several batches in flight, as a server under load calls it. */
async function parallelServiceScenario() {
  const id: ScenarioId = "postgres-parallel";
  if (!options.only.has(id)) return;
  const database = await createPostgresDatabase(cleanup);
  const store = await openBenchStore(database);
  const ctx = createServiceContext(store);
  const accounts = await seedAccounts(ctx);
  const { warmup, timed } = makeBodies(accounts, "svc_pg_parallel", 5);
  const ingest = ingestExpecting(ctx, "inserted");
  log(
    `${id}: ingest ${formatInt(options.records)} records, ${options.connections} batches in flight`,
  );
  await timeRounds(warmup, ingest, options.connections, 1);
  const timing = await timeRounds(timed, ingest, options.connections);
  record(makeResult(id, timing.rounds, timing.batchMs, timing.peakRssBytes));
  const rows = await countRows(store);
  const expectedRows = (warmup.length + timed.length) * options.batchSize;
  if (rows !== expectedRows)
    throw new Error(`${id}: ${rows} rows stored, expected ${expectedRows}`);
  await store.close();
  await database.drop();
}

async function countRows(store: Store): Promise<number> {
  const result = await sql<{ n: bigint | string }>`select count(*) as n from usage_records`.execute(
    store.db,
  );
  return Number(result.rows[0]?.n ?? 0);
}

/** POSTs batches to the real server, run in a process of its own, over `dialect`. */
async function httpScenario(dialect: "sqlite" | "postgres") {
  const id: ScenarioId = `http-${dialect}`;
  if (!options.only.has(id)) return;
  const database =
    dialect === "sqlite"
      ? createSqliteDatabase(cleanup, "http")
      : await createPostgresDatabase(cleanup);
  const store = await openBenchStore(database);
  const accounts = await seedAccounts(createServiceContext(store));
  await store.close();

  const { warmup: warmupBodies, timed: timedBodies } = makeBodies(
    accounts,
    `http_${dialect}`,
    dialect === "sqlite" ? 3 : 4,
  );
  const bodyBytes = timedBodies.reduce((sum, body) => sum + Buffer.byteLength(body), 0);

  const server = await startServerProcess(cleanup, database.url, ADMIN_TOKEN);
  log(
    `${id}: POST ${formatInt(timedBodies.length)} batches (${mib(bodyBytes / timedBodies.length)} MiB each)` +
      ` over ${options.connections} connections to ${server.url} (pid ${server.pid})`,
  );
  const post = async (bodies: string[]) => {
    const result = await postBodies({
      url: server.url,
      path: "/api/v1/usage",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      bodies,
      connections: options.connections,
    });
    const expected = bodies.length * options.batchSize;
    if (result.failures > 0 || result.inserted !== expected) {
      throw new Error(
        `${id}: ${result.failures} failed requests, ${result.inserted} of ${expected} records inserted; ${result.firstFailure ?? ""}`,
      );
    }
    return result;
  };

  await post(warmupBodies);
  const rounds: { records: number; ms: number }[] = [];
  const p50s: number[] = [];
  const p99s: number[] = [];
  for (const slice of splitInto(timedBodies, options.rounds)) {
    const result = await post(slice);
    rounds.push({ records: slice.length * options.batchSize, ms: result.ms });
    p50s.push(result.latencyMs.p50);
    p99s.push(result.latencyMs.p99);
  }
  const { rows, peakRssBytes } = await server.stop();
  const expectedRows = (warmupBodies.length + timedBodies.length) * options.batchSize;
  if (rows !== expectedRows)
    throw new Error(`${id}: ${rows} rows stored, expected ${expectedRows}`);
  record(
    makeResult(id, rounds, { p50: spread(p50s).median, p99: Math.max(...p99s) }, peakRssBytes),
  );
  await database.drop();
}

function ratio(numerator: ScenarioId, denominator: ScenarioId) {
  const a = results.find((r) => r.id === numerator);
  const b = results.find((r) => r.id === denominator);
  if (!a || !b) return null;
  return {
    of: `${numerator} / ${denominator}`,
    value: round(a.recordsPerSecond.median / b.recordsPerSecond.median, 3),
  };
}

const RATIOS: [ScenarioId, ScenarioId, string][] = [
  ["sqlite", "validate", "service ingest on SQLite, in units of validation-only throughput"],
  ["postgres", "validate", "service ingest on PostgreSQL, in units of validation-only throughput"],
  ["reingest-sqlite", "sqlite", "no-op re-ingest vs first ingest, SQLite"],
  ["reingest-postgres", "postgres", "no-op re-ingest vs first ingest, PostgreSQL"],
  ["postgres-parallel", "postgres", "N batches in flight vs one at a time, PostgreSQL"],
  ["http-sqlite", "sqlite", "HTTP (N connections) vs service layer, SQLite"],
  ["http-postgres", "postgres-parallel", "HTTP vs service layer at N in flight, PostgreSQL"],
];

function gitCommit(): string | null {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" });
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src"], { encoding: "utf8" });
    return `${commit.trim()}${dirty.trim() ? " (src modified)" : ""}`;
  } catch {
    return null;
  }
}

function targetCell(result: ScenarioResult): string {
  if (!result.target) return "—";
  return `≥ ${formatInt(result.target.recordsPerSecond)}: ${result.target.met ? "met" : "MISSED"}`;
}

function report(started: number) {
  const head = [
    "scenario",
    "records/s (median)",
    "min",
    "max",
    "batch ms p50",
    "batch ms p99",
    "peak RSS MiB",
    "target",
  ];
  const rows = results.map((r) => [
    r.title,
    formatInt(r.recordsPerSecond.median),
    formatInt(r.recordsPerSecond.min),
    formatInt(r.recordsPerSecond.max),
    r.batchMs.p50.toFixed(1),
    r.batchMs.p99.toFixed(1),
    r.peakRssMiB.toFixed(0),
    targetCell(r),
  ]);
  const ratios = RATIOS.flatMap(([a, b, meaning]) => {
    const value = ratio(a, b);
    return value
      ? [{ ...value, meaning: meaning.replaceAll("N ", `${options.connections} `) }]
      : [];
  });
  const ratioHead = ["ratio", "value", "meaning"];
  const ratioRows = ratios.map((r) => [r.of, r.value.toFixed(3), r.meaning]);
  const env = {
    ...machine(),
    postgres: pgVersion,
    commit: gitCommit(),
    // Other work on the machine skews every figure; the 1-minute load shows whether there was any.
    loadAverage1m: { start: round(loadAtStart, 2), end: round(loadavg()[0] ?? 0, 2) },
  };
  const seconds = round((performance.now() - started) / 1000, 1);
  const peakRss = mib(processPeakRssBytes());
  const settings = {
    recordsPerScenario: options.records,
    batchSize: options.batchSize,
    rounds: options.rounds,
    warmupBatches: options.warmupBatches,
    httpConnections: options.connections,
  };

  console.log(consoleTable(head, rows));
  if (ratioRows.length > 0) console.log(consoleTable(ratioHead, ratioRows));
  for (const failure of failures) console.log(`FAILED ${failure.scenario}: ${failure.error}`);
  console.log(
    `${formatInt(options.records)} records per scenario in batches of ${formatInt(options.batchSize)}, ` +
      `${options.rounds} rounds; ${env.cpus} × ${env.cpu}, Node ${env.node}, PostgreSQL ${env.postgres ?? "n/a"}; ` +
      `whole run ${seconds} s, peak RSS ${peakRss} MiB; load ${env.loadAverage1m.start} → ${env.loadAverage1m.end}`,
  );

  const json = {
    benchmark: "ingest",
    date: new Date().toISOString(),
    machine: env,
    settings,
    durationSeconds: seconds,
    peakRssMiB: peakRss,
    scenarios: results,
    ratios,
  };
  if (failures.length > 0) {
    // A broken run must not replace the last complete results.
    log(`${failures.length} scenario group(s) failed: ${options.out} left as it was`);
    return;
  }
  writeFile(options.out, JSON.stringify(json, null, 2));
  const markdownPath = `${options.out.replace(/\.json$/i, "")}.md`;
  const markdown = [
    "# Ingest benchmark",
    "",
    `Measured ${json.date} on ${env.cpus} × ${env.cpu} (${env.memoryGiB} GiB), ${env.platform}, ` +
      `Node ${env.node}, PostgreSQL ${env.postgres ?? "n/a"}, commit ${env.commit ?? "unknown"}.`,
    `${formatInt(options.records)} timed records per scenario in batches of ${formatInt(options.batchSize)}, ` +
      `${options.rounds} rounds after ${options.warmupBatches} warm-up batches; HTTP over ${options.connections} connections. ` +
      `Whole run ${seconds} s, peak RSS ${peakRss} MiB, 1-minute load average ${env.loadAverage1m.start} at start, ${env.loadAverage1m.end} at end.`,
    "",
    markdownTable(head, rows),
    "",
    markdownTable(ratioHead, ratioRows),
    "",
    "Generated by `node bin/run-ts.js bench/ingest.ts`; see bench/README.md for what each figure means.",
  ].join("\n");
  writeFile(markdownPath, markdown);
  log(`wrote ${options.out} and ${markdownPath}`);
}

let pgVersion: string | null = null;
const loadAtStart = loadavg()[0] ?? 0;

async function main() {
  const started = performance.now();
  const needsPostgres = [...options.only].some((id) => id.includes("postgres"));
  if (needsPostgres) pgVersion = await postgresVersion(POSTGRES_ADMIN_URL);

  const steps: [string, () => Promise<void>][] = [
    ["sqlite (validate, ingest, re-ingest)", () => serviceScenarios("sqlite")],
    ["postgres (ingest, re-ingest)", () => serviceScenarios("postgres")],
    ["postgres-parallel", parallelServiceScenario],
    ["http-sqlite", () => httpScenario("sqlite")],
    ["http-postgres", () => httpScenario("postgres")],
  ];
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (error) {
      console.error(`${name} failed:`, error);
      failures.push({
        scenario: name,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  report(started);
  if (failures.length > 0) process.exitCode = 1;
  if (options.check && results.some((r) => r.target && !r.target.met)) process.exitCode = 1;
}

try {
  await main();
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
