/**
 * Deterministic usage: what an answer bills is derived from the request (or taken from
 * `state.nextUsage`), so a test can predict it and compare a ledger against `state.served`.
 */
import type { ChatFlavour, ChatTokens, UsageOverride } from "./types.ts";

/** Completion tokens when the request caps nothing lower. */
export const DEFAULT_COMPLETION_TOKENS = 16;
export const DEFAULT_ANSWER_TEXT = "Every token is counted once, and every dollar exactly.";

/** Requested alias → the dated id the provider names in its answer. */
export const DATED_MODELS: Readonly<Record<string, string>> = {
  "gpt-4o": "gpt-4o-2024-08-06",
  "gpt-4o-mini": "gpt-4o-mini-2024-07-18",
  "gpt-4.1": "gpt-4.1-2025-04-14",
  "gpt-4.1-mini": "gpt-4.1-mini-2025-04-14",
  "gpt-5": "gpt-5-2025-08-07",
  "gpt-5-mini": "gpt-5-mini-2025-08-07",
  o3: "o3-2025-04-16",
  "o4-mini": "o4-mini-2025-04-16",
  "claude-opus-4-5": "claude-opus-4-5-20251101",
  "claude-opus-4-1": "claude-opus-4-1-20250805",
  "claude-opus-4-0": "claude-opus-4-20250514",
  "claude-sonnet-4-5": "claude-sonnet-4-5-20250929",
  "claude-sonnet-4-0": "claude-sonnet-4-20250514",
  "claude-haiku-4-5": "claude-haiku-4-5-20251001",
  "claude-3-5-haiku-latest": "claude-3-5-haiku-20241022",
};

/** Everything an answer needs besides its envelope. */
export interface AnswerPlan {
  flavour: ChatFlavour;
  requestedModel: string;
  model: string;
  text: string;
  tokens: ChatTokens;
  /** The request's token cap was reached: finish reason `length` / stop reason `max_tokens`. */
  hitLimit: boolean;
  serviceTier: string | null;
  searchContextSize: "low" | "medium" | "high";
  costOverride: Record<string, string>;
}

export interface PlanOptions {
  defaultCompletionTokens: number;
  modelAliases: Readonly<Record<string, string>>;
}

type Body = Record<string, unknown>;

/** Characters of text in a message's `content` (a string, or parts/blocks with `text`). */
function textLength(content: unknown): number {
  if (typeof content === "string") return content.length;
  if (!Array.isArray(content)) return 0;
  let length = 0;
  for (const part of content) {
    const text = (part as { text?: unknown } | null)?.text;
    if (typeof text === "string") length += text.length;
  }
  return length;
}

/** Prompt tokens = 3 + Σ over messages (and an Anthropic `system`) of 4 + ⌈characters / 4⌉. */
export function promptTokensOf(body: Body): number {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const contents = messages.map((message) => (message as { content?: unknown } | null)?.content);
  if (body.system !== undefined) contents.push(body.system);
  return contents.reduce<number>((sum, content) => sum + 4 + Math.ceil(textLength(content) / 4), 3);
}

function numberField(body: Body, name: string): number | undefined {
  const value = body[name];
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}

function defaultServiceTier(flavour: ChatFlavour, requested: unknown): string | null {
  if (flavour === "perplexity") return null;
  if (flavour === "anthropic") return "standard";
  if (flavour === "groq") return typeof requested === "string" ? requested : "on_demand";
  return requested === "flex" || requested === "priority" ? requested : "default";
}

function contextSize(body: Body): "low" | "medium" | "high" {
  const options = body.web_search_options as { search_context_size?: unknown } | undefined;
  const size = options?.search_context_size;
  return size === "medium" || size === "high" ? size : "low";
}

export function planAnswer(
  flavour: ChatFlavour,
  body: Body,
  override: UsageOverride,
  options: PlanOptions,
): AnswerPlan {
  const requestedModel = String(body.model);
  const cap = numberField(body, "max_tokens") ?? numberField(body, "max_completion_tokens");
  const derivedCompletion = Math.min(
    options.defaultCompletionTokens,
    cap ?? Number.POSITIVE_INFINITY,
  );
  const promptTokens = override.promptTokens ?? promptTokensOf(body);
  const completionTokens = override.completionTokens ?? derivedCompletion;
  const deepResearch = flavour === "perplexity" && requestedModel === "sonar-deep-research";
  const tokens: ChatTokens = {
    promptTokens,
    completionTokens,
    totalTokens: promptTokens + completionTokens,
    cacheReadTokens: override.cacheReadTokens ?? 0,
    cacheWrite5mTokens: override.cacheWrite5mTokens ?? 0,
    cacheWrite1hTokens: override.cacheWrite1hTokens ?? 0,
    reasoningTokens: override.reasoningTokens ?? (deepResearch ? 64 : 0),
    citationTokens: override.citationTokens ?? (deepResearch ? 120 : 0),
    searchQueries: override.searchQueries ?? (deepResearch ? 2 : 0),
  };
  const cached = tokens.cacheReadTokens + tokens.cacheWrite5mTokens + tokens.cacheWrite1hTokens;
  if (cached > promptTokens) {
    throw new Error(`cache tokens (${cached}) exceed prompt tokens (${promptTokens})`);
  }
  return {
    flavour,
    requestedModel,
    model: override.model ?? options.modelAliases[requestedModel] ?? requestedModel,
    text: override.text ?? DEFAULT_ANSWER_TEXT,
    tokens,
    hitLimit:
      override.completionTokens === undefined && cap !== undefined && cap <= derivedCompletion,
    serviceTier: override.serviceTier ?? defaultServiceTier(flavour, body.service_tier),
    searchContextSize: override.searchContextSize ?? contextSize(body),
    costOverride: override.cost ?? {},
  };
}

/** Splits the answer into `count` consecutive pieces at word boundaries (fewer if too short). */
export function splitText(text: string, count: number): string[] {
  const words = text.split(/(?<= )/);
  const parts = Math.max(1, Math.min(count, words.length));
  const pieces: string[] = [];
  for (let part = 0; part < parts; part += 1) {
    const start = Math.floor((part * words.length) / parts);
    const end = Math.floor(((part + 1) * words.length) / parts);
    pieces.push(words.slice(start, end).join(""));
  }
  return pieces;
}
