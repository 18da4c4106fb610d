/** Helpers for the extractor tests: bodies, SSE streams and awkward chunkings of them. */
import { expect } from "vitest";
import type { ProviderId } from "../../../src/providers/registry.ts";
import {
  type CapturedUsage,
  createExtractor,
  type UsageExtractor,
} from "../../../src/proxy/extract/index.ts";
import { SseExtractor } from "../../../src/proxy/extract/sse.ts";

export interface Call {
  provider: ProviderId;
  path: string;
  contentType: string | null;
  requestBody?: unknown;
}

const encoder = new TextEncoder();

/** An SSE body: objects become `data: <json>` events, strings are written as they are. */
export function sse(...events: (object | string)[]): string {
  return events
    .map((event) => (typeof event === "string" ? event : `data: ${JSON.stringify(event)}\n\n`))
    .join("");
}

/** A named SSE event (`event:` line and JSON data), as Anthropic and OpenAI Responses send them. */
export function named(type: string, data: object): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Cuts bytes at the given offsets. */
function cut(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const points = [...new Set(offsets.filter((o) => o > 0 && o < bytes.length))].sort(
    (a, b) => a - b,
  );
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

/** Offsets of every occurrence of `needle` in `text`, as byte offsets, shifted by `shift` bytes. */
function offsetsOf(bytes: Uint8Array, needle: string, shift: number): number[] {
  const text = Buffer.from(bytes).toString("latin1");
  const offsets: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    offsets.push(at + shift);
  }
  return offsets;
}

/** The same body in awkward pieces: whole, byte by byte, inside UTF-8 characters, inside `data:` lines, in 7-byte pieces. */
export function chunkings(body: string | Uint8Array): Record<string, Uint8Array[]> {
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  const continuation = [...bytes.keys()].filter((i) => ((bytes[i] ?? 0) & 0xc0) === 0x80);
  return {
    whole: [bytes],
    byteByByte: [...bytes].map((byte) => Uint8Array.of(byte)),
    insideUtf8: cut(bytes, continuation),
    insideDataLines: cut(bytes, [...offsetsOf(bytes, "data:", 2), ...offsetsOf(bytes, "\n\n", 1)]),
    sevenBytes: cut(
      bytes,
      [...bytes.keys()].filter((i) => i % 7 === 0),
    ),
  };
}

/** The extractor for a call, which must exist. */
export function extractorFor(call: Call): UsageExtractor {
  const extractor = createExtractor({ requestBody: undefined, ...call });
  if (extractor === null) throw new Error(`no extractor for ${call.provider} ${call.path}`);
  return extractor;
}

/** The SSE extractor for a call, with its test-visible stats. */
export function sseExtractorFor(call: Call): SseExtractor {
  const extractor = extractorFor(call);
  if (!(extractor instanceof SseExtractor)) throw new Error("not an SSE extractor");
  return extractor;
}

/** Feeds chunks to a fresh extractor and finishes it. */
export function capture(call: Call, chunks: Uint8Array[], ended = true): CapturedUsage {
  const extractor = extractorFor(call);
  for (const chunk of chunks) extractor.push(chunk);
  return extractor.finish(ended);
}

/** The capture of a body, asserted identical under every chunking. */
export function captureAll(call: Call, body: string | Uint8Array, ended = true): CapturedUsage {
  const results = Object.entries(chunkings(body)).map(
    ([name, chunks]) => [name, capture(call, chunks, ended)] as const,
  );
  const first = results[0]?.[1];
  if (first === undefined) throw new Error("no chunkings");
  for (const [name, result] of results) expect({ name, result }).toEqual({ name, result: first });
  return first;
}

/** The first `bytes` bytes of a body: a stream cut mid-way. */
export function prefix(body: string, bytes: number): Uint8Array {
  return encoder.encode(body).subarray(0, bytes);
}

export const encode = (text: string): Uint8Array => encoder.encode(text);

/** A capture with every count 0 and nothing known, to spread expectations over. */
export const NOTHING: CapturedUsage = {
  model: null,
  prompt_tokens: 0,
  completion_tokens: 0,
  cache_read_tokens: 0,
  cache_write_5m_tokens: 0,
  cache_write_1h_tokens: 0,
  reasoning_tokens: 0,
  search_queries: 0,
  service_tier: null,
  provider_cost: null,
  request_id: null,
  metadata: {},
  status: "complete",
};
