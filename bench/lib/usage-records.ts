/**
 * Realistic usage records for load: several accounts across providers, their real models,
 * token counts spanning small chat turns to long-context calls, cache and reasoning tokens
 * where the provider has them, exact costs as decimal strings (most records carry the
 * provider-reported cost; some carry none and are priced from the catalog at ingest; a few
 * name a fine-tuned model no catalog knows and stay unpriced). Timestamps arrive the way live
 * traffic does: advancing about 30 s per record, jittered by a few seconds, with 5% of records
 * arriving up to 6 hours late. Deterministic for a given seed; every record of a generator has
 * its own idempotency key.
 */
import type { ProviderId } from "../../src/providers/registry.ts";

export interface BenchAccount {
  provider: ProviderId;
  name: string;
}

/** The accounts a benchmark database is seeded with, and how much of the traffic each carries. */
export const BENCH_ACCOUNTS: readonly (BenchAccount & { weight: number })[] = [
  { provider: "anthropic", name: "anthropic-prod", weight: 25 },
  { provider: "anthropic", name: "anthropic-research", weight: 10 },
  { provider: "openai", name: "openai-prod", weight: 25 },
  { provider: "openai", name: "openai-batch", weight: 10 },
  { provider: "groq", name: "groq-prod", weight: 20 },
  { provider: "perplexity", name: "perplexity-search", weight: 10 },
];

/** Prices in nano-dollars per token (= USD per million tokens × 1,000), so costs stay exact. */
interface Model {
  name: string;
  input: bigint;
  output: bigint;
  cacheRead?: bigint;
  cacheWrite5m?: bigint;
  reasoning?: boolean;
  /** Nano-dollars per search query. */
  search?: bigint;
}

const MODELS: Record<ProviderId, readonly Model[]> = {
  anthropic: [
    {
      name: "claude-sonnet-4-5",
      input: 3000n,
      output: 15000n,
      cacheRead: 300n,
      cacheWrite5m: 3750n,
    },
    { name: "claude-haiku-4-5", input: 1000n, output: 5000n, cacheRead: 100n, cacheWrite5m: 1250n },
    {
      name: "claude-opus-4-1",
      input: 15000n,
      output: 75000n,
      cacheRead: 1500n,
      cacheWrite5m: 18750n,
    },
  ],
  openai: [
    { name: "gpt-4.1", input: 2000n, output: 8000n, cacheRead: 500n },
    { name: "gpt-4.1-mini", input: 400n, output: 1600n, cacheRead: 100n },
    { name: "o4-mini", input: 1100n, output: 4400n, cacheRead: 275n, reasoning: true },
    { name: "gpt-5", input: 1250n, output: 10000n, cacheRead: 125n, reasoning: true },
  ],
  groq: [
    { name: "llama-3.3-70b-versatile", input: 590n, output: 790n },
    { name: "llama-3.1-8b-instant", input: 50n, output: 80n },
    { name: "openai/gpt-oss-120b", input: 150n, output: 750n },
  ],
  perplexity: [
    { name: "sonar", input: 1000n, output: 1000n, search: 5_000_000n },
    { name: "sonar-pro", input: 3000n, output: 15000n, search: 5_000_000n },
  ],
  github_copilot: [{ name: "copilot-business", input: 0n, output: 0n }],
};

const PROJECTS = ["checkout", "support-bot", "search", "docs-qa", "etl", "evals", "internal-tools"];
const TEAMS = ["platform", "growth", "data", "support"];
const FEATURES = ["chat", "summarize", "classify", "extract", "embed-rerank", "agent"];
const SOURCES = ["proxy", "proxy", "proxy", "sdk", "sdk", "ingest_api"] as const;
const SUFFIXES = ["a1F9", "Zq0x", "7bKe", "m3Pw"];

/** Where the traffic clock starts: a date every catalog model is priced at. */
const CLOCK_START = Date.UTC(2026, 0, 5);
const MEAN_GAP_MS = 30_000;
const JITTER_MS = 5_000;
const LATE_MS = 6 * 3600 * 1000;
/** A fine-tuned model: no price table has it, so a record without a cost stays unpriced. */
const UNKNOWN_MODEL = "ft:gpt-4.1-mini:acme:support-v3";

/** mulberry32: a tiny, fast, seedable PRNG (Math.random cannot be seeded). */
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

