/**
 * The ledger's records, generated day by day in time order: official usage and cost rows as the
 * sync writes them, per-request estimates as the proxy and SDK capture them, manual entries and
 * Perplexity's monthly reconciliations. Deterministic: the same plan and accounts give the same
 * records (ids and write times aside).
 */
import type { NewUsageRecord } from "../../src/core/usage-record.ts";
import {
  type AccountKey,
  FINE_TUNED,
  KINDS,
  type Kind,
  type LedgerFacts,
  type LedgerPlan,
  MODELS,
  type Model,
  PRICE_VERSION,
  PROJECTS,
  SUFFIXES,
  TEAMS,
} from "./ledger.ts";
import { seeded } from "./random.ts";
import { recordMaker, type Tokens } from "./record.ts";

/** The ledger's records in time order, `batchSize` at a time; tallies what it wrote in `facts`. */
export function* ledgerBatches(
  plan: LedgerPlan,
  accountIds: Record<AccountKey, string>,
  today: string,
  batchSize: number,
  facts: LedgerFacts,
): Generator<NewUsageRecord[]> {
  const { random, pick, weighted, logUniform } = seeded(20261128);
  const kinds = KINDS.map(([kind, weight]) => ({ kind, weight }));
  const currentMonth = today.slice(0, 7);
  let sequence = 0;
  const key = (prefix: string) => `${prefix}:${(sequence++).toString(36)}`;
  const make = recordMaker(accountIds);
  const clock = () => {
    const seconds = Math.floor(random() * 86_400);
    const hh = String(Math.floor(seconds / 3600)).padStart(2, "0");
    const mm = String(Math.floor(seconds / 60) % 60).padStart(2, "0");
    const ss = String(seconds % 60).padStart(2, "0");
    return `${hh}:${mm}:${ss}.${String(Math.floor(random() * 1000)).padStart(3, "0")}`;
  };
  const hour = () => `${String(Math.floor(random() * 24)).padStart(2, "0")}:00:00.000`;
  const tokens = (
    model: Model,
    minPrompt: number,
    maxPrompt: number,
    maxCompletion: number,
  ): Tokens => {
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
