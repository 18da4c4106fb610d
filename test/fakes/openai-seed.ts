/**
 * Consistent seeds for the fake OpenAI organization API: completions usage rows and the cost
 * rows the real costs endpoint would show for them, priced from list prices (providers.md §2).
 */
import { groupRows } from "./buckets.ts";
import { formatDecimal, multiplyDecimals, parseDecimal, perMillion } from "./exact-decimal.ts";
import type { OpenAICostRow, OpenAIUsageRow } from "./openai-reports.ts";
import { hoursOfMonth, pseudoRandom } from "./seed-random.ts";

interface OpenAIPrice {
  /** First day (UTC) the price applies. */
  from: string;
  /** USD per million tokens. */
  input: string;
  cachedInput: string;
  output: string;
}

/** List prices by model id, newest first; snapshot ids are priced as their model. */
export const OPENAI_PRICES: Record<string, OpenAIPrice[]> = {
  "gpt-4o": [{ from: "2024-08-06", input: "2.50", cachedInput: "1.25", output: "10" }],
  "gpt-4o-mini": [{ from: "2024-07-18", input: "0.15", cachedInput: "0.075", output: "0.60" }],
  o3: [
    { from: "2025-06-10", input: "2", cachedInput: "0.50", output: "8" },
    { from: "2025-04-16", input: "10", cachedInput: "2.50", output: "40" },
  ],
};

/** The price of `model` (or its dated snapshot, e.g. "o3-2025-04-16") on `date`. */
export function openAIPrice(model: string, date: string): OpenAIPrice {
  const family = OPENAI_PRICES[model] ?? OPENAI_PRICES[model.replace(/-\d{4}-\d{2}-\d{2}$/, "")];
  const price = family?.find((candidate) => candidate.from <= date);
  if (price === undefined) throw new Error(`no seed price for ${model} on ${date}`);
  return price;
}

/** A usage row with zero tokens and default dimensions, overridden by `fields`. */
export function openAIUsageRow(
  fields: Partial<OpenAIUsageRow> & Pick<OpenAIUsageRow, "start_time">,
): OpenAIUsageRow {
  return {
    project_id: "proj_seed_default",
    user_id: null,
    api_key_id: null,
    model: "gpt-4o-2024-08-06",
    batch: false,
    service_tier: "default",
    input_tokens: 0,
    input_cached_tokens: 0,
    output_tokens: 0,
    input_audio_tokens: 0,
    output_audio_tokens: 0,
    num_model_requests: 0,
    ...fields,
  };
}

function dayOf(row: OpenAIUsageRow): string {
  return new Date(row.start_time * 1000).toISOString().slice(0, 10);
}

/**
 * Cost rows for these usage rows: one per day, project and line item
 * (`"<model>, input"`, `", cached input"`, `", output"`, with "batch " before the kind for
 * batch rows), in dollars. Uncached input is `input_tokens − input_cached_tokens`; batch halves
 * every price, the cached one included.
 */
export function openAICostRowsFromUsage(
  rows: readonly OpenAIUsageRow[],
  valueAs: "number" | "string" = "string",
): OpenAICostRow[] {
  const costs: OpenAICostRow[] = [];
  const groups = groupRows(rows, (row) =>
    JSON.stringify([dayOf(row), row.project_id, row.model, row.batch]),
  );
  for (const [, members] of groups) {
    const first = members[0];
    if (first === undefined) continue;
    const date = dayOf(first);
    const price = openAIPrice(first.model, date);
    const sum = (pick: (row: OpenAIUsageRow) => number) =>
      members.reduce((total, row) => total + pick(row), 0);
    const lines = [
      ["input", sum((row) => row.input_tokens - row.input_cached_tokens), price.input],
      ["cached input", sum((row) => row.input_cached_tokens), price.cachedInput],
      ["output", sum((row) => row.output_tokens), price.output],
    ] as const;
    for (const [kind, tokens, perMTok] of lines) {
      if (tokens === 0) continue;
      const discounted = multiplyDecimals(
        parseDecimal(perMTok),
        parseDecimal(first.batch ? "0.5" : "1"),
      );
      costs.push({
        date,
        project_id: first.project_id,
        line_item: `${first.model}, ${first.batch ? "batch " : ""}${kind}`,
        value: formatDecimal(perMillion(tokens, discounted)),
        valueAs,
      });
    }
  }
  return costs;
}

/** The models a seeded month uses (dated snapshots, as the usage API reports them). */
export const OPENAI_SEED_MODELS = [
  "gpt-4o-2024-08-06",
  "gpt-4o-mini-2024-07-18",
  "o3-2025-04-16",
] as const;

export interface OpenAIMonthOptions {
  /** "YYYY-MM" (UTC). */
  month: string;
  /** Seed of the pseudo-random token counts (default 1). */
  seed?: number;
  /** The two projects (default "proj_seed_alpha", "proj_seed_beta"). */
  projects?: readonly [string, string];
  /** How cost values go on the wire (default "string"). */
  valueAs?: "number" | "string";
}

export interface OpenAISeed {
  usage: OpenAIUsageRow[];
  costs: OpenAICostRow[];
}

/**
 * A month of hourly usage in two projects for three models, with batch rows (gpt-4o-mini and
 * o3, every 6th hour), users and keys, quiet hours without o3; plus the matching cost rows.
 * A month that spans 2025-06-10 prices o3 before and after its price cut.
 */
export function seedOpenAIMonth(options: OpenAIMonthOptions): OpenAISeed {
  const random = pseudoRandom(options.seed ?? 1);
  const projects = options.projects ?? ["proj_seed_alpha", "proj_seed_beta"];
  const [, mini, o3] = OPENAI_SEED_MODELS;
  const tokens = (scale: number) => {
    const input_tokens = random(1_000, 80_000) * scale;
    return {
      input_tokens,
      input_cached_tokens: random(0, Math.floor(input_tokens / 2)),
      output_tokens: random(100, 20_000) * scale,
      num_model_requests: random(1, 200),
    };
  };
  const usage: OpenAIUsageRow[] = [];
  hoursOfMonth(options.month).forEach((hourMs, index) => {
    const start_time = hourMs / 1000;
    const hourOfDay = new Date(hourMs).getUTCHours();
    projects.forEach((project_id, projectIndex) => {
      const add = (fields: Partial<OpenAIUsageRow>) =>
        usage.push(
          openAIUsageRow({
            start_time,
            project_id,
            user_id: `user-seed-${projectIndex + 1}`,
            api_key_id: `key_seed_${projectIndex + 1}`,
            ...fields,
          }),
        );
      for (const model of OPENAI_SEED_MODELS) {
        if (model === o3 && hourOfDay >= 1 && hourOfDay < 5) continue;
        add({ model, ...tokens(1) });
      }
      if (index % 6 === 0) {
        add({ model: mini, batch: true, user_id: null, ...tokens(5) });
        add({ model: o3, batch: true, user_id: null, ...tokens(2) });
      }
    });
  });
  return { usage, costs: openAICostRowsFromUsage(usage, options.valueAs) };
}
