/**
 * The dashboard's first page, `GET /api/v1/overview`, over a ledger of 1,000,000 usage records,
 * SQLite and PostgreSQL side by side in one run. Target: it answers in under 1 s.
 *
 *   realistic   12 months of records, the current month holding about 1/12 of them
 *   worst       the same 12 months, the current month holding 50% and the last month 40%
 *
 * Each scenario loads a fresh SQLite file and a fresh PostgreSQL database through the
 * storage layer's batch upsert (setup: timed and printed, not what is measured), runs ANALYZE,
 * then calls the overview through the real Hono app (`app.request`, bearer token): a warm-up,
 * then N rounds, each timing on every database a baseline (one pass over every row:
 * `select count(*), sum(total_tokens)`), `GET /healthz` and the overview. Medians, p90, min,
 * max; the overview's median in units of the baseline's, so runs on a busy machine stay
 * comparable; the response size. Afterwards each of the overview's queries is timed alone,
 * next to the same grouping without the counted rules, and explained (EXPLAIN QUERY PLAN on
 * SQLite, EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL). What-ifs size proposals without
 * touching src/: PostgreSQL with JIT compilation off (a second pool on the same database); each
 * query with the reconciliation check split into two hashable EXISTS (PostgreSQL) or with the
 * table scanned instead of the date index walked (SQLite).
 * Writes bench/results/overview.md.
 *
 *   node bin/run-ts.js bench/overview.ts [--records 1000000] [--runs 15] [--warmup 2]
 *     [--scenarios realistic,worst] [--only sqlite,postgres] [--today 2026-11-28]
 *     [--batch-size 10000] [--out bench/results/overview.md] [--check]
 */
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import {
  CompiledQuery,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  sql,
  type UnknownRow,
} from "kysely";
import pg from "pg";
import { hashToken } from "../src/auth/admin-token.ts";
import type { Bucket, Confidence, CostSource, Source } from "../src/core/enums.ts";
import type { NewUsageRecord } from "../src/core/usage-record.ts";
import { createLogger } from "../src/logging/logger.ts";
import type { ProviderId } from "../src/providers/registry.ts";
import { createApp } from "../src/server/app.ts";
import { createAccount } from "../src/services/accounts.ts";
import { createServiceContext, type ServiceContext } from "../src/services/context.ts";
import type { Overview } from "../src/services/overview.ts";
import { openStore, type Store } from "../src/storage/database.ts";
import { Cleanup } from "./lib/cleanup.ts";
import { createSqliteDatabase, POSTGRES_ADMIN_URL, postgresVersion } from "./lib/databases.ts";
import { consoleTable, machine, markdownTable, writeFile } from "./lib/report.ts";
import { formatInt, mib, round, spread } from "./lib/stats.ts";

const SCENARIOS = ["realistic", "worst"] as const;
type ScenarioId = (typeof SCENARIOS)[number];
const DIALECTS = ["sqlite", "postgres"] as const;
type Dialect = (typeof DIALECTS)[number];

const SCENARIO_TITLES: Record<ScenarioId, string> = {
  realistic: "12 months of records, each holding about 1/12 of them, the current month included",
  worst: "the same 12 months, the current month holding 50% of the records and the last month 40%",
};
const DIALECT_TITLES: Record<Dialect, string> = { sqlite: "SQLite", postgres: "PostgreSQL" };

/** The product target: the overview answers within this, with 1,000,000 records. */
const TARGET_MS = 1_000;
const ADMIN_TOKEN = "tl_admin_bench_overview_0123456789abcdefghijklmnop";

interface Options {
  records: number;
  runs: number;
  warmup: number;
  batchSize: number;
  today: string;
  scenarios: ScenarioId[];
  dialects: Dialect[];
  out: string;
  check: boolean;
  skipWhatIf: boolean;
}

function readOptions(): Options {
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
      "skip-what-if": { type: "boolean", default: false },
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
        "  --skip-what-if    do not also measure PostgreSQL with JIT compilation off",
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
    skipWhatIf: values["skip-what-if"],
  };
}

const options = readOptions();
const cleanup = new Cleanup();
cleanup.onSignals();

