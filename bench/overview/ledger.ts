/**
 * The ledger the overview is measured over: its accounts, models and projects, and the plan of
 * how many records fall on each day of the 12 months up to the as-of day.
 */
import type { ProviderId } from "../../src/providers/registry.ts";
import type { ScenarioId } from "./options.ts";

export type AccountKey =
  | "anthropic-prod"
  | "anthropic-research"
  | "openai-prod"
  | "openai-batch"
  | "groq-prod"
  | "perplexity-search"
  | "github-copilot";

export const ACCOUNTS: { key: AccountKey; provider: ProviderId; official: boolean }[] = [
  { key: "anthropic-prod", provider: "anthropic", official: true },
  { key: "anthropic-research", provider: "anthropic", official: true },
  { key: "openai-prod", provider: "openai", official: true },
  { key: "openai-batch", provider: "openai", official: true },
  { key: "groq-prod", provider: "groq", official: false },
  { key: "perplexity-search", provider: "perplexity", official: false },
  { key: "github-copilot", provider: "github_copilot", official: false },
];
/** Its last syncs failed: the overview lists it under sync errors. */
export const FAILING_ACCOUNT: AccountKey = "openai-batch";

/** A model and its price in nano-dollars per token (USD per million tokens × 1,000). */
export interface Model {
  name: string;
  weight: number;
  input: bigint;
  output: bigint;
  cacheRead?: bigint;
  /** Nano-dollars per search. */
  search?: bigint;
}

/** 20 models the providers sell, and a fine-tuned one no price table knows. */
export const MODELS: Record<"anthropic" | "openai" | "groq" | "perplexity", Model[]> = {
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
export const FINE_TUNED = "ft:gpt-4.1-mini:acme:support-v3";
export const PROJECTS = [
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
export const SUFFIXES = ["a1F9", "Zq0x", "7bKe", "m3Pw", "Lr8d"];
export const TEAMS = ["platform", "growth", "data", "support"];
export const PRICE_VERSION = "catalog-2026-10-01";

/**
 * Shares of the bulk records by kind: official hourly usage rows and daily cost rows for the
 * Anthropic and OpenAI accounts (as the sync writes them); per-request estimates the proxy and
 * SDK capture for those same accounts (superseded by official data on the days it covers); and
 * per-request estimates for Groq and Perplexity, which have no usage API.
 */
export const KINDS = [
  ["anthropic_usage", 9],
  ["anthropic_cost", 1],
  ["openai_usage", 9],
  ["openai_cost", 1],
  ["captured_official", 25],
  ["groq", 35],
  ["perplexity", 20],
] as const;
export type Kind = (typeof KINDS)[number][0];

/** Manual entries per month: a Copilot seat charge for the month and two one-day items. */
const MANUAL_PER_MONTH = 3;

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

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The 12 calendar months ending with `today`'s, oldest first, as YYYY-MM. */
export function monthsEndingAt(today: string): string[] {
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

export interface LedgerPlan {
  months: string[];
  /** Records per day, in time order. */
  days: { date: string; count: number }[];
  total: number;
}

/** How many of `total` records fall on each day of the scenario's 12 months. */
export function planLedger(scenario: ScenarioId, total: number, today: string): LedgerPlan {
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
export interface LedgerFacts {
  rows: number;
  currentMonthRows: number;
  /** Current-month rows that count (not superseded by official data). */
  currentMonthCounted: number;
  perplexityMonthNanos: Map<string, bigint>;
  reconciledMonths: string[];
}

export function emptyFacts(): LedgerFacts {
  return {
    rows: 0,
    currentMonthRows: 0,
    currentMonthCounted: 0,
    perplexityMonthNanos: new Map(),
    reconciledMonths: [],
  };
}
