/**
 * Capture-proxy throughput and latency, side by side in one run, against one fake Groq
 * upstream (bench/proxy/upstream.ts), JSON and streaming:
 *
 *   bare                  a bare node:http + undici forwarder: the ceiling
 *   tokenledger-sqlite    TokenLedger's real server (`startServer`) on a fresh SQLite file
 *   tokenledger-postgres  the same on a PostgreSQL database created for the run
 *   portkey               the Portkey AI gateway (@portkey-ai/gateway) pointed at the upstream
 *
 * Each server (and the upstream) runs in a child process of its own; the load is autocannon
 * with --connections keep-alive connections. After a warm-up the targets run alternately,
 * round after round (A B C D, A B C D, …), and the figures are medians over rounds. TokenLedger
 * must record every request it answered: its ledger is counted after every run and again
 * after a graceful shutdown. Prints tables, writes JSON and Markdown results.
 *
 *   node bin/run-ts.js bench/proxy.ts [--duration 10] [--connections 20] [--rounds 5]
 *     [--warmup 1.5] [--ttfb-samples 200] [--only bare,portkey,...] [--modes json,stream]
 *     [--out bench/results/proxy.json] [--check] [--profile]
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { Agent } from "undici";
import { Cleanup } from "./lib/cleanup.ts";
import {
  createPostgresDatabase,
  createSqliteDatabase,
  POSTGRES_ADMIN_URL,
  postgresVersion,
} from "./lib/databases.ts";
import { consoleTable, machine, markdownTable, writeFile } from "./lib/report.ts";
import { formatInt, mib, round, spread } from "./lib/stats.ts";
import type { LedgerCount, LoopDelay } from "./proxy/child.ts";
import {
  CHAT_PATH,
  COMPLETION_TOKENS,
  chatBody,
  GROQ_KEY,
  MODEL,
  MODES,
  type Mode,
  PACE_MS,
  PACED_SUFFIX,
  PROMPT_TOKENS,
} from "./proxy/fixture.ts";
import { countStoredLedger } from "./proxy/ledger.ts";
import {
  createSampler,
  type LoadResult,
  percentile,
  type RequestSpec,
  runLoad,
} from "./proxy/load.ts";
import { memory, startTarget, type TargetProcess } from "./proxy/processes.ts";
import { type Share, summarizeProfile, type Window } from "./proxy/profile.ts";

const TARGET_IDS = ["bare", "tokenledger-sqlite", "tokenledger-postgres", "portkey"] as const;
type TargetId = (typeof TARGET_IDS)[number];
const TOKENLEDGER_IDS = ["tokenledger-sqlite", "tokenledger-postgres"] as const;
type TokenLedgerId = (typeof TOKENLEDGER_IDS)[number];

const TITLES: Record<TargetId, string> = {
  bare: "bare forwarder (ceiling)",
  "tokenledger-sqlite": "TokenLedger · SQLite",
  "tokenledger-postgres": "TokenLedger · PostgreSQL",
  portkey: "Portkey gateway",
};

/** The targets TokenLedger's proxy is held to, per mode. */
const GOALS = {
  /** TokenLedger's req/s as a share of the bare forwarder's, at least. */
  shareOfBare: 0.6,
  /** TokenLedger's req/s as a multiple of Portkey's, at least. */
  timesPortkey: 10,
  /** p99(TokenLedger) − p99(bare), in ms, at most. */
  addedP99Ms: 2,
};

const ADMIN_TOKEN = "tl_admin_proxy_bench_0123456789abcdefghijklmnopqrstuv";
/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

