/** The real `@anthropic-ai/sdk` client, wrapped: cache tokens folded into prompt tokens. */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withTokenLedger } from "../../packages/sdk/src/index.ts";
import { type FakeIngest, startIngest } from "./fake-ingest.ts";
import { type FakeUpstream, startUpstream } from "./fake-upstream.ts";
import { COMMON, collect, ISO_TIMESTAMP, invalid, ledgerOptions } from "./helpers.ts";

let upstream: FakeUpstream;
let ingest: FakeIngest;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(() => upstream.close());
beforeEach(async () => {
  ingest = await startIngest();
});
afterEach(() => ingest.close());

const plain = () =>
  new Anthropic({ apiKey: "sk-ant-api03-test-key-ABCD", baseURL: upstream.url, maxRetries: 0 });
const wrapped = () => withTokenLedger(plain(), ledgerOptions(ingest.url));
const request = {
  model: "claude-haiku-4-5",
  max_tokens: 256,
  messages: [{ role: "user" as const, content: "hi" }],
};

/** input 50 uncached + 2,000 cache read + 500 (5m) + 1,000 (1h) cache writes = 3,550 prompt tokens. */
const MESSAGE_RECORD = {
  ...COMMON,
  provider: "anthropic",
  timestamp: expect.stringMatching(ISO_TIMESTAMP),
  model: "claude-haiku-4-5-20251001",
  prompt_tokens: 3550,
  completion_tokens: 120,
  total_tokens: 3670,
  cache_read_tokens: 2000,
  cache_write_5m_tokens: 500,
  cache_write_1h_tokens: 1000,
  reasoning_tokens: 0,
  search_queries: 2,
  service_tier: "standard",
  api_key_suffix: "ABCD",
};

describe("anthropic messages", () => {
  it("returns the message unchanged and reports all input as prompt tokens", async () => {
    const client = wrapped();
    const expected = await plain().messages.create(request);
    const message = await client.messages.create(request);
    await client.tokenLedger.flush();

    expect(message).toEqual({ ...expected, id: message.id });
    expect(ingest.records()).toEqual([
      {
        ...MESSAGE_RECORD,
        metadata: {
          endpoint: "messages",
          latency_ms: expect.any(Number),
          stream: false,
          partial: false,
        },
        idempotency_key: `anthropic:${message.id}`,
      },
    ]);
    expect(invalid(ingest.records())).toEqual([]);
  });

  it("streams events unchanged and merges message_start with message_delta", async () => {
    const client = wrapped();
    const expected = await collect(await plain().messages.create({ ...request, stream: true }));
    const events = await collect(await client.messages.create({ ...request, stream: true }));
    await client.tokenLedger.flush();

    const sameId = (list: typeof events) => JSON.stringify(list).replace(/msg_fake\d+/g, "msg");
    expect(sameId(events)).toBe(sameId(expected));
    expect(ingest.records()).toEqual([
      {
        ...MESSAGE_RECORD,
        metadata: {
          endpoint: "messages",
          latency_ms: expect.any(Number),
          stream: true,
          partial: false,
          first_chunk_ms: expect.any(Number),
          chunks: 7,
        },
        idempotency_key: expect.stringMatching(/^anthropic:msg_fake\d+$/),
      },
    ]);
  });

  it("reports messages.stream() once, through the wrapped create", async () => {
    const client = wrapped();
    const stream = client.messages.stream(request);
    const texts: string[] = [];
    stream.on("text", (text) => texts.push(text));
    const final = await stream.finalMessage();
    await client.tokenLedger.flush();

    expect(texts.join("")).toBe("Hello from Claude.");
    expect(final.usage.output_tokens).toBe(120);
    expect(ingest.records()).toEqual([
      expect.objectContaining({
        prompt_tokens: 3550,
        completion_tokens: 120,
        idempotency_key: `anthropic:${final.id}`,
        metadata: expect.objectContaining({ stream: true, partial: false }),
      }),
    ]);
  });

  it("reports an aborted stream as partial, with the input usage seen so far", async () => {
    const client = wrapped();
    const stream = client.messages.stream(request, {
      headers: { "x-fake-chunk-delay-ms": "30" },
    });
    stream.on("text", () => stream.abort());
    await expect(stream.done()).rejects.toThrow();
    await client.tokenLedger.flush();

    expect(ingest.records()).toMatchObject([
      {
        provider: "anthropic",
        prompt_tokens: 3550,
        completion_tokens: 1,
        cache_read_tokens: 2000,
        metadata: { stream: true, partial: true },
      },
    ]);
    expect(invalid(ingest.records())).toEqual([]);
  });
});