function log(message: string) {
  process.stderr.write(`${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// The ledger: accounts, and a year of records generated day by day in time order.
// ---------------------------------------------------------------------------------------------

type AccountKey =
  | "anthropic-prod"
  | "anthropic-research"
  | "openai-prod"
  | "openai-batch"
  | "groq-prod"
  | "perplexity-search"
  | "github-copilot";

const ACCOUNTS: { key: AccountKey; provider: ProviderId; official: boolean }[] = [
  { key: "anthropic-prod", provider: "anthropic", official: true },
  { key: "anthropic-research", provider: "anthropic", official: true },
  { key: "openai-prod", provider: "openai", official: true },
  { key: "openai-batch", provider: "openai", official: true },
  { key: "groq-prod", provider: "groq", official: false },
  { key: "perplexity-search", provider: "perplexity", official: false },
  { key: "github-copilot", provider: "github_copilot", official: false },
];
/** Its last syncs failed: the overview lists it under sync errors. */
const FAILING_ACCOUNT: AccountKey = "openai-batch";

/** A model and its price in nano-dollars per token (USD per million tokens × 1,000). */
interface Model {
  name: string;
  weight: number;
  input: bigint;
  output: bigint;
  cacheRead?: bigint;
  /** Nano-dollars per search. */
  search?: bigint;
}

/** 20 models the providers sell, and a fine-tuned one no price table knows. */
const MODELS: Record<"anthropic" | "openai" | "groq" | "perplexity", Model[]> = {
  anthropic: [
    { name: "claude-sonnet-4-5", weight: 40, input: 3000n, output: 15000n, cacheRead: 300n },
    { name: "claude-haiku-4-5", weight: 25, input: 1000n, output: 5000n, cacheRead: 100n },
    { name: "claude-opus-4-1", weight: 10, input: 15000n, output: 75000n, cacheRead: 1500n },
    { name: "claude-sonnet-4", weight: 15, input: 3000n, output: 15000n, cacheRead: 300n },
    { name: "claude-3-5-haiku", weight: 10, input: 800n, output: 4000n, cacheRead: 80n },
  ],
  openai: [
    { name: "gpt-4.1", weight: 20, input: 2000n, output: 8000n, cacheRead: 500n },
    { name: "gpt-4.1-mini", weight: 20, input: 400n, output: 1600n, cacheRead: 100n },
    { name: "gpt-4o", weight: 10, input: 2500n, output: 10000n, cacheRead: 1250n },
    { name: "gpt-4o-mini", weight: 15, input: 150n, output: 600n, cacheRead: 75n },
    { name: "o4-mini", weight: 10, input: 1100n, output: 4400n, cacheRead: 275n },
    { name: "gpt-5", weight: 15, input: 1250n, output: 10000n, cacheRead: 125n },
    { name: "gpt-5-mini", weight: 8, input: 250n, output: 2000n, cacheRead: 25n },
    { name: "text-embedding-3-small", weight: 2, input: 20n, output: 0n },
  ],
  groq: [
    { name: "llama-3.3-70b-versatile", weight: 40, input: 590n, output: 790n },
    { name: "llama-3.1-8b-instant", weight: 30, input: 50n, output: 80n },
    { name: "openai/gpt-oss-120b", weight: 20, input: 150n, output: 750n },
    { name: "qwen/qwen3-32b", weight: 10, input: 290n, output: 590n },
  ],
  perplexity: [
    { name: "sonar", weight: 60, input: 1000n, output: 1000n, search: 5_000_000n },
    { name: "sonar-pro", weight: 30, input: 3000n, output: 15000n, search: 5_000_000n },
    { name: "sonar-reasoning-pro", weight: 10, input: 2000n, output: 8000n, search: 5_000_000n },
  ],
};
const FINE_TUNED = "ft:gpt-4.1-mini:acme:support-v3";
const PROJECTS = [
  "checkout",
  "support-bot",
  "search",
  "docs-qa",
  "etl",
  "evals",
  "internal-tools",
  "sales-assist",
  "code-review",
  "translation",
  "moderation",
  "analytics",
];
const SUFFIXES = ["a1F9", "Zq0x", "7bKe", "m3Pw", "Lr8d"];
const TEAMS = ["platform", "growth", "data", "support"];
const PRICE_VERSION = "catalog-2026-10-01";

/**
 * Shares of the bulk records by kind: official hourly usage rows and daily cost rows for the
 * Anthropic and OpenAI accounts (as the sync writes them); per-request estimates the proxy and
 * SDK capture for those same accounts (superseded by official data on the days it covers); and
 * per-request estimates for Groq and Perplexity, which have no usage API.
 */
const KINDS = [
  ["anthropic_usage", 9],
  ["anthropic_cost", 1],
  ["openai_usage", 9],
  ["openai_cost", 1],
  ["captured_official", 25],
  ["groq", 35],
  ["perplexity", 20],
] as const;
type Kind = (typeof KINDS)[number][0];

/** Manual entries per month: a Copilot seat charge for the month and two one-day items. */
const MANUAL_PER_MONTH = 3;

/** mulberry32: a tiny, seedable PRNG, so every run loads the same ledger. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits `total` into whole parts proportional to `weights` (largest remainder). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    parts[i] = (parts[i] as number) + 1;
  }
  return parts;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The 12 calendar months ending with `today`'s, oldest first, as YYYY-MM. */
function monthsEndingAt(today: string): string[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7)) - 1;
  return Array.from({ length: 12 }, (_, i) =>
    new Date(Date.UTC(year, month - 11 + i, 1)).toISOString().slice(0, 7),
  );
}

/** Days of `month` up to and including `today`. */
function daysOf(month: string, today: string): string[] {
  const days: string[] = [];
  for (let d = `${month}-01`; d.startsWith(month) && d <= today; d = addDays(d, 1)) days.push(d);
  return days;
}

function monthShares(scenario: ScenarioId): number[] {
  if (scenario === "realistic") return Array.from({ length: 12 }, () => 1);
  // Ten older months share 10%; the last month 40%; the current month 50%.
  return [...Array.from({ length: 10 }, () => 1), 40, 50];
}

interface LedgerPlan {
  months: string[];
  /** Records per day, in time order. */
  days: { date: string; count: number }[];
  total: number;
}

function planLedger(scenario: ScenarioId, total: number, today: string): LedgerPlan {
  const months = monthsEndingAt(today);
  const specials = months.length * MANUAL_PER_MONTH + (months.length - 1);
  const bulk = total - specials;
  if (bulk < 1) throw new Error(`--records must be above ${specials}`);
  const perMonth = apportion(bulk, monthShares(scenario));
  const days: { date: string; count: number }[] = [];
  months.forEach((month, m) => {
    const dates = daysOf(month, today);
    // Weekends carry 60% of a weekday's traffic.
    const weights = dates.map((d) => ([0, 6].includes(new Date(d).getUTCDay()) ? 0.6 : 1));
    const counts = apportion(perMonth[m] as number, weights);
    dates.forEach((date, i) => {
      days.push({ date, count: counts[i] as number });
    });
  });
  return { months, days, total };
}

/** What the generator wrote, to check the overview's answer against. */
interface LedgerFacts {
  rows: number;
  currentMonthRows: number;
  /** Current-month rows that count (not superseded by official data). */
  currentMonthCounted: number;
  perplexityMonthNanos: Map<string, bigint>;
  reconciledMonths: string[];
}

/**
 * The ledger's records in time order, `batchSize` at a time. Deterministic: the same plan and
 * accounts give the same records (ids and write times aside).
 */
function* ledgerBatches(
  plan: LedgerPlan,
  accountIds: Record<AccountKey, string>,
  today: string,
  batchSize: number,
  facts: LedgerFacts,
): Generator<NewUsageRecord[]> {
  const random = prng(20261128);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const weighted = <T extends { weight: number }>(items: readonly T[]): T => {
    let ticket = random() * items.reduce((s, i) => s + i.weight, 0);
    for (const item of items) {
      ticket -= item.weight;
      if (ticket < 0) return item;
    }
    return items[items.length - 1] as T;
  };
  const kinds = KINDS.map(([kind, weight]) => ({ kind, weight }));
  const logUniform = (min: number, max: number) =>
    Math.floor(Math.exp(Math.log(min) + random() * (Math.log(max) - Math.log(min))));
  const currentMonth = today.slice(0, 7);
  let sequence = 0;
  const key = (prefix: string) => `${prefix}:${(sequence++).toString(36)}`;

  /** The parts of a record that vary by kind; the rest is filled in by `make`. */
  interface Parts {
    account: AccountKey;
    provider: ProviderId;
    date: string;
    time: string;
    bucket: Bucket;
    model: string | null;
    tokens?: Tokens | undefined;
    requests: number;
    searches?: number;
    cost: bigint | null;
    costSource: CostSource | null;
    priceVersion?: string | null;
    confidence: Confidence;
    source: Source;
    requestType?: "api" | "manual" | "reconciled";
    serviceTier?: string | null;
    workspace?: string | null;
    suffix?: string | null;
    project?: string | null;
    metadata: Record<string, unknown>;
    key: string;
  }
  // One flat literal per record: spreading several objects into one literal takes V8's slow
  // path and made generating the ledger slower than writing it.
  const make = (p: Parts): NewUsageRecord => ({
    account_id: accountIds[p.account],
    provider: p.provider,
    timestamp: `${p.date}T${p.time}Z`,
    date: p.date,
    month: p.date.slice(0, 7),
    bucket: p.bucket,
    model: p.model,
    prompt_tokens: p.tokens?.prompt ?? 0,
    completion_tokens: p.tokens?.completion ?? 0,
    total_tokens: p.tokens ? p.tokens.prompt + p.tokens.completion : 0,
    cache_read_tokens: p.tokens?.cacheRead ?? 0,
    cache_write_5m_tokens: 0,
    cache_write_1h_tokens: 0,
    reasoning_tokens: 0,
    requests: p.requests,
    search_queries: p.searches ?? 0,
    service_tier: p.serviceTier ?? null,
    cost_nanos: p.cost,
    currency: "USD",
    cost_source: p.costSource,
    unpriced: p.cost === null,
    price_version: p.priceVersion ?? null,
    request_type: p.requestType ?? "api",
    confidence: p.confidence,
    source: p.source,
    workspace_id: p.workspace ?? null,
    api_key_suffix: p.suffix ?? null,
    project: p.project ?? null,
    metadata: p.metadata,
    idempotency_key: p.key,
  });
  const clock = () => {
    const seconds = Math.floor(random() * 86_400);
    const hh = String(Math.floor(seconds / 3600)).padStart(2, "0");
    const mm = String(Math.floor(seconds / 60) % 60).padStart(2, "0");
    const ss = String(seconds % 60).padStart(2, "0");
    return `${hh}:${mm}:${ss}.${String(Math.floor(random() * 1000)).padStart(3, "0")}`;
  };
  const hour = () => `${String(Math.floor(random() * 24)).padStart(2, "0")}:00:00.000`;
  const tokens = (model: Model, minPrompt: number, maxPrompt: number, maxCompletion: number) => {
    const prompt = logUniform(minPrompt, maxPrompt);
    const completion = model.output === 0n ? 0 : logUniform(5, maxCompletion);
    const cacheRead =
      model.cacheRead !== undefined && prompt > 1024 && random() < 0.4
        ? Math.floor(prompt * (0.3 + random() * 0.6))
        : 0;
    const nanos =
      BigInt(prompt - cacheRead) * model.input +
      BigInt(cacheRead) * (model.cacheRead ?? model.input) +
      BigInt(completion) * model.output;
    return { prompt, completion, cacheRead, nanos };
  };
  type Tokens = ReturnType<typeof tokens>;
  const officialAccount = (provider: "anthropic" | "openai"): AccountKey =>
    random() < 0.7
      ? `${provider}-prod`
      : provider === "anthropic"
        ? "anthropic-research"
        : "openai-batch";
  const workspace = (account: AccountKey) =>
    `wrkspc_${account.slice(-4)}${Math.floor(random() * 3)}`;
  const openaiProject = () => (random() < 0.9 ? `proj_${pick(PROJECTS)}` : null);

  const record = (kind: Kind, date: string): NewUsageRecord => {
    switch (kind) {
      case "anthropic_usage": {
        const account = officialAccount("anthropic");
        const model = weighted(MODELS.anthropic);
        const t = tokens(model, 2_000, 20_000_000, 1_000_000);
        const tier = random() < 0.01 ? "priority" : random() < 0.03 ? "batch" : "standard";
        const ws = workspace(account);
        // Priority Tier usage is left out of the cost report: priced from the table.
        const priority = tier === "priority";
        return make({
          account,
          provider: "anthropic",
          date,
          time: hour(),
          bucket: "1h",
          model: model.name,
          tokens: t,
          requests: 0,
          cost: priority ? t.nanos : 0n,
          costSource: priority ? "price_table" : "official_report",
          priceVersion: priority ? PRICE_VERSION : null,
          confidence: priority ? "estimated" : "official",
          source: "admin_api",
          serviceTier: tier,
          workspace: ws,
          metadata: {
            endpoint: "usage_report",
            api_key_id: `apikey_${pick(SUFFIXES)}`,
            workspace_id: ws,
            service_tier: tier,
            ...(priority ? { label: tier } : { cost_reported_in: "cost_report" }),
          },
          key: key(`anthropic:usage:1h:${date}`),
        });
      }
      case "anthropic_cost": {
        const account = officialAccount("anthropic");
        const model = weighted(MODELS.anthropic);
        return make({
          account,
          provider: "anthropic",
          date,
          time: "00:00:00.000",
          bucket: "1d",
          model: model.name,
          requests: 0,
          cost: BigInt(logUniform(50_000_000, 400_000_000_000)),
          costSource: "official_report",
          confidence: "official",
          source: "admin_api",
          serviceTier: "standard",
          workspace: workspace(account),
          metadata: {
            endpoint: "cost_report",
            description: `${model.name} usage`,
            cost_type: "tokens",
            token_type: pick(["uncached_input_tokens", "output_tokens", "cache_read_input_tokens"]),
          },
          key: key(`anthropic:cost:1d:${date}`),
        });
      }
      case "openai_usage": {
        const model = weighted(MODELS.openai);
        const project = openaiProject();
        return make({
          account: officialAccount("openai"),
          provider: "openai",
          date,
          time: hour(),
          bucket: "1h",
          model: model.name,
          tokens: tokens(model, 2_000, 20_000_000, 1_000_000),
          requests: logUniform(1, 5_000),
          cost: 0n,
          costSource: "official_report",
          confidence: "official",
          source: "admin_api",
          project,
          metadata: { endpoint: "completions_usage", project_id: project, batch: false },
          key: key(`openai:usage:1h:${date}`),
        });
      }
      case "openai_cost": {
        const model = weighted(MODELS.openai);
        const project = openaiProject();
        return make({
          account: officialAccount("openai"),
          provider: "openai",
          date,
          time: "00:00:00.000",
          bucket: "1d",
          model: model.name,
          requests: 0,
          cost: BigInt(logUniform(10_000_000, 300_000_000_000)),
          costSource: "official_report",
          confidence: "official",
          source: "admin_api",
          project,
          metadata: {
            endpoint: "costs",
            line_item: `${model.name}, ${pick(["input", "output", "cached input"])}`,
            project_id: project,
          },
          key: key(`openai:cost:1d:${date}`),
        });
      }
      case "captured_official":
      case "groq":
      case "perplexity": {
        const [account, provider]: [AccountKey, "anthropic" | "openai" | "groq" | "perplexity"] =
          kind === "groq"
            ? ["groq-prod", "groq"]
            : kind === "perplexity"
              ? ["perplexity-search", "perplexity"]
              : random() < 0.5
                ? ["anthropic-prod", "anthropic"]
                : ["openai-prod", "openai"];
        const model = weighted(MODELS[provider]);
        const t = tokens(model, 20, 150_000, 6_000);
        const searches = model.search !== undefined ? 1 + Math.floor(random() * 3) : 0;
        const fineTuned = provider === "openai" && random() < 0.03;
        // Perplexity reports each request's cost; the others are priced from the catalog.
        const reported = provider === "perplexity";
        return make({
          account,
          provider,
          date,
          time: clock(),
          bucket: "request",
          model: fineTuned ? FINE_TUNED : model.name,
          tokens: t,
          requests: 1,
          searches,
          // A fine-tuned model no price table knows stays unpriced.
          cost: fineTuned ? null : t.nanos + BigInt(searches) * (model.search ?? 0n),
          costSource: fineTuned ? null : reported ? "provider_reported" : "price_table",
          priceVersion: fineTuned || reported ? null : PRICE_VERSION,
          confidence: "estimated",
          source: random() < 0.75 ? "proxy" : "sdk",
          serviceTier: provider === "openai" ? "default" : null,
          suffix: pick(SUFFIXES),
          project: random() < 0.92 ? pick(PROJECTS) : null,
          metadata:
            random() < 0.5
              ? { team: pick(TEAMS), trace_id: `tr_${Math.floor(random() * 2 ** 48).toString(16)}` }
              : {},
          key: key(`req_${account}`),
        });
      }
    }
  };

  /** A month's manual entries: the Copilot seats (i = 0) and two one-day items. */
  const manual = (month: string, i: number): NewUsageRecord => {
    const seats = 40 + Math.floor(random() * 20);
    return make({
      account: "github-copilot",
      provider: "github_copilot",
      date: i === 0 ? `${month}-01` : `${month}-${i === 1 ? "10" : "20"}`,
      time: "00:00:00.000",
      bucket: i === 0 ? "month" : "1d",
      model: i === 0 ? "copilot-business" : null,
      requests: 0,
      cost: i === 0 ? BigInt(seats) * 19_000_000_000n : BigInt(logUniform(1e9, 5e11)),
      costSource: "manual",
      confidence: "manual",
      source: "manual",
      requestType: "manual",
      project: i === 0 ? null : pick(PROJECTS),
      metadata: i === 0 ? { seats, unit_price: "19" } : { note: "fine-tuning job" },
      key: `manual:${month}:${i}`,
    });
  };

  /** The adjustment a reconciliation of a Perplexity month writes: the invoice's amount. */
  const adjustment = (month: string): NewUsageRecord => {
    const estimated = facts.perplexityMonthNanos.get(month) ?? 0n;
    const amount = (estimated * BigInt(980 + Math.floor(random() * 60))) / 1000n;
    facts.reconciledMonths.push(month);
    return make({
      account: "perplexity-search",
      provider: "perplexity",
      date: `${month}-01`,
      time: "00:00:00.000",
      bucket: "month",
      model: null,
      requests: 0,
      cost: amount,
      costSource: "reconciliation",
      confidence: "reconciled",
      source: "reconciliation",
      requestType: "reconciled",
      metadata: { estimated_total: estimated.toString(), delta: (amount - estimated).toString() },
      key: `reconciliation:${month}:all`,
    });
  };

  let batch: NewUsageRecord[] = [];
  const emit = (r: NewUsageRecord) => {
    batch.push(r);
    facts.rows += 1;
    if (r.month === currentMonth) {
      facts.currentMonthRows += 1;
      // Official data covers every day before today: estimates captured for those days on
      // the official accounts are superseded and not counted.
      const superseded =
        r.confidence === "estimated" &&
        (r.source === "proxy" || r.source === "sdk") &&
        (r.provider === "anthropic" || r.provider === "openai") &&
        r.date < today;
      if (!superseded) facts.currentMonthCounted += 1;
    }
    if (r.provider === "perplexity" && r.source !== "reconciliation" && r.cost_nanos !== null) {
      facts.perplexityMonthNanos.set(
        r.month,
        (facts.perplexityMonthNanos.get(r.month) ?? 0n) + r.cost_nanos,
      );
    }
  };

  let month = "";
  for (const { date, count } of plan.days) {
    if (date.slice(0, 7) !== month) {
      // A completed Perplexity month is reconciled against its invoice.
      if (month) emit(adjustment(month));
      month = date.slice(0, 7);
      emit(manual(month, 0));
    }
    for (let i = 0; i < count; i++) emit(record(weighted(kinds).kind, date));
    if (date.endsWith("-10")) emit(manual(month, 1));
    if (date.endsWith("-20")) emit(manual(month, 2));
    while (batch.length >= batchSize) {
      yield batch.slice(0, batchSize);
      batch = batch.slice(batchSize);
    }
  }
  if (batch.length > 0) yield batch;
}

// ---------------------------------------------------------------------------------------------
// Databases: a SQLite file and a PostgreSQL database per scenario, removed afterwards.
// ---------------------------------------------------------------------------------------------

interface BenchDb {
  /** "sqlite", "postgres", or "postgres-jit-off" for the what-if over the same database. */
  key: string;
  title: string;
  /** A configuration the product does not ship, measured to size a proposal. */
  whatIf: boolean;
  dialect: Dialect;
  url: string;
  store: Store;
  ctx: ServiceContext;
  app: ReturnType<typeof createApp>;
  accountIds: Record<AccountKey, string>;
  /** Bytes on disk after loading (table and indexes). */
  sizeBytes: number;
  loadSeconds: number;
  analyzeSeconds: number;
  drop(): Promise<void>;
}

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function openBenchDb(dialect: Dialect, scenario: ScenarioId): Promise<BenchDb> {
  let url: string;
  let dropDatabase: () => Promise<void>;
  if (dialect === "sqlite") {
    const database = createSqliteDatabase(cleanup, `overview-${scenario}`);
    url = database.url;
    dropDatabase = database.drop;
  } else {
    const name = `tokenledger_bench_overview_${process.pid}_${scenario}`;
    await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    await withAdminClient((c) => c.query(`CREATE DATABASE ${name}`));
    dropDatabase = cleanup.add(`postgres database ${name}`, () =>
      withAdminClient(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
    );
    const parsed = new URL(POSTGRES_ADMIN_URL);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
  }
  const store = await openStore(url);
  const closeStore = cleanup.add(`store ${store.description}`, () => store.close());
  // The overview is "as of" mid-afternoon of --today, the day the data is generated around.
  const now = new Date(`${options.today}T15:00:00.000Z`);
  const ctx = createServiceContext(store, { now: () => now });
  const app = createApp({
    ctx,
    adminTokenHash: hashToken(ADMIN_TOKEN),
    logger: createLogger("silent"),
  });
  const accountIds = {} as Record<AccountKey, string>;
  for (const { key, provider } of ACCOUNTS) {
    accountIds[key] = (await createAccount(ctx, { provider, name: key })).id;
  }
  return {
    key: dialect,
    title: DIALECT_TITLES[dialect],
    whatIf: false,
    dialect,
    url,
    store,
    ctx,
    app,
    accountIds,
    sizeBytes: 0,
    loadSeconds: 0,
    analyzeSeconds: 0,
    drop: async () => {
      await closeStore();
      await dropDatabase();
    },
  };
}

/**
 * What-if: the same PostgreSQL database through a second pool whose sessions run with JIT
 * compilation off (`options=-c jit=off` on the connection, as a deployment could set it). The
 * product's configuration is left as it is; this only sizes the proposal.
 */
async function openJitOffVariant(base: BenchDb): Promise<BenchDb> {
  const url = new URL(base.url);
  url.searchParams.set("options", "-c jit=off");
  const store = await openStore(url.toString());
  const closeStore = cleanup.add(`store ${store.description} (jit off)`, () => store.close());
  const jit = await sql<{ jit: string }>`show jit`.execute(store.db);
  if (jit.rows[0]?.jit !== "off") throw new Error(`jit is ${jit.rows[0]?.jit} on the what-if pool`);
  const ctx = createServiceContext(store, { now: base.ctx.now });
  return {
    ...base,
    key: "postgres-jit-off",
    title: "PostgreSQL, jit = off (what-if)",
    whatIf: true,
    url: url.toString(),
    store,
    ctx,
    app: createApp({ ctx, adminTokenHash: hashToken(ADMIN_TOKEN), logger: createLogger("silent") }),
    drop: closeStore,
  };
}

/** Loads the ledger through the storage layer's batch upsert, printing progress. */
async function load(db: BenchDb, plan: LedgerPlan): Promise<LedgerFacts> {
  const facts: LedgerFacts = {
    rows: 0,
    currentMonthRows: 0,
    currentMonthCounted: 0,
    perplexityMonthNanos: new Map(),
    reconciledMonths: [],
  };
  const now = `${options.today}T14:00:00.000Z`;
  const started = performance.now();
  let written = 0;
  let nextReport = 100_000;
  // PostgreSQL works in its own process: keep a few batches in flight.
  const inFlight = db.dialect === "postgres" ? 3 : 1;
  const pending = new Set<Promise<void>>();
  let failure: unknown;
  for (const batch of ledgerBatches(plan, db.accountIds, options.today, options.batchSize, facts)) {
    if (failure) break;
    const write = db.ctx.usage.upsertMany(batch, now).then((result) => {
      if (result.inserted !== batch.length) {
        throw new Error(`${db.dialect}: ${result.inserted} of ${batch.length} records inserted`);
      }
      written += batch.length;
      if (written >= nextReport || written === plan.total) {
        const seconds = (performance.now() - started) / 1000;
        log(
          `    ${DIALECT_TITLES[db.dialect]}: ${formatInt(written)} / ${formatInt(plan.total)} records` +
            ` (${seconds.toFixed(1)} s, ${formatInt(written / seconds)} records/s)`,
        );
        while (nextReport <= written) nextReport += 100_000;
      }
    });
    const tracked: Promise<void> = write
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => pending.delete(tracked));
    pending.add(tracked);
    if (pending.size >= inFlight) await Promise.race(pending);
  }
  await Promise.all(pending);
  if (failure) throw failure;
  if (facts.rows !== plan.total) throw new Error(`generated ${facts.rows}, planned ${plan.total}`);
  await seedBookkeeping(db, plan, facts);
  db.loadSeconds = (performance.now() - started) / 1000;

  // Production databases have statistics: PostgreSQL's autovacuum gathers them (and sets the
  // visibility map); on SQLite, ANALYZE fills sqlite_stat1.
  const analyzeStarted = performance.now();
  if (db.dialect === "postgres") {
    await sql`vacuum (analyze)`.execute(db.store.db);
    const stats = await sql<{ last_analyze: string | null; reltuples: number }>`
      select s.last_analyze, c.reltuples from pg_stat_user_tables s
      join pg_class c on c.oid = s.relid where s.relname = 'usage_records'`.execute(db.store.db);
    const row = stats.rows[0];
    if (!row?.last_analyze || Number(row.reltuples) < plan.total * 0.9) {
      throw new Error(`postgres: usage_records not analyzed: ${JSON.stringify(row)}`);
    }
    const size = await sql<{ bytes: bigint }>`
      select pg_total_relation_size('usage_records') as bytes`.execute(db.store.db);
    db.sizeBytes = Number(size.rows[0]?.bytes ?? 0);
  } else {
    await sql`analyze`.execute(db.store.db);
    await sql`pragma wal_checkpoint(truncate)`.execute(db.store.db);
    const stats = await sql<{ n: bigint }>`
      select count(*) as n from sqlite_stat1 where tbl = 'usage_records'`.execute(db.store.db);
    if (Number(stats.rows[0]?.n ?? 0) === 0) throw new Error("sqlite: usage_records not analyzed");
    db.sizeBytes = statSync(db.store.description.replace(/^sqlite:/, "")).size;
  }
  db.analyzeSeconds = (performance.now() - analyzeStarted) / 1000;
  const rows = await countRows(db);
  if (rows !== plan.total)
    throw new Error(`${db.dialect}: ${rows} rows stored, expected ${plan.total}`);
  return facts;
}

/**
 * What the sync and reconciliation write besides records: official coverage of every day
 * before today for the official accounts, sync status and run history (one account's latest
 * runs failing), and a current reconciliation of each completed Perplexity month.
 */
async function seedBookkeeping(db: BenchDb, plan: LedgerPlan, facts: LedgerFacts) {
  const now = `${options.today}T14:00:00.000Z`;
  const covered = plan.days.map((d) => d.date).filter((d) => d < options.today);
  for (const { key, official } of ACCOUNTS) {
    if (!official) continue;
    const id = db.accountIds[key];
    for (let i = 0; i < covered.length; i += 500) {
      await db.ctx.sync.markCovered(id, covered.slice(i, i + 500), now);
    }
    // 100 hourly runs back from now; the failing account's last 6 failed.
    const runs = Array.from({ length: 100 }, (_, i) => {
      const started = new Date(Date.parse(now) - i * 3_600_000).toISOString();
      const failed = key === FAILING_ACCOUNT && i < 6;
      return {
        id: `run_${key}_${i.toString().padStart(3, "0")}`,
        account_id: id,
        trigger: "schedule",
        window_start: addDays(started.slice(0, 10), -3),
        window_end: started.slice(0, 10),
        started_at: started,
        finished_at: started,
        outcome: failed ? "failed" : "success",
        records: failed ? 0 : 120,
        inserted: failed ? 0 : 24,
        updated: 0,
        unchanged: failed ? 0 : 96,
        error_class: failed ? "rate_limited" : null,
        error_message: failed ? "429 Too Many Requests: retry budget exhausted" : null,
      };
    });
    await db.store.db.insertInto("sync_runs").values(runs).execute();
    const failing = key === FAILING_ACCOUNT;
    await db.ctx.sync.updateStatus(
      id,
      {
        last_run_at: runs[0]?.started_at ?? now,
        last_success_at: (failing ? runs[6] : runs[0])?.started_at ?? now,
        last_error_class: failing ? "rate_limited" : null,
        last_error_message: failing ? "429 Too Many Requests: retry budget exhausted" : null,
        next_run_at: new Date(Date.parse(now) + 3_600_000).toISOString(),
      },
      now,
    );
  }
  const reconciliations = facts.reconciledMonths.map((period, i) => {
    const estimated = facts.perplexityMonthNanos.get(period) ?? 0n;
    return {
      id: `rec_${i.toString().padStart(3, "0")}`,
      account_id: db.accountIds["perplexity-search"],
      period,
      api_key_suffix: null,
      amount_nanos: estimated,
      estimated_nanos: estimated,
      note: "invoice",
      status: "current",
      created_at: `${addDays(`${period}-01`, 40)}T09:00:00.000Z`,
      undone_at: null,
    };
  });
  if (reconciliations.length > 0) {
    await db.store.db.insertInto("reconciliations").values(reconciliations).execute();
  }
}

async function countRows(db: BenchDb): Promise<number> {
  const result = await sql<{ n: bigint | string }>`select count(*) as n from usage_records`.execute(
    db.store.db,
  );
  return Number(result.rows[0]?.n ?? 0);
}

// ---------------------------------------------------------------------------------------------
// Measuring.
// ---------------------------------------------------------------------------------------------

interface Timing {
  median: number;
  p90: number;
  min: number;
  max: number;
}

function timing(values: readonly number[]): Timing {
  const sorted = [...values].sort((a, b) => a - b);
  const s = spread(values);
  const p90 = sorted[Math.max(0, Math.ceil(0.9 * sorted.length) - 1)] as number;
  return { median: s.median, p90, min: s.min, max: s.max };
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
function checkOverview(db: BenchDb, body: string, facts: LedgerFacts) {
  const overview = JSON.parse(body) as Overview;
  const problems: string[] = [];
  if (overview.today !== options.today) problems.push(`today ${overview.today}`);
  if (overview.records !== facts.currentMonthCounted) {
    problems.push(`records ${overview.records}, expected ${facts.currentMonthCounted}`);
  }
  if (overview.daily.length !== Number(options.today.slice(8, 10))) {
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

interface Measurement {
  scenario: ScenarioId;
  key: string;
  title: string;
  whatIf: boolean;
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

/** Warm-up, then rounds: in each, every database in turn (order alternating) runs all three. */
async function measure(dbs: BenchDb[], facts: Map<Dialect, LedgerFacts>) {
  const samples = new Map(
    dbs.map((db) => [
      db.key,
      { overview: [] as number[], baseline: [] as number[], health: [] as number[], bytes: 0 },
    ]),
  );
  for (const db of dbs) {
    for (let i = 0; i < options.warmup; i++) {
      const { body } = await overviewRequest(db);
      if (i === 0) checkOverview(db, body, facts.get(db.dialect) as LedgerFacts);
      await baselineQuery(db);
      await healthRequest(db);
    }
  }
  for (let round = 0; round < options.runs; round++) {
    const order = round % 2 === 0 ? dbs : [...dbs].reverse();
    for (const db of order) {
      const s = samples.get(db.key);
      if (!s) continue;
      s.baseline.push(await baselineQuery(db));
      s.health.push(await healthRequest(db));
      const result = await overviewRequest(db);
      s.overview.push(result.ms);
      s.bytes = result.bytes;
    }
    log(
      `    round ${round + 1}/${options.runs}: ` +
        dbs
          .map((db) => `${db.title} ${samples.get(db.key)?.overview.at(-1)?.toFixed(0)} ms`)
          .join(", "),
    );
  }
  return samples;
}

// ---------------------------------------------------------------------------------------------
// Profiling: each query the overview runs, timed alone and explained.
// ---------------------------------------------------------------------------------------------

interface QueryProfile {
  label: string;
  sql: string;
  parameters: readonly unknown[];
  ms: number;
  /** The same grouping and sums over the same dates without the counted rules (no subqueries). */
  plainMs: number | null;
  /** The what-if query of its dialect, alone (see whatIfQuery). */
  whatIfMs: number | null;
  /** What-if: the same query over a daily rollup of the records (see ROLLUP_KEYS). */
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
 * What-if (PostgreSQL): the query with each reconciliation EXISTS, whose condition holds an OR
 * on the API key suffix, split into two EXISTS of plain equalities (suffix null; suffix equal).
 * PostgreSQL runs the OR form as a SubPlan per row (twice per row: cost and unpriced sums), and
 * can hash the split form, evaluating each subquery once. Same rows, same result; null when the
 * query's text no longer has the expected shape.
 */
const RECONCILIATION_EXISTS =
  /exists \(select "reconciliations"\."id" from "reconciliations" where (.*?) and \("reconciliations"\."api_key_suffix" is null or "reconciliations"\."api_key_suffix" = "usage_records"\."api_key_suffix"\)\)/g;

function splitReconciliation(query: CompiledQuery): CompiledQuery | null {
  const split = query.sql.replace(
    RECONCILIATION_EXISTS,
    (_, where: string) =>
      `(exists (select "reconciliations"."id" from "reconciliations" where ${where} and "reconciliations"."api_key_suffix" is null)` +
      ` or exists (select "reconciliations"."id" from "reconciliations" where ${where} and "reconciliations"."api_key_suffix" = "usage_records"."api_key_suffix"))`,
  );
  return split === query.sql ? null : CompiledQuery.raw(split, [...query.parameters]);
}

/**
 * What-if: a daily rollup of the records, one row per distinct value of every column the
 * overview's queries group by or test (the counted rules included), with the sums and a count.
 * The overview's own queries run on it unchanged but for the table's name and count(*) →
 * sum(records), and must answer exactly as on the records. Built once per database, in the
 * scratch database only; maintaining it on write is the proposal, not measured here.
 */
const ROLLUP = "bench_rollup_whatif";
const ROLLUP_KEYS = [
  "account_id",
  "date",
  "month",
  "provider",
  "model",
  "project",
  "confidence",
  "source",
  "api_key_suffix",
];
const ROLLUP_SUMS = [
  "cost_nanos",
  "prompt_tokens",
  "completion_tokens",
  "total_tokens",
  "cache_read_tokens",
  "requests",
  "search_queries",
  "unpriced",
];

interface Rollup {
  buildSeconds: number;
  /** Rollup rows from `from` on, and in the month before. */
  currentMonthRows: number;
  lastMonthRows: number;
}

async function ensureRollup(db: BenchDb, from: string, previousFrom: string): Promise<Rollup> {
  const started = performance.now();
  const keys = ROLLUP_KEYS.map((k) => `"${k}"`).join(", ");
  const sums = ROLLUP_SUMS.map((c) => `sum("${c}") as "${c}"`).join(", ");
  const run = (text: string, parameters: unknown[] = []) =>
    db.store.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, parameters));
  await run(
    `create table if not exists "${ROLLUP}" as select ${keys}, ${sums}, count(*) as "records" from "usage_records" group by ${keys}`,
  );
  await run(`create index if not exists "${ROLLUP}_date_idx" on "${ROLLUP}" ("date")`);
  await run(`analyze "${ROLLUP}"`);
  const buildSeconds = (performance.now() - started) / 1000;
  const [p1, p2] = db.dialect === "postgres" ? ["$1", "$2"] : ["?", "?"];
  const count = async (a: string, b: string) =>
    Number(
      (
        await run(
          `select count(*) as n from "${ROLLUP}" where "date" >= ${p1} and "date" < ${p2}`,
          [a, b],
        )
      ).rows[0]?.n ?? 0,
    );
  return {
    buildSeconds,
    currentMonthRows: await count(from, "9999-12-31"),
    lastMonthRows: await count(previousFrom, from),
  };
}

function overRollup(query: CompiledQuery): CompiledQuery | null {
  if (!query.sql.includes('count(*) as "records"')) return null;
  const text = query.sql
    .replaceAll('"usage_records"', `"${ROLLUP}"`)
    .replace('count(*) as "records"', 'sum("records") as "records"');
  return CompiledQuery.raw(text, [...query.parameters]);
}

/** Median time of `runs` executions, and the rows of the last. */
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

function whatIfQuery(dialect: Dialect, query: CompiledQuery): CompiledQuery | null {
  return dialect === "postgres" ? splitReconciliation(query) : tableScan(query);
}

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

async function profile(db: BenchDb): Promise<{ queries: QueryProfile[]; rollup: Rollup }> {
  const months = monthsEndingAt(options.today);
  const rollup = await ensureRollup(db, `${months[11]}-01`, `${months[10]}-01`);
  const recorder = new QueryRecorder();
  const recordingStore: Store = { ...db.store, db: db.store.db.withPlugin(recorder) };
  const ctx = createServiceContext(recordingStore, { now: db.ctx.now });
  const app = createApp({
    ctx,
    adminTokenHash: hashToken(ADMIN_TOKEN),
    logger: createLogger("silent"),
  });
  const response = await app.request("/api/v1/overview", {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  await response.text();
  const executor = db.store.db.getExecutor();
  const compiled = recorder.queries.map(({ node, queryId }) =>
    executor.compileQuery(node, queryId),
  );
  const profiles: QueryProfile[] = [];
  for (const query of compiled) {
    const label = labelOf(query.sql, query.parameters);
    const usage = label.startsWith("usage_records");
    const alone = await timeAlone(db, query);
    const plainMs = usage
      ? (await timeAlone(db, plainQuery(db.dialect, query.sql, query.parameters), 2)).ms
      : null;
    const whatIf = usage ? whatIfQuery(db.dialect, query) : null;
    let whatIfMs: number | null = null;
    if (whatIf) {
      const whatIfAlone = await timeAlone(db, whatIf);
      // The what-if must answer exactly what the query answers.
      if (!sameRows(alone.rows, whatIfAlone.rows)) {
        throw new Error(`${db.title}: the what-if query answers differently`);
      }
      whatIfMs = whatIfAlone.ms;
    }
    const rolled = usage ? overRollup(query) : null;
    let rollupMs: number | null = null;
    if (rolled) {
      const rollupAlone = await timeAlone(db, rolled);
      if (sameRows(alone.rows, rollupAlone.rows) === false) {
        throw new Error(`${db.title}: the query over the rollup answers differently`);
      }
      rollupMs = rollupAlone.ms;
    }
    let plan = "";
    if (usage && !db.whatIf) {
      const explain =
        db.dialect === "postgres"
          ? `explain (analyze, buffers) ${query.sql}`
          : `explain query plan ${query.sql}`;
      const result = await db.store.db.executeQuery<Record<string, unknown>>(
        CompiledQuery.raw(explain, [...query.parameters]),
      );
      plan =
        db.dialect === "postgres"
          ? result.rows.map((r) => String(r["QUERY PLAN"])).join("\n")
          : sqlitePlan(result.rows);
    }
    profiles.push({
      label,
      sql: query.sql,
      parameters: query.parameters,
      ms: alone.ms,
      plainMs,
      whatIfMs,
      rollupMs,
      plan,
    });
  }
  return { queries: profiles, rollup };
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

// ---------------------------------------------------------------------------------------------
// Report.
// ---------------------------------------------------------------------------------------------

function gitCommit(): string | null {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" });
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src"], { encoding: "utf8" });
    return `${commit.trim()}${dirty.trim() ? " (src modified)" : ""}`;
  } catch {
    return null;
  }
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

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
    `${r.overview.median < TARGET_MS ? "met" : "MISSED"}${r.whatIf ? " (what-if)" : ""}`,
  ]);
}

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

async function postgresSettings(): Promise<string> {
  const names = ["shared_buffers", "work_mem", "max_parallel_workers_per_gather", "jit"];
  return withAdminClient(async (client) => {
    const parts: string[] = [];
    for (const name of names) {
      const result = await client.query<Record<string, string>>(`SHOW ${name}`);
      parts.push(`${name} ${Object.values(result.rows[0] ?? {})[0]}`);
    }
    return parts.join(", ");
  });
}

function report(
  results: Measurement[],
  env: Record<string, unknown>,
  load: { start: number[]; end: number[] },
  seconds: number,
) {
  const loadText = (l: number[]) => l.map((x) => x.toFixed(2)).join(" / ");
  const rows = resultRows(results);

  const queryHead = [
    "database",
    "scenario",
    "query",
    "ms alone",
    "without counted rules ms",
    "what-if query ms",
    "over a daily rollup (what-if) ms",
  ];
  const queryRows = results.flatMap((r) =>
    r.queries
      .filter((q) => q.plainMs !== null)
      .map((q) => [
        r.title,
        r.scenario,
        q.label,
        ms(q.ms),
        ms(q.plainMs ?? 0),
        q.whatIfMs === null ? "—" : ms(q.whatIfMs),
        q.rollupMs === null ? "—" : ms(q.rollupMs),
      ]),
  );
  const bookkeeping = results.map((r) => {
    const qs = r.queries.filter((q) => q.plainMs === null);
    return `${r.title} · ${r.scenario}: ${qs.length} queries, ${ms(qs.reduce((sum, q) => sum + q.ms, 0))} ms together`;
  });

  const loaded = results.filter((r) => !r.whatIf);
  const setupHead = [
    "database",
    "scenario",
    "load s",
    "records/s",
    "ANALYZE s",
    "size MiB",
    "current-month records counted",
  ];
  const setupRows = loaded.map((r) => [
    r.title,
    r.scenario,
    r.loadSeconds.toFixed(1),
    formatInt(r.records / r.loadSeconds),
    r.analyzeSeconds.toFixed(1),
    formatInt(mib(r.sizeBytes)),
    formatInt(r.currentMonthCounted),
  ]);

  console.log(consoleTable(RESULT_HEAD, rows));
  console.log(consoleTable(queryHead, queryRows));
  console.log(consoleTable(setupHead, setupRows));

  const plans = loaded.flatMap((r) =>
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
  const sample = loaded
    .find((r) => r.dialect === "postgres")
    ?.queries.find((q) => q.label.includes("by provider, model, project"));

  const markdown = [
    "# Overview benchmark",
    "",
    `Measured ${new Date().toISOString()} on ${env.cpus} × ${env.cpu} (${env.memoryGiB} GiB), ${env.platform}, ` +
      `Node ${env.node}, PostgreSQL ${env.postgres ?? "n/a"} (${env.postgresSettings ?? "n/a"}), commit ${env.commit ?? "unknown"}.`,
    `\`GET /api/v1/overview\` through the Hono app (\`app.request\`, bearer token), as of ${options.today}: ` +
      `${options.warmup} warm-up requests, then ${options.runs} rounds, each timing on every database the baseline ` +
      "(`select count(*), sum(total_tokens) from usage_records`: one pass over every row), `GET /healthz` and the overview. " +
      `Whole run ${seconds.toFixed(0)} s. The machine was shared with other work: 1 / 5 / 15-minute load average ` +
      `${loadText(load.start)} at the start, ${loadText(load.end)} at the end, on ${env.cpus} cores.`,
    "",
    markdownTable(RESULT_HEAD, rows),
    "",
    `Target: the median under ${formatInt(TARGET_MS)} ms. Ratio: the overview's median over the baseline's median, ` +
      "both from the same rounds. Rows marked what-if are the same PostgreSQL database through a pool " +
      "with `jit = off` (not the product's configuration; it sizes a proposal).",
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
      "Last column, what-if, checked to return the same rows: on PostgreSQL the same query with the " +
      "reconciliation check (`storage/counted.ts`) written as two EXISTS of plain equalities instead of " +
      "one with an OR on `api_key_suffix`, which PostgreSQL can hash; on SQLite the same query with " +
      '`from "usage_records" not indexed`: a scan of the table instead of a walk of `usage_records_date_idx` ' +
      "with a lookup of every row. Rollup column, what-if, checked to return the same rows: the same query " +
      `over a daily rollup of the records (table \`${ROLLUP}\`, one row per ${ROLLUP_KEYS.join(", ")}, with ` +
      "the sums and a count; only the table name and `count(*)` → `sum(records)` changed), built in the " +
      "scratch database after the rounds.",
    "",
    markdownTable(queryHead, queryRows),
    "",
    ...bookkeeping.map((b) => `- bookkeeping (accounts, sync status, sync runs): ${b}`),
    ...loaded.map(
      (r) =>
        `- daily rollup (what-if) · ${r.title} · ${r.scenario}: ${formatInt(r.rollup.currentMonthRows)} rows for the ` +
        `current month's ${formatInt(r.currentMonthRecords)} records, ${formatInt(r.rollup.lastMonthRows)} for the last month; ` +
        `built from all records in ${r.rollup.buildSeconds.toFixed(1)} s`,
    ),
    "",
    "## Setup",
    "",
    markdownTable(setupHead, setupRows),
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
          "The month's top-list query as PostgreSQL receives it (the other two differ in the grouping and dates):",
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

// ---------------------------------------------------------------------------------------------

async function runScenario(scenario: ScenarioId, results: Measurement[]) {
  const plan = planLedger(scenario, options.records, options.today);
  const currentMonth = options.today.slice(0, 7);
  log(
    `${scenario}: ${formatInt(plan.total)} records over ${plan.months[0]} … ${currentMonth}, ` +
      `${formatInt(plan.days.filter((d) => d.date.startsWith(currentMonth)).reduce((s, d) => s + d.count, 0))} in the current month`,
  );
  const dbs: BenchDb[] = [];
  const facts = new Map<Dialect, LedgerFacts>();
  try {
    for (const dialect of options.dialects) {
      const db = await openBenchDb(dialect, scenario);
      dbs.push(db);
      log(`  loading ${DIALECT_TITLES[dialect]} (${db.store.description})`);
      facts.set(dialect, await load(db, plan));
      log(
        `  ${DIALECT_TITLES[dialect]}: loaded in ${db.loadSeconds.toFixed(1)} s, ` +
          `ANALYZE ${db.analyzeSeconds.toFixed(1)} s, ${formatInt(mib(db.sizeBytes))} MiB`,
      );
      if (dialect === "postgres" && !options.skipWhatIf) dbs.push(await openJitOffVariant(db));
    }
    log(`  measuring: ${options.warmup} warm-up, ${options.runs} rounds`);
    const samples = await measure(dbs, facts);
    for (const db of dbs) {
      log(`  profiling ${db.title}: each query alone, and its plan`);
      const s = samples.get(db.key);
      const f = facts.get(db.dialect);
      if (!s || !f) continue;
      const overview = timing(s.overview);
      const baseline = timing(s.baseline);
      results.push({
        scenario,
        key: db.key,
        title: db.title,
        whatIf: db.whatIf,
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
        ...(await profile(db)),
      });
    }
  } finally {
    for (const db of dbs.reverse()) await db.drop();
  }
}

async function main() {
  const started = performance.now();
  const loadStart = loadavg();
  const env: Record<string, unknown> = { ...machine(), commit: gitCommit() };
  if (options.dialects.includes("postgres")) {
    env.postgres = await postgresVersion(POSTGRES_ADMIN_URL);
    env.postgresSettings = await postgresSettings();
  }
  log(`load average at start: ${loadStart.map((x) => x.toFixed(2)).join(" / ")}`);
  const results: Measurement[] = [];
  for (const scenario of options.scenarios) await runScenario(scenario, results);
  const loadEnd = loadavg();
  const seconds = (performance.now() - started) / 1000;
  report(results, env, { start: loadStart, end: loadEnd }, seconds);
  log(
    `whole run ${seconds.toFixed(0)} s; load average at end: ${loadEnd.map((x) => x.toFixed(2)).join(" / ")}`,
  );
  if (options.check && results.some((r) => r.overview.median >= TARGET_MS)) process.exitCode = 1;
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