interface Options {
  durationSeconds: number;
  connections: number;
  rounds: number;
  warmupSeconds: number;
  ttfbSamples: number;
  only: TargetId[];
  modes: Mode[];
  out: string;
  check: boolean;
  profile: boolean;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      duration: { type: "string", default: "10" },
      connections: { type: "string", default: "20" },
      rounds: { type: "string", default: "5" },
      warmup: { type: "string", default: "1.5" },
      "ttfb-samples": { type: "string", default: "200" },
      only: { type: "string" },
      modes: { type: "string", default: MODES.join(",") },
      out: { type: "string", default: "bench/results/proxy.json" },
      check: { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(
      [
        "usage: node bin/run-ts.js bench/proxy.ts [options]",
        "  --duration S       seconds of timed load per target and mode, split over the rounds (default 10)",
        "  --connections N    concurrent keep-alive connections of the load (default 20)",
        "  --rounds N         timed rounds; targets run alternately in each (default 5)",
        "  --warmup S         untimed seconds of load per target and mode first (default 1.5)",
        "  --ttfb-samples N   sequential streaming requests per target timed to the first byte (default 200)",
        `  --only LIST        comma-separated subset of: ${TARGET_IDS.join(", ")}`,
        "  --modes LIST       json, stream or both (default both)",
        "  --out FILE         JSON results; the Markdown goes next to it as .md",
        "  --check            exit with status 1 when a target is missed",
        "  --profile          CPU-profile the bare forwarder's and TokenLedger's (SQLite) processes and",
        "                     print where their time goes; figures are then distorted, no results written",
        "  PostgreSQL: TOKENLEDGER_BENCH_POSTGRES_URL (a server URL; a database is created per run)",
      ].join("\n"),
    );
    process.exit(0);
  }
  const positive = (name: string, text: string, integer = true) => {
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isSafeInteger(value))) {
      throw new Error(`--${name} must be a positive ${integer ? "whole " : ""}number, got ${text}`);
    }
    return value;
  };
  const list = <T extends string>(name: string, text: string, allowed: readonly T[]): T[] => {
    const chosen = text.split(",").map((item) => item.trim()) as T[];
    for (const item of chosen) {
      if (!allowed.includes(item))
        throw new Error(`--${name}: unknown "${item}"; choose from ${allowed.join(", ")}`);
    }
    return allowed.filter((item) => chosen.includes(item));
  };
  return {
    durationSeconds: positive("duration", values.duration, false),
    connections: positive("connections", values.connections),
    rounds: positive("rounds", values.rounds),
    warmupSeconds: positive("warmup", values.warmup, false),
    ttfbSamples: positive("ttfb-samples", values["ttfb-samples"]),
    only: list("only", values.only ?? TARGET_IDS.join(","), TARGET_IDS),
    modes: list("modes", values.modes, MODES),
    out: values.out,
    check: values.check,
    profile: values.profile,
  };
}

interface Target {
  id: TargetId;
  title: string;
  process: TargetProcess;
  spec(mode: Mode, model?: string): RequestSpec;
  /** 2xx responses this target gave, over the whole run (smoke, warm-up, rounds, samples). */
  answered: number;
  /** TokenLedger: where its ledger is, to count it after the server stopped. */
  ledger?: { databaseUrl: string; dataDir: string };
  /** Requests per second of the last run, per mode: sizes the next run. */
  rate: Partial<Record<Mode, number>>;
  failed: string | null;
}

interface Run {
  target: TargetId;
  mode: Mode;
  round: number;
  requests: number;
  ms: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** Peak RSS of the target process during this run. */
  peakRssBytes: number;
  /** How late the target's event loop ran timers during this run. */
  loopDelayMs: LoopDelay;
  /** CPU time of the target process per request, and as a share of one core. */
  cpuUsPerRequest: number;
  cpuShareOfCore: number;
}

interface Figures {
  target: TargetId;
  title: string;
  mode: Mode;
  rounds: number;
  requestsPerSecond: { median: number; min: number; max: number };
  latencyMs: { p50: number; p99: number; worstP99: number };
  cpuUsPerRequest: number;
  cpuShareOfCore: number;
  /** Event-loop delay: median over rounds of each run's p99, and the longest of all runs. */
  loopDelayMs: { p99: number; max: number };
  peakRssMiB: number;
  ttfbMs: { p50: number; p99: number; totalP50: number } | null;
}

interface Goal {
  target: TokenLedgerId;
  mode: Mode | "all";
  goal: string;
  measured: string;
  met: boolean;
}

const options = readOptions();
const cleanup = new Cleanup();
cleanup.onSignals();
const failures: { scenario: string; error: string }[] = [];
const runs: Run[] = [];
const ttfb = new Map<string, { ttfbMs: number[]; totalMs: number[] }>();
const captureChecks: {
  target: TokenLedgerId;
  answered: number;
  afterRuns: LedgerCount | null;
  afterShutdown: LedgerCount | null;
  ok: boolean;
  problem: string | null;
}[] = [];
let resetPeakWorks = true;
let pgVersion: string | null = null;
const loadAtStart = loadavg()[0] ?? 0;
const roundSeconds = options.durationSeconds / options.rounds;

function log(message: string) {
  process.stderr.write(`${message}\n`);
}

function fail(scenario: string, error: unknown) {
  const text = error instanceof Error ? error.message : String(error);
  log(`FAILED ${scenario}: ${text}`);
  failures.push({ scenario, error: text });
}

