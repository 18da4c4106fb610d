/**
 * Chat Completions answers in three dialects: OpenAI, Groq (providers.md §3) and Perplexity
 * (providers.md §4), as JSON or as `data:` SSE chunks ending `data: [DONE]`.
 */
import type { AnswerContext, BuiltAnswer } from "./answer.ts";
import { perplexityCost } from "./perplexity-cost.ts";
import { DONE_FRAME, dataFrame, RawNumber, toJson } from "./sse.ts";
import { splitText } from "./usage.ts";

type Json = Record<string, unknown>;

const SYSTEM_FINGERPRINT = "fp_0a1b2c3d4e";

export const PERPLEXITY_CITATIONS = [
  "https://example.com/ledger-basics",
  "https://example.org/token-accounting",
];

const SEARCH_RESULTS = PERPLEXITY_CITATIONS.map((url, index) => ({
  title: `Source ${index + 1}`,
  url,
  date: "2025-05-01",
  last_updated: "2025-05-02",
  snippet: `Snippet ${index + 1}`,
}));

function seconds(value: number): number {
  return Number(value.toFixed(6));
}

function completionId(context: AnswerContext): string {
  const sequence = String(context.sequence).padStart(12, "0");
  if (context.plan.flavour === "perplexity") return `00000000-0000-4000-8000-${sequence}`;
  return `chatcmpl-fake${sequence}`;
}

/** The `usage` object as the flavour prints it. */
function usageObject(context: AnswerContext): { usage: Json; cost: Record<string, string> | null } {
  const { plan } = context;
  const { tokens } = plan;
  const counts = {
    prompt_tokens: tokens.promptTokens,
    completion_tokens: tokens.completionTokens,
    total_tokens: tokens.totalTokens,
  };
  if (plan.flavour === "openai") {
    const usage = {
      ...counts,
      prompt_tokens_details: { cached_tokens: tokens.cacheReadTokens, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: tokens.reasoningTokens,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    };
    return { usage, cost: null };
  }
  if (plan.flavour === "groq") {
    const promptTime = seconds(tokens.promptTokens * 0.00002);
    const completionTime = seconds(tokens.completionTokens * 0.002);
    const usage: Json = {
      queue_time: 0.012345,
      prompt_tokens: tokens.promptTokens,
      prompt_time: promptTime,
      completion_tokens: tokens.completionTokens,
      completion_time: completionTime,
      total_tokens: tokens.totalTokens,
      total_time: seconds(promptTime + completionTime),
    };
    if (tokens.cacheReadTokens > 0) {
      usage.prompt_tokens_details = { cached_tokens: tokens.cacheReadTokens };
    }
    if (tokens.reasoningTokens > 0) {
      usage.completion_tokens_details = { reasoning_tokens: tokens.reasoningTokens };
    }
    return { usage, cost: null };
  }
  const usage: Json = { ...counts };
  if (tokens.citationTokens > 0) usage.citation_tokens = tokens.citationTokens;
  if (tokens.searchQueries > 0) usage.num_search_queries = tokens.searchQueries;
  if (tokens.reasoningTokens > 0) usage.reasoning_tokens = tokens.reasoningTokens;
  usage.search_context_size = plan.searchContextSize;
  const cost = perplexityCost(plan, context.costNotation);
  usage.cost = Object.fromEntries(
    Object.entries(cost).map(([field, literal]) => [field, new RawNumber(literal)]),
  );
  return { usage, cost };
}

function finishReason(context: AnswerContext): "stop" | "length" {
  return context.plan.hitLimit ? "length" : "stop";
}

/** Fields every body and chunk starts with. */
function envelope(context: AnswerContext, id: string, object: string): Json {
  const { plan } = context;
  const base: Json = { id, object, created: context.created, model: plan.model };
  if (plan.serviceTier !== null) base.service_tier = plan.serviceTier;
  if (plan.flavour !== "perplexity") base.system_fingerprint = SYSTEM_FINGERPRINT;
  return base;
}

function completionBody(context: AnswerContext, id: string, usage: Json): Json {
  const { plan } = context;
  const message: Json = { role: "assistant", content: plan.text };
  if (plan.flavour === "openai") Object.assign(message, { refusal: null, annotations: [] });
  const body: Json = {
    ...envelope(context, id, "chat.completion"),
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(context) }],
    usage,
  };
  if (plan.flavour === "groq") body.x_groq = { id: context.requestId };
  if (plan.flavour === "perplexity") {
    Object.assign(body, { citations: PERPLEXITY_CITATIONS, search_results: SEARCH_RESULTS });
  }
  return body;
}

function streamFrames(context: AnswerContext, id: string, usage: Json): string[] {
  const { plan } = context;
  const base = envelope(context, id, "chat.completion.chunk");
  // With include_usage, OpenAI-style chunks carry `usage: null` until the usage chunk.
  const nullUsage = context.includeUsage && plan.flavour !== "perplexity" ? { usage: null } : {};
  const chunk = (choice: Json, extra: Json = {}): string =>
    dataFrame({
      ...base,
      choices: [{ index: 0, logprobs: null, ...choice }],
      ...nullUsage,
      ...extra,
    });
  const frames: string[] = [];
  const groqId = plan.flavour === "groq" ? { x_groq: { id: context.requestId } } : {};
  frames.push(chunk({ delta: { role: "assistant", content: "" }, finish_reason: null }, groqId));
  for (const piece of splitText(plan.text, context.chunkCount)) {
    frames.push(chunk({ delta: { content: piece }, finish_reason: null }));
  }
  const finish = { delta: {}, finish_reason: finishReason(context) };
  if (plan.flavour === "groq") {
    frames.push(chunk(finish, { x_groq: { id: context.requestId, usage } }));
  } else if (plan.flavour === "perplexity") {
    const extra = { usage, citations: PERPLEXITY_CITATIONS, search_results: SEARCH_RESULTS };
    frames.push(chunk({ ...finish, delta: { role: "assistant", content: "" } }, extra));
  } else {
    frames.push(chunk(finish));
  }
  if (context.includeUsage && plan.flavour !== "perplexity") {
    frames.push(dataFrame({ ...base, choices: [], usage }));
  }
  frames.push(DONE_FRAME);
  return frames;
}

export function buildChatCompletion(context: AnswerContext): BuiltAnswer {
  const id = completionId(context);
  const { usage, cost } = usageObject(context);
  // OpenAI sends no usage at all in a stream unless asked to.
  const usageSent = !context.stream || context.includeUsage || context.plan.flavour !== "openai";
  return {
    frames: context.stream
      ? streamFrames(context, id, usage)
      : [toJson(completionBody(context, id, usage))],
    id,
    usageJson: usageSent ? toJson(usage) : null,
    cost,
  };
}
