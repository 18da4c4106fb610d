/**
 * Consistent seeds for the fake Anthropic Admin API: usage rows, and the cost rows the real
 * cost report would show for them, priced from list prices (providers.md §1.5) exactly.
 */
import type { AnthropicCostRow, AnthropicUsageRow } from "./anthropic-reports.ts";
import { groupRows, isoSeconds } from "./buckets.ts";
import { formatDecimal, multiplyDecimals, parseDecimal, perMillion } from "./exact-decimal.ts";
import { hoursOfMonth, pseudoRandom } from "./seed-random.ts";

interface ModelPrice {
  name: string;
  /** USD per million tokens. */
  input: string;
  output: string;
  /** Input and output per million above 200k input tokens (Sonnet 4/4.5 with the 1M beta). */
  longContext?: { input: string; output: string };
}

/** List prices (USD / MTok) of the models the seeds use; cache prices follow from input. */
export const ANTHROPIC_PRICES: Record<string, ModelPrice> = {
  "claude-opus-4-5-20251101": { name: "Claude Opus 4.5", input: "5", output: "25" },
  "claude-opus-4-1-20250805": { name: "Claude Opus 4.1", input: "15", output: "75" },
  "claude-opus-4-20250514": { name: "Claude Opus 4", input: "15", output: "75" },
  "claude-sonnet-4-5-20250929": {
    name: "Claude Sonnet 4.5",
    input: "3",
    output: "15",
    longContext: { input: "6", output: "22.50" },
  },
  "claude-sonnet-4-20250514": {
    name: "Claude Sonnet 4",
    input: "3",
    output: "15",
    longContext: { input: "6", output: "22.50" },
  },
  "claude-haiku-4-5-20251001": { name: "Claude Haiku 4.5", input: "1", output: "5" },
  "claude-3-5-haiku-20241022": { name: "Claude Haiku 3.5", input: "0.80", output: "4" },
  "claude-3-haiku-20240307": { name: "Claude Haiku 3", input: "0.25", output: "1.25" },
};

/** Token types of the cost report, with the multiplier on the input price and a label. */
const TOKEN_TYPES = [
  ["uncached_input_tokens", "input", "1", "Input Tokens"],
  ["cache_creation.ephemeral_5m_input_tokens", "input", "1.25", "Cache Write (5m) Tokens"],
  ["cache_creation.ephemeral_1h_input_tokens", "input", "2", "Cache Write (1h) Tokens"],
  ["cache_read_input_tokens", "input", "0.1", "Cache Read Tokens"],
  ["output_tokens", "output", "1", "Output Tokens"],
] as const;
type TokenType = (typeof TOKEN_TYPES)[number][0];

function tokensOf(row: AnthropicUsageRow, type: TokenType): number {
  if (type === "uncached_input_tokens") return row.uncached_input_tokens;
  if (type === "cache_creation.ephemeral_5m_input_tokens") {
    return row.cache_creation.ephemeral_5m_input_tokens;
  }
  if (type === "cache_creation.ephemeral_1h_input_tokens") {
    return row.cache_creation.ephemeral_1h_input_tokens;
  }
  if (type === "cache_read_input_tokens") return row.cache_read_input_tokens;
  return row.output_tokens;
}

/** A usage row with zero tokens and default dimensions, overridden by `fields`. */
export function anthropicUsageRow(
  fields: Partial<AnthropicUsageRow> & Pick<AnthropicUsageRow, "starting_at">,
): AnthropicUsageRow {
  return {
    model: "claude-sonnet-4-5-20250929",
    workspace_id: null,
    api_key_id: null,
    service_tier: "standard",
    context_window: "0-200k",
    uncached_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    cache_read_input_tokens: 0,
    output_tokens: 0,
    server_tool_use: { web_search_requests: 0 },
    ...fields,
  };
}

/**
 * The cost rows the real cost report shows for these usage rows: one per day, workspace and
 * description, in cents. Priority Tier rows are left out, as the real report leaves them out.
 * Batch halves every token price; long context uses the higher Sonnet prices with the same
 * cache multipliers; web search is $10 per 1,000 searches.
 */
