/**
 * Usage extractors of the capture proxy. The proxy forwards each response unchanged and feeds
 * its bytes to the extractor made here for the endpoint; at the end it asks for the usage.
 * Extractors never throw into the proxy: a response they cannot read yields a capture flagged
 * `unparsable`.
 */
import type { ProviderId } from "../../providers/registry.ts";
import { anthropicMessages } from "./anthropic.ts";
import { groqChat } from "./groq.ts";
import { JsonBodyExtractor } from "./json-body.ts";
import { openaiChat, openaiEmbeddings, openaiResponses } from "./openai.ts";
import { perplexityAgent, perplexityChat, perplexityEmbeddings } from "./perplexity.ts";
import { requestFacts } from "./result.ts";
import { SseExtractor } from "./sse.ts";
import type { ResponseFormat, UsageExtractor } from "./types.ts";

export type { CapturedUsage, CaptureStatus, UsageExtractor } from "./types.ts";

/** The usage-bearing endpoints of each provider (paths after the proxy's `/proxy/<provider>` prefix). */
const ENDPOINTS: Record<ProviderId, Readonly<Record<string, ResponseFormat>>> = {
  groq: {
    "/openai/v1/chat/completions": groqChat,
    "/v1/chat/completions": groqChat,
  },
  perplexity: {
    "/chat/completions": perplexityChat,
    "/v1/sonar": perplexityChat,
    "/responses": perplexityAgent,
    "/v1/responses": perplexityAgent,
    "/v2/responses": perplexityAgent,
    "/v1/agent": perplexityAgent,
    "/v1/embeddings": perplexityEmbeddings,
  },
  openai: {
    "/v1/chat/completions": openaiChat,
    "/v1/responses": openaiResponses,
    "/v1/embeddings": openaiEmbeddings,
  },
  anthropic: {
    "/v1/messages": anthropicMessages,
  },
  // Copilot usage is entered by hand; nothing passes through the proxy.
  github_copilot: {},
};

/** The format of an endpoint, or null when it bears no usage (e.g. `GET /v1/models`). */
export function formatOf(provider: ProviderId, path: string): ResponseFormat | null {
  if (!Object.hasOwn(ENDPOINTS, provider)) return null;
  const endpoints = ENDPOINTS[provider];
  const key = normalizePath(path);
  return Object.hasOwn(endpoints, key) ? (endpoints[key] ?? null) : null;
}

/** `/v1//messages/?beta=true` → `/v1/messages`. */
export function normalizePath(path: string): string {
  const bare = path.split(/[?#]/, 1)[0] ?? "";
  const collapsed = `/${bare}`.replace(/\/{2,}/g, "/");
  return collapsed.length > 1 ? collapsed.replace(/\/+$/, "") : collapsed;
}

/**
 * An extractor for one response, or null when the endpoint bears no usage. `requestBody` is
 * the parsed JSON of the request (or undefined): it gives the fallback model and whether the
 * client asked for stream usage.
 */
export function createExtractor(input: {
  provider: ProviderId;
  path: string;
  contentType: string | null;
  requestBody: unknown;
}): UsageExtractor | null {
  const format = formatOf(input.provider, input.path);
  if (format === null) return null;
  const request = requestFacts(input.requestBody);
  // Without a content type, the request says whether the answer streams.
  const streaming =
    input.contentType === null ? request.stream : /^\s*text\/event-stream/i.test(input.contentType);
  if (streaming && format.stream !== undefined) {
    return new SseExtractor(format, format.stream(request), request);
  }
  return new JsonBodyExtractor(format, request);
}
