/**
 * Pricing throughput: 100,000 varied records (several providers, cache classes, batch, long
 * context, request fees) priced by TokenLedger's pricer and, on the same records in the same run,
 * by @pydantic/genai-prices' calcPrice. Median of several rounds after a warm-up.
 *
 *   node bin/run-ts.js bench/pricing.ts [--records N] [--rounds N]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { calcPrice } from "@pydantic/genai-prices";
import { createPricer, type PriceInput, type PricingUsage } from "../src/pricing/index.ts";
import type { ProviderId } from "../src/providers/registry.ts";
import { type OracleUsage, toOracleUsage } from "../test/pricing/oracle-usage.ts";

const RECORDS = numberArg("--records", 100_000);
const ROUNDS = numberArg("--rounds", 9);
const WARMUP_ROUNDS = 3;
const TARGET_MS = 50;

interface Case {
  input: PriceInput;
  oracle: { usage: OracleUsage; model: string; providerId: string; timestamp: Date };
}

const MODELS: [ProviderId, string, string][] = [
  ["anthropic", "claude-sonnet-4-5-20250929", "2025-10-15"],
  ["anthropic", "claude-haiku-4-5", "2025-11-02"],
  ["anthropic", "claude-opus-4-1-20250805", "2025-09-01"],
  ["openai", "gpt-4o", "2025-03-01"],
  ["openai", "o3", "2025-05-20"],
  ["openai", "o3-2025-04-16", "2025-07-20"],
  ["openai", "gpt-5-mini", "2025-09-09"],
  ["groq", "openai/gpt-oss-120b", "2025-09-01"],
  ["groq", "llama-3.3-70b-versatile", "2025-02-01"],
  ["perplexity", "sonar-pro", "2025-06-01"],
  ["perplexity", "sonar-deep-research", "2025-06-01"],
];

/** A deterministic pseudo-random sequence, so every run prices the same records. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function makeCases(n: number): Case[] {
  const random = lcg(42);
  const cases: Case[] = [];
  for (let i = 0; i < n; i++) {
    const [provider, model, day] = MODELS[i % MODELS.length] ?? ["openai", "gpt-4o", "2025-03-01"];
    const prompt = Math.floor(random() * (i % 97 === 0 ? 400_000 : 30_000));
    const cached = i % 3 === 0 ? Math.floor(prompt * random() * 0.5) : 0;
    const write5m =
      provider === "anthropic" && i % 4 === 0 ? Math.floor((prompt - cached) * 0.3) : 0;
    const write1h =
      provider === "anthropic" && i % 8 === 0 ? Math.floor((prompt - cached - write5m) * 0.2) : 0;
    const usage: PricingUsage = {
      prompt_tokens: prompt,
      completion_tokens: Math.floor(random() * 4_000),
      cache_read_tokens: cached,
      cache_write_5m_tokens: write5m,
      cache_write_1h_tokens: write1h,
      service_tier: i % 5 === 0 && provider !== "perplexity" ? "batch" : "standard",
      search_context_size: provider === "perplexity" ? "high" : null,
      ...(model === "sonar-deep-research"
        ? { reasoning_tokens: 5_000, citation_tokens: 2_000, search_queries: 12 }
        : {}),
    };
    const at = `${day}T${String(i % 24).padStart(2, "0")}:15:00Z`;
    cases.push({
      input: { provider, model, at, usage },
      oracle: {
        usage: toOracleUsage(usage, model === "sonar-deep-research"),
        model,
        providerId: provider,
        timestamp: new Date(at),
      },
    });
  }
  return cases;
}

function numberArg(flag: string, fallback: number): number {
  const index = process.argv.indexOf(flag);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function measure(run: () => unknown): { medianMs: number; roundsMs: number[] } {
  for (let i = 0; i < WARMUP_ROUNDS; i++) run();
  const roundsMs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    run();
    roundsMs.push(performance.now() - start);
  }
  return { medianMs: median(roundsMs), roundsMs };
}

const cases = makeCases(RECORDS);
const pricer = createPricer();

let sink = 0n;
const ours = measure(() => {
  let total = 0n;
  for (const c of cases) total += pricer.price(c.input).totalNanos ?? 0n;
  sink ^= total;
});
const oursWithDetails = measure(() => {
  let lines = 0;
  for (const c of cases) {
    const result = pricer.price(c.input);
    lines += Object.keys(result.breakdown.lines).length + (result.price?.labels.length ?? 0);
  }
  sink ^= BigInt(lines);
});
let floatSink = 0;
const oracle = measure(() => {
  let total = 0;
  for (const c of cases) {
    const result = calcPrice(c.oracle.usage, c.oracle.model, {
      providerId: c.oracle.providerId,
      timestamp: c.oracle.timestamp,
    });
    total += result?.total_price ?? 0;
  }
  floatSink += total;
});

const round = (ms: number) => Math.round(ms * 100) / 100;
const results = {
  benchmark: "pricing",
  date: new Date().toISOString(),
  node: process.version,
  records: RECORDS,
  warmup_rounds: WARMUP_ROUNDS,
  rounds: ROUNDS,
  target_ms: TARGET_MS,
  tokenledger: {
    median_ms: round(ours.medianMs),
    ns_per_record: Math.round((ours.medianMs * 1e6) / RECORDS),
    rounds_ms: ours.roundsMs.map(round),
    meets_target: ours.medianMs < TARGET_MS,
  },
  tokenledger_with_breakdown: {
    median_ms: round(oursWithDetails.medianMs),
    ns_per_record: Math.round((oursWithDetails.medianMs * 1e6) / RECORDS),
    rounds_ms: oursWithDetails.roundsMs.map(round),
  },
  genai_prices_calcPrice: {
    median_ms: round(oracle.medianMs),
    ns_per_record: Math.round((oracle.medianMs * 1e6) / RECORDS),
    rounds_ms: oracle.roundsMs.map(round),
  },
  speedup_vs_genai_prices: round(oracle.medianMs / ours.medianMs),
};

mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(
  new URL("./results/pricing.json", import.meta.url),
  `${JSON.stringify(results, null, 2)}\n`,
);

const rows: [string, number, number][] = [
  ["tokenledger price() (total)", ours.medianMs, RECORDS],
  ["tokenledger price() + breakdown", oursWithDetails.medianMs, RECORDS],
  ["genai-prices calcPrice()", oracle.medianMs, RECORDS],
];
console.log(
  `pricing ${RECORDS.toLocaleString("en-US")} records, median of ${ROUNDS} rounds after ${WARMUP_ROUNDS} warm-up`,
);
console.log(`${"".padEnd(34)}${"ms".padStart(10)}${"ns/record".padStart(12)}`);
for (const [name, ms, n] of rows) {
  console.log(
    `${name.padEnd(34)}${ms.toFixed(2).padStart(10)}${Math.round((ms * 1e6) / n)
      .toString()
      .padStart(12)}`,
  );
}
console.log(
  `speed-up vs genai-prices: ${results.speedup_vs_genai_prices}x; target < ${TARGET_MS} ms: ${results.tokenledger.meets_target ? "met" : "MISSED"}`,
);
// Keep the results observable so no round can be optimized away.
if (sink === -1n || Number.isNaN(floatSink)) console.log("unreachable");