/** Cumulative CPU time (user + system) of a process, in ms. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may contain spaces) start at field 3.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1000;
}

async function startTargets(upstreamUrl: string): Promise<Target[]> {
  const targets: Target[] = [];
  const jsonHeaders = { "content-type": "application/json", authorization: `Bearer ${GROQ_KEY}` };
  const make = (
    id: TargetId,
    process: TargetProcess,
    path: string,
    headers: Record<string, string>,
    ledger?: Target["ledger"],
  ): Target => ({
    id,
    title: TITLES[id],
    process,
    spec: (mode, model) => ({ url: process.url, path, headers, body: chatBody(mode, model) }),
    answered: 0,
    ...(ledger ? { ledger } : {}),
    rate: {},
    failed: null,
  });
  for (const id of options.only) {
    try {
      if (id === "bare") {
        const child = await startTarget(
          cleanup,
          TITLES[id],
          "bare.ts",
          { BENCH_UPSTREAM_URL: upstreamUrl },
          profileArgs(id),
        );
        targets.push(make(id, child, `/proxy/groq${CHAT_PATH}`, jsonHeaders));
      } else if (id === "portkey") {
        const child = await startTarget(cleanup, TITLES[id], "portkey.ts", {});
        targets.push(
          make(id, child, "/v1/chat/completions", {
            ...jsonHeaders,
            "x-portkey-provider": "groq",
            "x-portkey-custom-host": `${upstreamUrl}/openai/v1`,
          }),
        );
      } else {
        const database =
          id === "tokenledger-sqlite"
            ? createSqliteDatabase(cleanup, "proxy")
            : await createPostgresDatabase(cleanup);
        const dataDir =
          database.dialect === "sqlite"
            ? dirname(database.url)
            : mkdtempSync(join(tmpdir(), "tokenledger-bench-proxy-"));
        if (database.dialect === "postgres") {
          cleanup.add(`data dir ${dataDir}`, () =>
            rmSync(dataDir, { recursive: true, force: true }),
          );
        }
        const execArgv = profileArgs(id);
        const child = await startTarget(
          cleanup,
          TITLES[id],
          "tokenledger.ts",
          {
            BENCH_UPSTREAM_URL: upstreamUrl,
            BENCH_DATABASE_URL: database.url,
            BENCH_DATA_DIR: dataDir,
            BENCH_ADMIN_TOKEN: ADMIN_TOKEN,
          },
          execArgv,
        );
        const headers = { ...jsonHeaders, "x-tokenledger-key": child.info.key ?? "" };
        targets.push(
          make(id, child, `/proxy/groq${CHAT_PATH}`, headers, {
            databaseUrl: database.url,
            dataDir,
          }),
        );
      }
      const started = targets[targets.length - 1] as Target;
      log(`  ${started.title}: ${started.process.url} (pid ${started.process.pid})`);
    } catch (error) {
      fail(`start ${id}`, error);
    }
  }
  return targets;
}

/** One request per mode through each target: the answer must be the upstream's. */
async function smokeTest(target: Target) {
  const agent = new Agent();
  try {
    for (const mode of options.modes) {
      const spec = target.spec(mode);
      const response = await agent.request({
        origin: new URL(spec.url).origin,
        path: spec.path,
        method: "POST",
        headers: spec.headers,
        body: spec.body,
      });
      const text = await response.body.text();
      if (response.statusCode !== 200)
        throw new Error(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`);
      target.answered += 1;
      const expected = mode === "json" ? `"prompt_tokens":${PROMPT_TOKENS}` : "data: [DONE]";
      if (!text.includes(expected))
        throw new Error(`a ${mode} answer lacks ${expected}: ${text.slice(0, 300)}`);
    }
  } finally {
    await agent.close();
  }
}

function checkLoad(target: Target, result: LoadResult, what: string) {
  target.answered += result.ok;
  if (result.failures > 0 || result.capped) {
    throw new Error(
      `${what}: ${result.failures} failed of ${result.responses}` +
        `${result.capped ? ", stopped by the time cap" : ""}; first: ${result.firstFailure}`,
    );
  }
}

/** Untimed load until `--warmup` seconds have passed; sets the target's rate for the mode. */
async function warmUp(target: Target, mode: Mode) {
  let spentMs = 0;
  let amount = Math.max(200, options.connections * 10);
  while (spentMs < options.warmupSeconds * 1000) {
    const result = await runLoad(target.spec(mode), {
      amount,
      connections: options.connections,
      capSeconds: 60,
    });
    checkLoad(target, result, `${target.title} ${mode} warm-up`);
    spentMs += result.ms;
    target.rate[mode] = result.requestsPerSecond;
    const remaining = options.warmupSeconds * 1000 - spentMs;
    if (remaining < 200) break;
    amount = Math.max(
      options.connections,
      Math.round((result.requestsPerSecond * remaining) / 1000),
    );
  }
}

async function timedRun(target: Target, mode: Mode, roundNumber: number) {
  const rate = target.rate[mode] ?? 1000;
  const amount = Math.max(options.connections * 10, Math.round(rate * roundSeconds));
  const pid = target.process.pid;
  resetPeakWorks = memory.resetPeak(pid) && resetPeakWorks;
  await target.process.loopReset();
  const cpuBefore = cpuMs(pid);
  const windowStart = Number(process.hrtime.bigint() / 1000n);
  const result = await runLoad(target.spec(mode), {
    amount,
    connections: options.connections,
    capSeconds: Math.max(30, roundSeconds * 6),
  });
  const cpu = cpuMs(pid) - cpuBefore;
  const profiled = profileWindows.get(target.id)?.[mode];
  if (profiled) {
    profiled.windows.push([windowStart, Number(process.hrtime.bigint() / 1000n)]);
    profiled.requests += result.responses;
  }
  const peakRssBytes = memory.peakBytes(pid);
  const loopDelayMs = await target.process.loopDelay();
  checkLoad(target, result, `${target.title} ${mode} round ${roundNumber}`);
  target.rate[mode] = result.requestsPerSecond;
  runs.push({
    target: target.id,
    mode,
    round: roundNumber,
    requests: result.responses,
    ms: round(result.ms, 1),
    requestsPerSecond: round(result.requestsPerSecond, 0),
    latencyMs: {
      p50: round(result.latencyMs.p50, 3),
      p99: round(result.latencyMs.p99, 3),
      max: round(result.latencyMs.max, 3),
    },
    peakRssBytes,
    loopDelayMs,
    cpuUsPerRequest: round((cpu * 1000) / result.responses, 1),
    cpuShareOfCore: round(cpu / result.ms, 3),
  });
  log(
    `  round ${roundNumber} ${mode.padEnd(6)} ${target.title.padEnd(26)} ${formatInt(result.requestsPerSecond).padStart(7)} req/s` +
      `  p50 ${result.latencyMs.p50.toFixed(2)} ms  p99 ${result.latencyMs.p99.toFixed(2)} ms` +
      `  CPU ${Math.round((cpu / result.ms) * 100)}% of a core` +
      `  loop delay p99 ${loopDelayMs.p99} ms, max ${loopDelayMs.max} ms`,
  );
  if (target.ledger) await checkLedger(target, `after round ${roundNumber} (${mode})`);
}

/** The ledger must hold exactly one record per answered request. */
async function checkLedger(target: Target, when: string): Promise<LedgerCount> {
  const count = await target.process.count();
  if (count.records !== target.answered) {
    throw new Error(
      `${target.title} ${when}: the ledger holds ${count.records} records for ${target.answered} answered requests`,
    );
  }
  return count;
}

/** Sequential streaming requests, one target after the other, timed to the first body chunk. */
async function sampleTtfb(targets: Target[], upstreamUrl: string) {
  if (!options.modes.includes("stream")) return;
  const model = `${MODEL}${PACED_SUFFIX}`;
  const direct: Target["spec"] = (mode) => ({
    url: upstreamUrl,
    path: CHAT_PATH,
    headers: { "content-type": "application/json", authorization: `Bearer ${GROQ_KEY}` },
    body: chatBody(mode, model),
  });
  const samplers = [
    { key: "upstream", target: null as Target | null, sampler: createSampler(direct("stream")) },
    ...targets.map((target) => ({
      key: target.id as string,
      target,
      sampler: createSampler(target.spec("stream", model)),
    })),
  ];
  log(
    `time to first byte: ${options.ttfbSamples} sequential streaming requests per target, interleaved` +
      ` (upstream paced ${PACE_MS} ms between frames)`,
  );
  for (const { key } of samplers) ttfb.set(key, { ttfbMs: [], totalMs: [] });
  try {
    for (let i = 0; i < options.ttfbSamples + 10; i++) {
      for (const { key, target, sampler } of samplers) {
        if (target?.failed) continue;
        const timing = await sampler.send();
        if (timing.status !== 200) throw new Error(`${key}: HTTP ${timing.status} while sampling`);
        if (target) target.answered += 1;
        // The first 10 warm the connection and the code path.
        if (i < 10) continue;
        const samples = ttfb.get(key) as { ttfbMs: number[]; totalMs: number[] };
        samples.ttfbMs.push(timing.ttfbMs);
        samples.totalMs.push(timing.totalMs);
      }
    }
  } finally {
    for (const { sampler } of samplers) await sampler.close();
  }
}

function ttfbFigures(key: string) {
  const samples = ttfb.get(key);
  if (!samples || samples.ttfbMs.length === 0) return null;
  const first = Float64Array.from(samples.ttfbMs).sort();
  const total = Float64Array.from(samples.totalMs).sort();
  return {
    p50: round(percentile(first, 50), 3),
    p99: round(percentile(first, 99), 3),
    totalP50: round(percentile(total, 50), 3),
  };
}

function figures(targets: Target[]): Figures[] {
  const out: Figures[] = [];
  for (const mode of options.modes) {
    for (const target of targets) {
      const own = runs.filter((r) => r.target === target.id && r.mode === mode);
      if (own.length === 0) continue;
      const rates = spread(own.map((r) => r.requestsPerSecond));
      out.push({
        target: target.id,
        title: target.title,
        mode,
        rounds: own.length,
        requestsPerSecond: rates,
        latencyMs: {
          p50: round(spread(own.map((r) => r.latencyMs.p50)).median, 3),
          p99: round(spread(own.map((r) => r.latencyMs.p99)).median, 3),
          worstP99: Math.max(...own.map((r) => r.latencyMs.p99)),
        },
        cpuUsPerRequest: round(spread(own.map((r) => r.cpuUsPerRequest)).median, 1),
        cpuShareOfCore: round(spread(own.map((r) => r.cpuShareOfCore)).median, 2),
        loopDelayMs: {
          p99: round(spread(own.map((r) => r.loopDelayMs.p99)).median, 2),
          max: Math.max(...own.map((r) => r.loopDelayMs.max)),
        },
        peakRssMiB: mib(Math.max(...own.map((r) => r.peakRssBytes))),
        ttfbMs: mode === "stream" ? ttfbFigures(target.id) : null,
      });
    }
  }
  return out;
}

/**
 * A per-round comparison of two targets (the runs of one round are close in time, so they
 * share the machine's state), as the median over rounds.
 */
function paired(
  a: TargetId,
  b: TargetId,
  mode: Mode,
  value: (x: Run, y: Run) => number,
): number | null {
  const values: number[] = [];
  for (let r = 1; r <= options.rounds; r++) {
    const x = runs.find((run) => run.target === a && run.mode === mode && run.round === r);
    const y = runs.find((run) => run.target === b && run.mode === mode && run.round === r);
    if (x && y) values.push(value(x, y));
  }
  return values.length > 0 ? spread(values).median : null;
}

function comparisons() {
  const rows: {
    target: TokenLedgerId;
    mode: Mode;
    shareOfBare: number | null;
    timesPortkey: number | null;
    addedP50Ms: number | null;
    addedP99Ms: number | null;
    addedTtfbP50Ms: number | null;
    cpuPerRequestVsBare: number | null;
  }[] = [];
  for (const mode of options.modes) {
    for (const id of TOKENLEDGER_IDS) {
      if (!runs.some((r) => r.target === id && r.mode === mode)) continue;
      const mine = ttfbFigures(id);
      const bare = ttfbFigures("bare");
      const maybe = (value: number | null, decimals: number) =>
        value === null ? null : round(value, decimals);
      rows.push({
        target: id,
        mode,
        shareOfBare: maybe(
          paired(id, "bare", mode, (x, y) => x.requestsPerSecond / y.requestsPerSecond),
          3,
        ),
        timesPortkey: maybe(
          paired(id, "portkey", mode, (x, y) => x.requestsPerSecond / y.requestsPerSecond),
          2,
        ),
        addedP50Ms: maybe(
          paired(id, "bare", mode, (x, y) => x.latencyMs.p50 - y.latencyMs.p50),
          3,
        ),
        addedP99Ms: maybe(
          paired(id, "bare", mode, (x, y) => x.latencyMs.p99 - y.latencyMs.p99),
          3,
        ),
        addedTtfbP50Ms: mode === "stream" && mine && bare ? round(mine.p50 - bare.p50, 3) : null,
        cpuPerRequestVsBare: maybe(
          paired(id, "bare", mode, (x, y) => x.cpuUsPerRequest / y.cpuUsPerRequest),
          2,
        ),
      });
    }
  }
  return rows;
}

function goals(rows: ReturnType<typeof comparisons>): Goal[] {
  const out: Goal[] = [];
  for (const row of rows) {
    if (row.shareOfBare !== null) {
      out.push({
        target: row.target,
        mode: row.mode,
        goal: `req/s ≥ ${GOALS.shareOfBare * 100}% of the bare forwarder's`,
        measured: `${(row.shareOfBare * 100).toFixed(1)}%`,
        met: row.shareOfBare >= GOALS.shareOfBare,
      });
    }
    if (row.timesPortkey !== null) {
      out.push({
        target: row.target,
        mode: row.mode,
        goal: `req/s ≥ ${GOALS.timesPortkey}× Portkey's`,
        measured: `${row.timesPortkey.toFixed(1)}×`,
        met: row.timesPortkey >= GOALS.timesPortkey,
      });
    }
    if (row.addedP99Ms !== null) {
      out.push({
        target: row.target,
        mode: row.mode,
        goal: `p99 added latency ≤ ${GOALS.addedP99Ms} ms at ${options.connections} connections`,
        measured: `${row.addedP99Ms >= 0 ? "+" : ""}${row.addedP99Ms.toFixed(2)} ms`,
        met: row.addedP99Ms <= GOALS.addedP99Ms,
      });
    }
  }
  for (const check of captureChecks) {
    out.push({
      target: check.target,
      mode: "all",
      goal: "every answered request recorded",
      measured: check.ok
        ? `${formatInt(check.answered)} of ${formatInt(check.answered)}`
        : (check.problem ?? "not checked"),
      met: check.ok,
    });
  }
  return out;
}

