/**
 * The OpenAI-compatible chat completions format (OpenAI, Groq, Perplexity Sonar). A stream is
 * folded into one synthetic response body — top-level fields of the chunks, never their
 * `choices` — which the provider's own reader then reads like a JSON response.
 */
import { asArray, asObject, type CountReader, objectAt } from "./fields.ts";
import type {
  Json,
  ParseJson,
  Reading,
  RequestFacts,
  ResponseFormat,
  StreamDecoder,
  StreamEnd,
  StreamSummary,
  TokenCounts,
} from "./types.ts";

/** A chunk with a usage object (top level or Groq's `x_groq.usage`); `"usage":null` chunks do not match. */
const USAGE_OBJECT = /"usage"\s*:\s*\{/;
const FINISH_REASON = /"finish_reason"\s*:\s*"/;

export interface ChatDialect {
  read(body: Json): Reading;
  exactCosts: boolean;
  /**
   * Every chunk carries the running usage (Perplexity): only the latest usage chunk is kept,
   * unparsed, and read at the end; the usage is final once a choice has finished.
   */
  usageOnEveryChunk: boolean;
  /** The provider sends usage on every finished stream, not only when the client asked. */
  expectsUsage(request: RequestFacts): boolean;
}

export function chatCompletionsFormat(dialect: ChatDialect): ResponseFormat {
  return {
    exactCosts: dialect.exactCosts,
    read: dialect.read,
    stream: (request) => new ChatStream(dialect, dialect.expectsUsage(request)),
  };
}

class ChatStream implements StreamDecoder {
  readonly #dialect: ChatDialect;
  readonly #expectsUsage: boolean;
  #body: Json | null = null;
  /** The latest usage chunk, unparsed (usage on every chunk). */
  #pending: string | null = null;
  /** The latest event, unparsed: whether a choice finished is read from it only if needed. */
  #last: string | null = null;
  #finished = false;

  constructor(dialect: ChatDialect, expectsUsage: boolean) {
    this.#dialect = dialect;
    this.#expectsUsage = expectsUsage;
  }

  event(_type: string | undefined, data: string, parse: ParseJson): void {
    this.#last = data;
    // The first chunk names the model and the id, even if the stream is cut right after it.
    if (this.#body === null) this.#fold(parse(data));
    else if (!USAGE_OBJECT.test(data)) return;
    else if (this.#dialect.usageOnEveryChunk) this.#pending = data;
    else this.#fold(parse(data));
  }

  end(parse: ParseJson, how: StreamEnd): StreamSummary {
    if (this.#pending !== null) this.#fold(parse(this.#pending));
    this.#pending = null;
    const body = this.#body;
    const usage =
      asObject(body?.usage) !== null || asObject(asObject(body?.x_groq)?.usage) !== null;
    const finished = this.#finished || (this.#last !== null && FINISH_REASON.test(this.#last));
    return {
      body,
      usageFinal: usage && (!this.#dialect.usageOnEveryChunk || this.#finished || how.done),
      terminated: how.done,
      finished,
      expectsUsage: this.#expectsUsage,
    };
  }

  retainedChars(): number {
    return (
      JSON.stringify(this.#body ?? {}).length +
      (this.#pending?.length ?? 0) +
      (this.#last?.length ?? 0)
    );
  }

  /** Keeps a chunk's top-level fields (latest wins, nulls never overwrite), not its choices. */
  #fold(chunk: Json | null): void {
    if (chunk === null) return;
    const body = this.#body ?? {};
    this.#body = body;
    for (const [key, value] of Object.entries(chunk)) {
      if (value === null || value === undefined || key === "choices") continue;
      const previous = asObject(body[key]);
      const next = asObject(value);
      // Groq's x_groq: the id comes first, the usage in the last chunk.
      body[key] =
        key === "x_groq" && previous && next ? { ...previous, ...withoutNulls(next) } : value;
    }
    for (const choice of asArray(chunk.choices) ?? []) {
      const reason = asObject(choice)?.finish_reason;
      if (reason !== null && reason !== undefined) this.#finished = true;
    }
  }
}

function withoutNulls(object: Json): Json {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null));
}

/** Counts of an OpenAI-style chat `usage`: input includes cached tokens, reasoning is part of output. */
export function chatTokens(usage: Json, counts: CountReader): TokenCounts {
  return {
    prompt_tokens: counts.read(usage.prompt_tokens, "prompt_tokens"),
    completion_tokens: counts.read(usage.completion_tokens, "completion_tokens"),
    cache_read_tokens: counts.read(
      objectAt(usage, "prompt_tokens_details")?.cached_tokens,
      "prompt_tokens_details.cached_tokens",
    ),
    cache_write_5m_tokens: 0,
    cache_write_1h_tokens: 0,
    reasoning_tokens: counts.read(
      objectAt(usage, "completion_tokens_details")?.reasoning_tokens,
      "completion_tokens_details.reasoning_tokens",
    ),
    search_queries: 0,
  };
}
