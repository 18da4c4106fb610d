/**
 * Groq chat completions (OpenAI-compatible). Usage is the top-level `usage` of a response or
 * of an `include_usage` chunk, or `x_groq.usage` in a stream's final chunk: whichever carries
 * token counts. The request id is the response `id` (the SDK wrapper keys on it too); `x_groq.id` is kept in metadata.
 */
import { chatCompletionsFormat, chatTokens } from "./chat-completions.ts";
import { asObject, asString, CountReader, put } from "./fields.ts";
import type { Json, Reading, ResponseFormat } from "./types.ts";

const TIMINGS = ["queue_time", "prompt_time", "completion_time", "total_time"] as const;

function readGroq(body: Json): Reading {
  const counts = new CountReader();
  const xGroq = asObject(body.x_groq);
  const top = asObject(body.usage);
  const inXGroq = asObject(xGroq?.usage);
  const usage = hasTokens(top) ? top : hasTokens(inXGroq) ? inXGroq : null;
  const serviceTier = asString(body.service_tier);
  const metadata: Json = {};
  for (const timing of TIMINGS) {
    put(metadata, timing, scalar(usage?.[timing] ?? top?.[timing] ?? inXGroq?.[timing]));
  }
  put(metadata, "x_groq_id", asString(xGroq?.id));
  put(metadata, "service_tier", serviceTier);
  put(
    metadata,
    "dram_cached_tokens",
    counts.optional(inXGroq?.dram_cached_tokens, "dram_cached_tokens"),
  );
  put(
    metadata,
    "sram_cached_tokens",
    counts.optional(inXGroq?.sram_cached_tokens, "sram_cached_tokens"),
  );
  return {
    model: asString(body.model),
    // The response id: the same in JSON and in every stream chunk, and what the SDK wrapper keys on.
    requestId: asString(body.id) ?? asString(xGroq?.id),
    serviceTier,
    tokens: usage === null ? null : chatTokens(usage, counts),
    providerCost: null,
    metadata: counts.note(metadata),
  };
}

function hasTokens(usage: Json | null): usage is Json {
  return usage !== null && (usage.prompt_tokens != null || usage.completion_tokens != null);
}

/** A timing kept as it came, if it is a plain value. */
function scalar(value: unknown): number | string | null {
  return typeof value === "number" || typeof value === "string" ? value : null;
}

export const groqChat: ResponseFormat = chatCompletionsFormat({
  read: readGroq,
  exactCosts: false,
  usageOnEveryChunk: false,
  expectsUsage: () => true,
});
