/**
 * OpenAI: chat completions, Responses and embeddings. OpenAI counts input the canonical way
 * (cached tokens included) and reasoning as part of output. A chat stream carries usage only
 * when the client set `stream_options.include_usage`; without it the capture is `no_usage`.
 */
import { chatCompletionsFormat, chatTokens } from "./chat-completions.ts";
import { embeddingsFormat, embeddingTokens } from "./embeddings.ts";
import { asObject, asString, CountReader, objectAt, put } from "./fields.ts";
import { countOutputItems, responsesFormat } from "./responses.ts";
import type { Json, Reading, ResponseFormat } from "./types.ts";

function readChat(body: Json): Reading {
  const counts = new CountReader();
  const usage = asObject(body.usage);
  const metadata: Json = {};
  if (usage !== null) {
    // Audio tokens are priced apart from text tokens.
    const promptAudio = objectAt(usage, "prompt_tokens_details")?.audio_tokens;
    const completionAudio = objectAt(usage, "completion_tokens_details")?.audio_tokens;
    put(metadata, "prompt_audio_tokens", positive(counts.read(promptAudio, "audio_tokens")));
    put(
      metadata,
      "completion_audio_tokens",
      positive(counts.read(completionAudio, "audio_tokens")),
    );
  }
  return {
    model: asString(body.model),
    requestId: asString(body.id),
    serviceTier: asString(body.service_tier),
    tokens: usage === null ? null : chatTokens(usage, counts),
    providerCost: null,
    metadata: counts.note(metadata),
  };
}

function readResponse(body: Json): Reading {
  const counts = new CountReader();
  const usage = asObject(body.usage);
  const metadata: Json = {};
  put(metadata, "status", asString(body.status));
  return {
    model: asString(body.model),
    requestId: asString(body.id),
    serviceTier: asString(body.service_tier),
    tokens:
      usage === null
        ? null
        : {
            prompt_tokens: counts.read(usage.input_tokens, "input_tokens"),
            completion_tokens: counts.read(usage.output_tokens, "output_tokens"),
            cache_read_tokens: counts.read(
              objectAt(usage, "input_tokens_details")?.cached_tokens,
              "input_tokens_details.cached_tokens",
            ),
            cache_write_5m_tokens: 0,
            cache_write_1h_tokens: 0,
            reasoning_tokens: counts.read(
              objectAt(usage, "output_tokens_details")?.reasoning_tokens,
              "output_tokens_details.reasoning_tokens",
            ),
            // The web search tool is billed per call.
            search_queries: countOutputItems(body, "web_search_call"),
          },
    providerCost: null,
    metadata: counts.note(metadata),
  };
}

function readEmbeddings(body: Json): Reading {
  const counts = new CountReader();
  const usage = asObject(body.usage);
  return {
    model: asString(body.model),
    requestId: asString(body.id),
    serviceTier: null,
    tokens: usage === null ? null : embeddingTokens(usage, counts),
    providerCost: null,
    metadata: counts.note({}),
  };
}

function positive(count: number): number | null {
  return count > 0 ? count : null;
}

export const openaiChat: ResponseFormat = chatCompletionsFormat({
  read: readChat,
  exactCosts: false,
  usageOnEveryChunk: false,
  expectsUsage: (request) => request.includeUsage,
});
export const openaiResponses: ResponseFormat = responsesFormat(readResponse, false);
export const openaiEmbeddings: ResponseFormat = embeddingsFormat(readEmbeddings, false);