export function anthropicCostRowsFromUsage(rows: readonly AnthropicUsageRow[]): AnthropicCostRow[] {
  const billed = rows.filter((row) => row.service_tier !== "priority");
  const costs: AnthropicCostRow[] = [];
  const groups = groupRows(billed, (row) =>
    JSON.stringify([
      row.starting_at.slice(0, 10),
      row.workspace_id,
      row.model,
      row.service_tier,
      row.context_window,
    ]),
  );
  for (const [, members] of groups) {
    const first = members[0];
    if (first === undefined) continue;
    const price = ANTHROPIC_PRICES[first.model];
    if (price === undefined) throw new Error(`no seed price for ${first.model}`);
    const long = first.context_window === "200k-1M";
    const base = long ? price.longContext : price;
    if (base === undefined) throw new Error(`${first.model} has no long-context price`);
    const batch = first.service_tier === "batch";
    for (const [tokenType, side, multiplier, label] of TOKEN_TYPES) {
      const tokens = members.reduce((sum, row) => sum + tokensOf(row, tokenType), 0);
      if (tokens === 0) continue;
      // cents = tokens × USD/MTok × multiplier (× 0.5 for batch) / 1e6 × 100, exactly.
      const perMTok = multiplyDecimals(
        multiplyDecimals(parseDecimal(base[side]), parseDecimal(multiplier)),
        parseDecimal(batch ? "0.5" : "1"),
      );
      const cents = perMillion(tokens, perMTok, 2);
      costs.push({
        date: first.starting_at.slice(0, 10),
        workspace_id: first.workspace_id,
        description: `${price.name}${batch ? " Batch" : ""}${long ? " Long Context" : ""} Usage - ${label}`,
        cost_type: "tokens",
        token_type: tokenType,
        model: first.model,
        service_tier: batch ? "batch" : "standard",
        context_window: first.context_window,
        amount: formatDecimal(cents),
      });
    }
  }
  for (const [, members] of groupRows(billed, (row) =>
    JSON.stringify([row.starting_at.slice(0, 10), row.workspace_id]),
  )) {
    const searches = members.reduce((sum, row) => sum + row.server_tool_use.web_search_requests, 0);
    const first = members[0];
    if (first === undefined || searches === 0) continue;
    costs.push({
      date: first.starting_at.slice(0, 10),
      workspace_id: first.workspace_id,
      description: "Web Search",
      cost_type: "web_search",
      token_type: null,
      model: null,
      service_tier: null,
      context_window: null,
      // $10 per 1,000 searches is one cent per search.
      amount: String(searches),
    });
  }
  return costs;
}

/** The models a seeded month uses. */
export const ANTHROPIC_SEED_MODELS = [
  "claude-sonnet-4-5-20250929",
  "claude-haiku-4-5-20251001",
  "claude-opus-4-1-20250805",
] as const;

export interface AnthropicMonthOptions {
  /** "YYYY-MM" (UTC). */
  month: string;
  /** Seed of the pseudo-random token counts (default 1). */
  seed?: number;
  /** The second workspace besides the default one (default "wrkspc_01SeedTeam"). */
  workspaceId?: string;
}

export interface AnthropicSeed {
  usage: AnthropicUsageRow[];
  costs: AnthropicCostRow[];
}

/**
 * A month of hourly usage in two workspaces (the default one, `null`, and `workspaceId`) for
 * three models, with batch rows (every 6th hour), priority rows (Opus, every 8th hour, default
 * workspace), long-context Sonnet rows (every 12th hour, second workspace), web searches,
 * Workbench usage (`api_key_id` null) and quiet hours without Opus; plus the matching cost rows.
 */
export function seedAnthropicMonth(options: AnthropicMonthOptions): AnthropicSeed {
  const random = pseudoRandom(options.seed ?? 1);
  const team = options.workspaceId ?? "wrkspc_01SeedTeam";
  const [sonnet, haiku, opus] = ANTHROPIC_SEED_MODELS;
  const tokens = (inputScale: number) => ({
    uncached_input_tokens: random(1_000, 60_000) * inputScale,
    cache_creation: {
      ephemeral_5m_input_tokens: random(0, 20_000),
      ephemeral_1h_input_tokens: random(0, 8_000),
    },
    cache_read_input_tokens: random(0, 120_000),
    output_tokens: random(200, 30_000),
  });
  const usage: AnthropicUsageRow[] = [];
  hoursOfMonth(options.month).forEach((hourMs, index) => {
    const starting_at = isoSeconds(hourMs);
    const hourOfDay = new Date(hourMs).getUTCHours();
    for (const workspace_id of [null, team]) {
      const api_key_id = workspace_id === null ? "apikey_01SeedDefault" : "apikey_01SeedTeam";
      const add = (fields: Partial<AnthropicUsageRow>) =>
        usage.push(anthropicUsageRow({ starting_at, workspace_id, api_key_id, ...fields }));
      for (const model of ANTHROPIC_SEED_MODELS) {
        if (model === opus && hourOfDay >= 2 && hourOfDay < 6) continue;
        const workbench = model === haiku && workspace_id === null && index % 24 === 12;
        add({
          model,
          ...tokens(1),
          ...(workbench ? { api_key_id: null } : {}),
          server_tool_use: {
            web_search_requests: model === sonnet && index % 3 === 0 ? random(1, 20) : 0,
          },
        });
      }
      if (index % 6 === 0) {
        add({ model: haiku, service_tier: "batch", ...tokens(4) });
        add({ model: sonnet, service_tier: "batch", ...tokens(4) });
      }
      if (workspace_id === null && index % 8 === 3) {
        add({ model: opus, service_tier: "priority", ...tokens(1) });
      }
      if (workspace_id === team && index % 12 === 5) {
        add({
          model: sonnet,
          context_window: "200k-1M",
          ...tokens(1),
          uncached_input_tokens: random(200_001, 900_000),
        });
      }
    }
  });
  return { usage, costs: anthropicCostRowsFromUsage(usage) };
}
