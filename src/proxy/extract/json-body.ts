/**
 * Usage from a JSON response body: the body is buffered up to a bound and parsed once, at the
 * end. A larger body is not parsed; formats whose usage comes last (embeddings) read it from
 * the body's last bytes instead.
 */
import { captured, jsonParser } from "./result.ts";
import type {
  CapturedUsage,
  ParseJson,
  RequestFacts,
  ResponseFormat,
  UsageExtractor,
} from "./types.ts";

export const MAX_JSON_BYTES = 8 * 1024 * 1024;
/** Bytes kept from the end of an oversize body for `readTail`. */
const TAIL_BYTES = 64 * 1024;

export class JsonBodyExtractor implements UsageExtractor {
  readonly #format: ResponseFormat;
  readonly #request: RequestFacts;
  readonly #parse: ParseJson;
  readonly #maxBytes: number;
  #chunks: Uint8Array[] = [];
  #kept = 0;
  #total = 0;

  constructor(format: ResponseFormat, request: RequestFacts, maxBytes = MAX_JSON_BYTES) {
    this.#format = format;
    this.#request = request;
    this.#parse = jsonParser(format.exactCosts);
    this.#maxBytes = maxBytes;
  }

  push(chunk: Uint8Array): void {
    this.#total += chunk.byteLength;
    const oversize = this.#total > this.#maxBytes;
    if (oversize && this.#format.readTail === undefined) {
      this.#chunks = [];
      this.#kept = 0;
      return;
    }
    // A copy (`Buffer#slice` would be a view): the chunk may live in a pooled buffer that is reused.
    this.#chunks.push(new Uint8Array(chunk));
    this.#kept += chunk.byteLength;
    while (oversize && this.#chunks.length > 1) {
      const first = this.#chunks[0];
      if (first === undefined || this.#kept - first.byteLength < TAIL_BYTES) break;
      this.#chunks.shift();
      this.#kept -= first.byteLength;
    }
  }

  finish(ended: boolean): CapturedUsage {
    try {
      return this.#finish(ended);
    } catch (error) {
      return captured(null, "unparsable", this.#request, { extract_error: describe(error) });
    }
  }

  #finish(ended: boolean): CapturedUsage {
    const text = Buffer.concat(this.#chunks).toString("utf8");
    this.#chunks = [];
    if (this.#total > this.#maxBytes) {
      const tail = this.#format.readTail?.(text, this.#parse) ?? null;
      const note = { body_bytes: this.#total, body_truncated: true };
      if (tail?.tokens) return captured(tail, "complete", this.#request, note);
      return captured(tail, "unparsable", this.#request, {
        ...note,
        extract_error: `response body exceeds ${this.#maxBytes} bytes`,
      });
    }
    const body = this.#parse(text);
    if (body === null) {
      if (!ended) return captured(null, "partial", this.#request, { extract_error: "body cut" });
      return captured(null, "unparsable", this.#request, {
        extract_error: "response body is not a JSON object",
      });
    }
    const reading = this.#format.read(body);
    return captured(reading, reading.tokens ? "complete" : "no_usage", this.#request);
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
