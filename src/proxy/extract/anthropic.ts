/**
 * Anthropic Messages. Anthropic's `input_tokens` are the uncached input only; the canonical
 * prompt adds cache reads and both cache-write classes (docs/providers.md §6). A stream's
 * `message_start` carries the model, id and input side of the usage; `message_delta` the
 * cumulative output (and possibly updated input and cache counts); `message_stop` ends it.
 */
import { asObject, asString, CountReader, objectAt, put } from "./fields.ts";
import type {
  Json,
  ParseJson,
  Reading,
  ResponseFormat,
  StreamDecoder,
  StreamEnd,
  StreamSummary,
  TokenCounts,
} from "./types.ts";

const EVENTS = new Set(["message_start", "message_delta", "message_stop", "error"]);
/** The event type inside the data, for streams that send no `event:` line. */
const MESSAGE_EVENT = /"type"\s*:\s*"(message_start|message_delta|message_stop)"/;

function readMessage(body: Json): Reading {
  const counts = new CountReader();
  const usage = asObject(body.usage);
  const serviceTier = asString(usage?.service_tier);
  const metadata: Json = {};
  put(metadata, "service_tier", serviceTier);
  put(metadata, "stop_reason", asString(body.stop_reason));
  return {
    model: asString(body.model),
    requestId: asString(body.id),
    serviceTier,
    tokens: usage === null ? null : messageTokens(usage, counts, metadata),
    providerCost: null,
    metadata: counts.note(metadata),
  };
}

function messageTokens(usage: Json, counts: CountReader, metadata: Json): TokenCounts {
  const uncached = counts.read(usage.input_tokens, "input_tokens");
  const cacheRead = counts.read(usage.cache_read_input_tokens, "cache_read_input_tokens");
  const cacheWrite = counts.read(usage.cache_creation_input_tokens, "cache_creation_input_tokens");
  const split = asObject(usage.cache_creation);
  let write5m = cacheWrite;
  let write1h = 0;
  if (split !== null) {
    write5m = counts.read(
      split.ephemeral_5m_input_tokens,
      "cache_creation.ephemeral_5m_input_tokens",
    );
    write1h = counts.read(
      split.ephemeral_1h_input_tokens,
      "cache_creation.ephemeral_1h_input_tokens",
    );
    // Cache writes the breakdown leaves out are billed at the default (5-minute) rate.
    const unattributed = cacheWrite - write5m - write1h;
    if (unattributed > 0) {
      write5m += unattributed;
      metadata.cache_creation_unattributed = unattributed;
    }
  }
  const tools = objectAt(usage, "server_tool_use");
  put(
    metadata,
    "web_fetch_requests",
    counts.optional(tools?.web_fetch_requests, "web_fetch_requests"),
  );
  return {
    prompt_tokens: counts.sum("prompt_tokens", uncached, cacheRead, write5m, write1h),
    completion_tokens: counts.read(usage.output_tokens, "output_tokens"),
    cache_read_tokens: cacheRead,
    cache_write_5m_tokens: write5m,
    cache_write_1h_tokens: write1h,
    // Extended thinking is billed as output and not reported apart.
    reasoning_tokens: 0,
    search_queries: counts.read(tools?.web_search_requests, "server_tool_use.web_search_requests"),
  };
}

class MessagesStream implements StreamDecoder {
  #message: Json | null = null;
  #delta = false;
  #stop = false;
  #error: string | null = null;

  event(type: string | undefined, data: string, parse: ParseJson): void {
    const kind = type !== undefined && EVENTS.has(type) ? type : MESSAGE_EVENT.exec(data)?.[1];
    if (kind === "message_stop") this.#stop = true;
    else if (kind === "message_start") this.#start(parse(data));
    else if (kind === "message_delta") this.#update(parse(data));
    else if (kind === "error") {
      const error = objectAt(parse(data), "error");
      this.#error = asString(error?.type) ?? "error";
    }
  }

  end(_parse: ParseJson, how: StreamEnd): StreamSummary {
    return {
      body: this.#message,
      // The last delta holds the final counts; a stream cut before `message_stop` may still send another.
      usageFinal: this.#delta && (this.#stop || how.ended),
      terminated: this.#stop || how.done,
      finished: this.#delta,
      expectsUsage: true,
      notes: this.#error === null ? {} : { stream_error: this.#error },
    };
  }

  retainedChars(): number {
    return JSON.stringify(this.#message ?? {}).length;
  }

  #start(event: Json | null): void {
    const message = asObject(event?.message);
    if (message === null) return;
    const { content: _content, ...rest } = message;
    this.#message = {
      ...rest,
      usage: { ...asObject(this.#message?.usage), ...asObject(rest.usage) },
    };
  }

  #update(event: Json | null): void {
    if (event === null) return;
    const message = this.#message ?? {};
    const usage = asObject(event.usage);
    if (usage !== null) {
      this.#delta = true;
      const fresh = Object.entries(usage).filter(([, value]) => value !== null);
      message.usage = { ...asObject(message.usage), ...Object.fromEntries(fresh) };
    }
    const stopReason = objectAt(event, "delta")?.stop_reason;
    if (stopReason !== null && stopReason !== undefined) message.stop_reason = stopReason;
    this.#message = message;
  }
}

export const anthropicMessages: ResponseFormat = {
  exactCosts: false,
  read: readMessage,
  stream: () => new MessagesStream(),
};