function gitCommit(): string | null {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" });
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src"], { encoding: "utf8" });
    return `${commit.trim()}${dirty.trim() ? " (src modified)" : ""}`;
  } catch {
    return null;
  }
}

function portkeyVersion(): string {
  try {
    const path = new URL("../node_modules/@portkey-ai/gateway/package.json", import.meta.url);
    return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

const fixed = (value: number | null | undefined, decimals: number) =>
  value === null || value === undefined ? "—" : value.toFixed(decimals);

function report(targets: Target[], startedAt: number) {
  const table = figures(targets);
  const rows = comparisons();
  const goalList = goals(rows);
  const head = [
    "target",
    "mode",
    "req/s (median)",
    "min",
    "max",
    "p50 ms",
    "p99 ms",
    "TTFB p50 ms",
    "TTFB p99 ms",
    "CPU µs/req",
    "CPU % of a core",
    "loop delay p99 / max ms",
    "peak RSS MiB",
  ];
  const body = table.map((f) => [
    f.title,
    f.mode,
    formatInt(f.requestsPerSecond.median),
    formatInt(f.requestsPerSecond.min),
    formatInt(f.requestsPerSecond.max),
    f.latencyMs.p50.toFixed(2),
    f.latencyMs.p99.toFixed(2),
    fixed(f.ttfbMs?.p50, 2),
    fixed(f.ttfbMs?.p99, 2),
    f.cpuUsPerRequest.toFixed(0),
    `${Math.round(f.cpuShareOfCore * 100)}%`,
    `${f.loopDelayMs.p99.toFixed(1)} / ${f.loopDelayMs.max.toFixed(1)}`,
    f.peakRssMiB.toFixed(0),
  ]);
  const ratioHead = [
    "TokenLedger",
    "mode",
    "req/s ÷ bare",
    "req/s ÷ Portkey",
    "added p50 ms",
    "added p99 ms",
    "added TTFB p50 ms",
    "CPU/req ÷ bare",
  ];
  const ratioBody = rows.map((r) => [
    TITLES[r.target],
    r.mode,
    fixed(r.shareOfBare, 3),
    fixed(r.timesPortkey, 2),
    fixed(r.addedP50Ms, 2),
    fixed(r.addedP99Ms, 2),
    fixed(r.addedTtfbP50Ms, 2),
    fixed(r.cpuPerRequestVsBare, 2),
  ]);
  const goalHead = ["TokenLedger", "mode", "target", "measured", "result"];
  const goalBody = goalList.map((g) => [
    TITLES[g.target],
    g.mode,
    g.goal,
    g.measured,
    g.met ? "met" : "MISSED",
  ]);
  const captureHead = [
    "TokenLedger",
    "answered (2xx)",
    "ledger records",
    "requests",
    "tokens",
    "result",
  ];
  const captureBody = captureChecks.map((c) => {
    const count = c.afterShutdown ?? c.afterRuns;
    return [
      TITLES[c.target],
      formatInt(c.answered),
      count ? formatInt(count.records) : "—",
      count ? formatInt(count.requests) : "—",
      count ? `${formatInt(count.promptTokens)} + ${formatInt(count.completionTokens)}` : "—",
      c.ok ? "all recorded" : `FAILED: ${c.problem}`,
    ];
  });

  const env = {
    ...machine(),
    postgres: pgVersion,
    portkey: portkeyVersion(),
    commit: gitCommit(),
    loadAverage1m: { start: round(loadAtStart, 2), end: round(loadavg()[0] ?? 0, 2) },
  };
  const seconds = round((performance.now() - startedAt) / 1000, 1);
  const upstreamTtfb = ttfbFigures("upstream");

  console.log(consoleTable(head, body));
  if (ratioBody.length > 0) console.log(consoleTable(ratioHead, ratioBody));
  if (goalBody.length > 0) console.log(consoleTable(goalHead, goalBody));
  if (captureBody.length > 0) console.log(consoleTable(captureHead, captureBody));
  for (const failure of failures) console.log(`FAILED ${failure.scenario}: ${failure.error}`);
  const summary =
    `${options.connections} connections, ${options.rounds} rounds of ~${round(roundSeconds, 1)} s per target and mode after ` +
    `${options.warmupSeconds} s warm-up; ${env.cpus} × ${env.cpu}, Node ${env.node}, ` +
    `PostgreSQL ${env.postgres ?? "n/a"}, Portkey gateway ${env.portkey}; whole run ${seconds} s; ` +
    `load ${env.loadAverage1m.start} → ${env.loadAverage1m.end}`;
  console.log(summary);
  if (upstreamTtfb)
    console.log(
      `upstream alone: TTFB p50 ${upstreamTtfb.p50.toFixed(2)} ms, p99 ${upstreamTtfb.p99.toFixed(2)} ms`,
    );

  if (options.profile) {
    log("--profile: figures are distorted by the profiler; results not written");
    return;
  }
  if (failures.length > 0) {
    log(`${failures.length} failure(s): ${options.out} left as it was`);
    return;
  }
  const json = {
    benchmark: "proxy",
    date: new Date().toISOString(),
    machine: env,
    settings: {
      durationSecondsPerTargetAndMode: options.durationSeconds,
      rounds: options.rounds,
      roundSeconds: round(roundSeconds, 2),
      warmupSeconds: options.warmupSeconds,
      connections: options.connections,
      ttfbSamples: options.ttfbSamples,
      ttfbUpstreamPaceMs: PACE_MS,
      tokensPerAnswer: { prompt: PROMPT_TOKENS, completion: COMPLETION_TOKENS },
      peakRssPerRun: resetPeakWorks,
    },
    durationSeconds: seconds,
    goals: GOALS,
    figures: table,
    comparisons: rows,
    targets: goalList,
    capture: captureChecks,
    ttfbUpstreamAloneMs: upstreamTtfb,
    runs,
  };
  writeFile(options.out, JSON.stringify(json, null, 2));
  const markdownPath = `${options.out.replace(/\.json$/i, "")}.md`;
  const markdown = [
    "# Capture-proxy benchmark",
    "",
    `Measured ${json.date} on ${env.cpus} × ${env.cpu} (${env.memoryGiB} GiB), ${env.platform}, ` +
      `Node ${env.node}, PostgreSQL ${env.postgres ?? "n/a"}, Portkey gateway ${env.portkey}, commit ${env.commit ?? "unknown"}.`,
    `${options.connections} connections; ${options.rounds} rounds of about ${round(roundSeconds, 1)} s per target and mode ` +
      `after ${options.warmupSeconds} s of warm-up, targets alternating within each round; figures are medians over rounds. ` +
      `Time to first byte: ${options.ttfbSamples} sequential streaming requests per target, the upstream pacing its frames ${PACE_MS} ms apart` +
      (upstreamTtfb ? ` (the upstream alone: p50 ${upstreamTtfb.p50.toFixed(2)} ms)` : "") +
      `. Whole run ${seconds} s; 1-minute load average ${env.loadAverage1m.start} at start, ${env.loadAverage1m.end} at end.`,
    "",
    markdownTable(head, body),
    "",
    "TokenLedger against the others, per round then the median over rounds:",
    "",
    markdownTable(ratioHead, ratioBody),
    "",
    markdownTable(goalHead, goalBody),
    "",
    markdownTable(captureHead, captureBody),
    "",
    "Generated by `node bin/run-ts.js bench/proxy.ts`; see bench/README.md (Proxy) for what each figure means.",
  ].join("\n");
  writeFile(markdownPath, markdown);
  log(`wrote ${options.out} and ${markdownPath}`);
}

/** The targets `--profile` profiles, and per mode the timed runs' spans of their clocks. */
const PROFILED: readonly TargetId[] = ["bare", "tokenledger-sqlite"];
const profileWindows = new Map<TargetId, Record<Mode, { windows: Window[]; requests: number }>>(
  PROFILED.map((id) => [
    id,
    { json: { windows: [], requests: 0 }, stream: { windows: [], requests: 0 } },
  ]),
);
/** Where `--profile` has the servers write their CPU profiles (kept, to open in a profiler UI). */
const profileDir = options.profile ? mkdtempSync(join(tmpdir(), "tokenledger-proxy-profile-")) : "";
const profileArgs = (id: TargetId) =>
  options.profile && PROFILED.includes(id)
    ? ["--cpu-prof", "--cpu-prof-dir", join(profileDir, id)]
    : [];

async function main() {
  const startedAt = performance.now();
  const needsPostgres = options.only.includes("tokenledger-postgres");
  if (needsPostgres) {
    try {
      pgVersion = await postgresVersion(POSTGRES_ADMIN_URL);
    } catch (error) {
      fail("tokenledger-postgres", error);
      options.only = options.only.filter((id) => id !== "tokenledger-postgres");
    }
  }
  log(
    `run ${randomBytes(3).toString("hex")}: starting the upstream and ${options.only.length} targets`,
  );
  const upstream = await startTarget(cleanup, "fake upstream", "upstream.ts", {});
  log(`  fake upstream: ${upstream.url} (pid ${upstream.pid})`);
  const targets = await startTargets(upstream.url);
  const active = () => targets.filter((t) => !t.failed);
  const guard = async (target: Target, what: string, work: () => Promise<unknown>) => {
    if (target.failed) return;
    try {
      await work();
    } catch (error) {
      target.failed = error instanceof Error ? error.message : String(error);
      fail(`${target.id} ${what}`, error);
    }
  };

  for (const target of targets) await guard(target, "smoke test", () => smokeTest(target));
  log(`warm-up: ${options.warmupSeconds} s per target and mode`);
  for (const mode of options.modes) {
    for (const target of active())
      await guard(target, `${mode} warm-up`, () => warmUp(target, mode));
  }
  log(
    `timed: ${options.rounds} rounds × ~${round(roundSeconds, 1)} s per target and mode, ${options.connections} connections`,
  );
  for (let r = 1; r <= options.rounds; r++) {
    for (const mode of options.modes) {
      for (const target of active()) {
        await guard(target, `${mode} round ${r}`, () => timedRun(target, mode, r));
      }
    }
  }
  await sampleTtfb(active(), upstream.url).catch((error) => fail("time to first byte", error));

  // Stop gracefully: TokenLedger stores every pending record on the way down.
  for (const target of targets) {
    let afterRuns: LedgerCount | null = null;
    if (target.ledger && !target.failed) {
      afterRuns = await checkLedger(target, "after all runs").catch((error) => {
        fail(`${target.id} capture`, error);
        return null;
      });
    }
    await target.process.stop().catch((error) => fail(`stop ${target.id}`, error));
    if (target.ledger) await verifyStoredLedger(target, afterRuns);
  }
  await upstream.stop();

  if (options.profile) printProfile();
  report(targets, startedAt);
  if (failures.length > 0) process.exitCode = 1;
  if (options.check && goals(comparisons()).some((g) => !g.met)) process.exitCode = 1;
}

/** After a graceful shutdown, the stored ledger: one record per answered request, exact tokens. */
async function verifyStoredLedger(target: Target, afterRuns: LedgerCount | null) {
  const ledger = target.ledger as NonNullable<Target["ledger"]>;
  const id = target.id as TokenLedgerId;
  const check = {
    target: id,
    answered: target.answered,
    afterRuns,
    afterShutdown: null as LedgerCount | null,
    ok: false,
    problem: null as string | null,
  };
  captureChecks.push(check);
  if (target.failed) {
    check.problem = `not checked: ${target.failed}`;
    return;
  }
  try {
    const count = await countStoredLedger(ledger.databaseUrl, ledger.dataDir);
    check.afterShutdown = count;
    const n = target.answered;
    const problems: string[] = [];
    if (count.records !== n) problems.push(`${count.records} records`);
    if (count.requests !== n) problems.push(`${count.requests} requests`);
    if (count.promptTokens !== n * PROMPT_TOKENS)
      problems.push(`${count.promptTokens} prompt tokens`);
    if (count.completionTokens !== n * COMPLETION_TOKENS)
      problems.push(`${count.completionTokens} completion tokens`);
    const journal = join(ledger.dataDir, "capture-journal");
    const leftover = readdirSync(journal).filter((f) => f.endsWith(".jsonl"));
    if (leftover.length > 0) problems.push(`${leftover.length} journal segments left`);
    if (problems.length > 0) {
      check.problem = `${problems.join(", ")} for ${n} answered requests`;
      fail(`${id} capture`, new Error(check.problem));
    } else check.ok = true;
  } catch (error) {
    check.problem = error instanceof Error ? error.message : String(error);
    fail(`${id} capture`, error);
  }
}

function printProfile() {
  for (const id of PROFILED) {
    const dir = join(profileDir, id);
    // CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile: thread 0 is the main thread (the
    // module loader's hooks run on another).
    const files = existsSync(dir)
      ? readdirSync(dir).filter((f) => /\.0\.\d+\.cpuprofile$/.test(f))
      : [];
    if (files.length === 0) continue;
    const file = join(dir, files[0] as string);
    console.log(`CPU profile of ${TITLES[id]} (its server process): ${file}`);
    for (const mode of options.modes) {
      const { windows, requests } = profileWindows.get(id)?.[mode] ?? { windows: [], requests: 0 };
      if (windows.length === 0 || requests === 0) continue;
      const summary = summarizeProfile(file, { windows, top: 15 });
      const profiled = summary.busyMs + summary.idleMs;
      console.log(
        `${TITLES[id]}, ${mode}, timed runs only (${formatInt(requests)} requests): busy ${formatInt(summary.busyMs)} ms ` +
          `of ${formatInt(profiled)} ms, ${((summary.busyMs * 1000) / requests).toFixed(0)} µs per request`,
      );
      const columns = (s: Share) => [
        `${(s.share * 100).toFixed(1)}%`,
        ((s.ms * 1000) / requests).toFixed(1),
      ];
      const show = (title: string, rows: Share[]) =>
        console.log(
          consoleTable(
            [title, "share of busy", "µs/request"],
            rows.map((s) => [s.name, ...columns(s)]),
          ),
        );
      show("stage (inclusive)", summary.byStage);
      show("file or package (self)", summary.byFile);
      show("function (self)", summary.byFunction);
    }
  }
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanup.runAll();
  setTimeout(() => {
    log("exiting: a handle stayed open after cleanup");
    process.exit();
  }, 5_000).unref();
}