/** Nano-dollars as the wire's decimal string: "0.004215", "12.5", "0". */
export function nanosToDecimal(nanos: bigint): string {
  const whole = nanos / 1_000_000_000n;
  const fraction = (nanos % 1_000_000_000n).toString().padStart(9, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole.toString();
}

export type WireRecord = Record<string, unknown>;

export interface RecordGenerator {
  /** The next `size` records, each with a new idempotency key. */
  batch(size: number): WireRecord[];
}

/**
 * Records for `accounts` (ids as stored). `keyPrefix` makes keys unique across generators
 * that write to the same database.
 */
export function usageRecordGenerator(
  accounts: readonly { id: string; provider: ProviderId; weight: number }[],
  keyPrefix: string,
  seed = 1,
): RecordGenerator {
  const random = prng(seed);
  const totalWeight = accounts.reduce((sum, a) => sum + a.weight, 0);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number) => random() < p;
  /** Log-uniform integer in [min, max]: many small calls, a long tail of big ones. */
  const logUniform = (min: number, max: number) =>
    Math.floor(Math.exp(Math.log(min) + random() * (Math.log(max) - Math.log(min))));
  let sequence = 0;
  let clock = CLOCK_START + Math.floor(random() * 24 * 3600 * 1000);

  const pickAccount = () => {
    let ticket = random() * totalWeight;
    for (const account of accounts) {
      ticket -= account.weight;
      if (ticket < 0) return account;
    }
    return accounts[accounts.length - 1] as (typeof accounts)[number];
  };

  const next = (): WireRecord => {
    const account = pickAccount();
    const model = pick(MODELS[account.provider]);
    const prompt = logUniform(20, 150_000);
    const completion = logUniform(5, 6_000);
    let cacheRead = 0;
    let cacheWrite5m = 0;
    if (model.cacheRead !== undefined && prompt > 1024 && chance(0.4)) {
      cacheRead = Math.floor(prompt * (0.3 + random() * 0.6));
      if (model.cacheWrite5m !== undefined && chance(0.3)) {
        cacheWrite5m = Math.floor((prompt - cacheRead) * random());
      }
    }
    const reasoning = model.reasoning ? Math.floor(completion * (0.2 + random() * 0.6)) : 0;
    const searches = model.search !== undefined ? 1 + Math.floor(random() * 3) : 0;
    const uncached = BigInt(prompt - cacheRead - cacheWrite5m);
    const nanos =
      uncached * model.input +
      BigInt(cacheRead) * (model.cacheRead ?? model.input) +
      BigInt(cacheWrite5m) * (model.cacheWrite5m ?? model.input) +
      BigInt(completion) * model.output +
      BigInt(searches) * (model.search ?? 0n);
    clock += Math.floor(random() * 2 * MEAN_GAP_MS);
    const late = chance(0.05) ? Math.floor(random() * LATE_MS) : 0;
    const at = new Date(clock + Math.floor((random() * 2 - 1) * JITTER_MS) - late);
    sequence += 1;
    // 80% carry the provider-reported cost, the rest none (priced from the catalog), except
    // about 1% in all (3% of OpenAI traffic) that name a fine-tuned model and stay unpriced.
    const costRoll = random();

    const record: WireRecord = {
      account_id: account.id,
      timestamp: chance(0.9) ? at.toISOString() : `${at.toISOString().slice(0, 19)}Z`,
      model: costRoll >= 0.97 && account.provider === "openai" ? UNKNOWN_MODEL : model.name,
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_cost: costRoll < 0.8 ? nanosToDecimal(nanos) : null,
      source: pick(SOURCES),
      project: pick(PROJECTS),
      api_key_suffix: pick(SUFFIXES),
      idempotency_key: `req_${keyPrefix}_${sequence.toString(36).padStart(6, "0")}`,
    };
    if (chance(0.5)) record.provider = account.provider;
    if (chance(0.5)) record.total_tokens = prompt + completion;
    if (cacheRead > 0) record.cache_read_tokens = cacheRead;
    if (cacheWrite5m > 0) record.cache_write_5m_tokens = cacheWrite5m;
    if (reasoning > 0) record.reasoning_tokens = reasoning;
    if (searches > 0) record.search_queries = searches;
    if (account.provider === "anthropic") record.workspace_id = `wrkspc_${account.id.slice(-8)}`;
    if (account.provider === "openai") {
      record.service_tier = chance(0.8) ? "default" : pick(["flex", "priority"]);
    }
    if (chance(0.6)) {
      record.metadata = chance(0.5)
        ? { team: pick(TEAMS), feature: pick(FEATURES) }
        : { team: pick(TEAMS), trace_id: `tr_${Math.floor(random() * 2 ** 48).toString(16)}` };
    }
    return record;
  };

  return {
    batch(size: number) {
      return Array.from({ length: size }, next);
    },
  };
}
