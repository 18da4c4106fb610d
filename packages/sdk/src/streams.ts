/**
 * Streams are observed in place: the SDK's `Stream` object keeps its class, `controller`,
 * `tee()` and `toReadableStream()`; only the iterator it hands out is wrapped, so every chunk
 * reaches the application unchanged and at once while a tap accumulates the usage.
 */
import { type Dict, dict } from "./usage.ts";

/** Accumulates a stream into something shaped like the non-streaming response. */
export interface Tap {
  /** Sees one chunk; returns true to hide it from the application. */
  see(chunk: unknown): boolean;
  response(): Dict;
}

export interface StreamEnd {
  partial: boolean;
  chunks: number;
  firstChunkMs: number | null;
}

export function observeStream(stream: object, tap: Tap, end: (info: StreamEnd) => void): boolean {
  const target = stream as { iterator?: unknown; controller?: AbortController };
  const aborted = () => target.controller?.signal?.aborted === true;
  const started = performance.now();
  let chunks = 0;
  let firstChunkMs: number | null = null;
  let finished = false;
  const finish = (partial: boolean) => {
    if (finished) return;
    finished = true;
    end({ partial, chunks, firstChunkMs });
  };
  const wrap = (inner: AsyncIterator<unknown>): AsyncIterator<unknown> => ({
    async next() {
      for (;;) {
        let result: IteratorResult<unknown>;
        try {
          result = await inner.next();
        } catch (error) {
          finish(true);
          throw error;
        }
        if (result.done) {
          finish(aborted());
          return result;
        }
        chunks += 1;
        firstChunkMs ??= Math.round(performance.now() - started);
        if (!safeSee(tap, result.value)) return result;
      }
    },
    async return(value?: unknown) {
      finish(true);
      return inner.return ? inner.return(value) : { done: true, value };
    },
    async throw(error?: unknown) {
      finish(true);
      if (inner.throw) return inner.throw(error);
      throw error;
    },
  });

  // Stainless SDKs (openai, groq-sdk, @anthropic-ai/sdk) read every iteration through `iterator`.
  if (typeof target.iterator === "function") {
    const original = target.iterator as () => AsyncIterator<unknown>;
    target.iterator = () => wrap(original.call(stream));
    return true;
  }
  const iterable = stream as AsyncIterable<unknown>;
  if (typeof iterable[Symbol.asyncIterator] !== "function") return false;
  const original = iterable[Symbol.asyncIterator].bind(stream);
  Object.defineProperty(stream, Symbol.asyncIterator, {
    configurable: true,
    writable: true,
    value: () => wrap(original()),
  });
  return true;
}

function safeSee(tap: Tap, chunk: unknown): boolean {
  try {
    return tap.see(chunk);
  } catch {
    return false;
  }
}

/** OpenAI-compatible chat chunks; Groq's `x_groq.usage`, Perplexity's citations and cost. */
export function chatTap(hideInjectedUsage: boolean): Tap {
  const seen: Dict = {};
  return {
    see(value) {
      const chunk = dict(value);
      if (!chunk) return false;
      for (const key of ["id", "model", "service_tier", "citations", "search_results"]) {
        if (chunk[key] !== undefined && chunk[key] !== null) seen[key] = chunk[key];
      }
      if (dict(chunk.usage)) seen.usage = chunk.usage;
      const xGroq = dict(chunk.x_groq);
      if (xGroq) seen.x_groq = { ...dict(seen.x_groq), ...xGroq };
      if (!hideInjectedUsage) return false;
      // The application did not ask for usage: hide the usage-only chunk and the null fields.
      if (Array.isArray(chunk.choices) && chunk.choices.length === 0 && dict(chunk.usage)) {
        return true;
      }
      if (chunk.usage === null) delete chunk.usage;
      return false;
    },
    response: () => seen,
  };
}

/** Responses API events: the last `response` object seen (`response.completed` has usage). */
export function responsesTap(): Tap {
  let seen: Dict = {};
  return {
    see(value) {
      seen = dict(dict(value)?.response) ?? seen;
      return false;
    },
    response: () => seen,
  };
}

/** Anthropic events: `message_start` has the message and its input usage; `message_delta` updates it. */
export function anthropicTap(): Tap {
  let message: Dict = {};
  let usage: Dict = {};
  return {
    see(value) {
      const event = dict(value);
      if (event?.type === "message_start") {
        message = dict(event.message) ?? {};
        usage = { ...dict(message.usage) };
      } else if (event?.type === "message_delta") {
        for (const [key, figure] of Object.entries(dict(event.usage) ?? {})) {
          if (figure !== null && figure !== undefined) usage[key] = figure;
        }
      }
      return false;
    },
    response: () => ({ ...message, usage }),
  };
}
