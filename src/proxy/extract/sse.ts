/**
 * Usage from a server-sent event stream. Bytes are decoded and fed to `eventsource-parser` as
 * they pass; each event goes to the format's decoder, which parses only the few events that
 * carry the model, the id or the usage. Content is never accumulated.
 */
import { createParser, type EventSourceParser } from "eventsource-parser";
import { describe } from "./json-body.ts";
import { captured, jsonParser } from "./result.ts";
import type {
  CaptureStatus,
  CapturedUsage,
  ParseJson,
  Reading,
  RequestFacts,
  ResponseFormat,
  StreamDecoder,
  StreamSummary,
  UsageExtractor,
} from "./types.ts";

/** One event larger than this is not a usage event: the stream is given up as unparsable. */
const MAX_EVENT_CHARS = 8 * 1024 * 1024;

export class SseExtractor implements UsageExtractor {
  readonly #read: (body: Record<string, unknown>) => Reading;
  readonly #decoder: StreamDecoder;
  readonly #request: RequestFacts;
  readonly #text = new TextDecoder("utf-8");
  readonly #parser: EventSourceParser;
  readonly #parse: ParseJson;
  #events = 0;
  #invalid = 0;
  /** The OpenAI-style `data: [DONE]` marker was seen. */
  #done = false;
  #failure: string | null = null;

  constructor(format: ResponseFormat, decoder: StreamDecoder, request: RequestFacts) {
    this.#read = format.read;
    this.#decoder = decoder;
    this.#request = request;
    const parse = jsonParser(format.exactCosts);
    this.#parse = (text) => {
      const value = parse(text);
      if (value === null) this.#invalid += 1;
      return value;
    };
    this.#parser = createParser({
      maxBufferSize: MAX_EVENT_CHARS,
      onEvent: (event) => {
        this.#events += 1;
        if (event.data === "[DONE]") this.#done = true;
        else this.#decoder.event(event.event, event.data, this.#parse);
      },
      onError: (error) => {
        if (error.type === "max-buffer-size-exceeded") this.#failure = error.message;
      },
    });
  }

  push(chunk: Uint8Array): void {
    if (this.#failure !== null) return;
    try {
      this.#parser.feed(this.#text.decode(chunk, { stream: true }));
    } catch (error) {
      this.#failure = describe(error);
    }
  }

  finish(ended: boolean): CapturedUsage {
    try {
      return this.#finish(ended);
    } catch (error) {
      return captured(null, "unparsable", this.#request, { extract_error: describe(error) });
    }
  }

  /** What the extractor holds between events: a test-visible bound that must not grow with the content. */
  stats(): { events: number; retainedChars: number } {
    return { events: this.#events, retainedChars: this.#decoder.retainedChars() };
  }

  #finish(ended: boolean): CapturedUsage {
    if (this.#failure === null) {
      try {
        // A stream that ended cleanly may omit the blank line after its last event.
        this.#parser.feed(this.#text.decode() + (ended ? "\n\n" : ""));
      } catch (error) {
        this.#failure = describe(error);
      }
    }
    const summary = this.#decoder.end(this.#parse, { ended, done: this.#done });
    const reading = summary.body === null ? null : this.#read(summary.body);
    const status = this.#status(summary, reading, ended);
    const notes: Record<string, unknown> = { ...summary.notes };
    if (this.#invalid > 0) notes.invalid_events = this.#invalid;
    if (status !== "complete") notes.extract_error = this.#reason(status, reading);
    return captured(reading, status, this.#request, notes);
  }

  #status(summary: StreamSummary, reading: Reading | null, ended: boolean): CaptureStatus {
    if (summary.usageFinal && reading?.tokens) return "complete";
    if (this.#failure !== null) return "unparsable";
    const terminated = summary.terminated;
    if (!terminated && !ended) return "partial";
    // Usage seen, but not its final value: the stream stopped before its last usage event.
    if (reading?.tokens) return "partial";
    if (terminated) return "no_usage";
    if (summary.finished && !summary.expectsUsage) return "no_usage";
    if (this.#events === 0 || this.#invalid > 0 || summary.body === null) return "unparsable";
    return "partial";
  }

  #reason(status: CaptureStatus, reading: Reading | null): string {
    if (this.#failure !== null) return this.#failure;
    if (status === "no_usage") return "stream finished without usage";
    if (status === "unparsable") {
      return this.#events === 0
        ? "no server-sent events in the body"
        : "stream events are not JSON";
    }
    return reading?.tokens ? "stream ended before its final usage" : "stream ended before usage";
  }
}
