/** The real `openai` client, wrapped, against a fake OpenAI upstream and a fake ingest. */
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withTokenLedger } from "../../packages/sdk/src/index.ts";
import { type FakeIngest, startIngest } from "./fake-ingest.ts";
import { type FakeUpstream, startUpstream } from "./fake-upstream.ts";
import {
  COMMON,
  collect,
  INGEST_KEY,
  ISO_TIMESTAMP,
  invalid,
  ledgerOptions,
  withId,
} from "./helpers.ts";

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
  new OpenAI({ apiKey: "sk-test-openai-key-WXYZ", baseURL: `${upstream.url}/v1`, maxRetries: 0 });
const wrapped = () => withTokenLedger(plain(), ledgerOptions(ingest.url));
const chat = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "hi" }] };

const CHAT_RECORD = {
  ...COMMON,
  provider: "openai",
  timestamp: expect.stringMatching(ISO_TIMESTAMP),
  model: "gpt-4o-mini-2024-07-18",
  prompt_tokens: 1200,
  completion_tokens: 300,
  total_tokens: 1500,
  cache_read_tokens: 1024,
  cache_write_5m_tokens: 0,
  cache_write_1h_tokens: 0,
  reasoning_tokens: 64,
  search_queries: 0,
  service_tier: "default",
  api_key_suffix: "WXYZ",
};

describe("openai chat completions", () => {
  it("returns the response unchanged and reports one record with canonical tokens", async () => {
    const client = wrapped();
    const expected = await plain().chat.completions.create(chat);
    const before = Date.now();
    const response = await client.chat.completions.create(chat);
    await client.tokenLedger.flush();

    expect(response).toEqual({ ...expected, id: response.id });
    expect(ingest.batches.map((batch) => batch.authorization)).toEqual([`Bearer ${INGEST_KEY}`]);
    expect(ingest.records()).toEqual([
      {
        ...CHAT_RECORD,
        metadata: {
          endpoint: "chat.completions",
          latency_ms: expect.any(Number),
          stream: false,
          partial: false,
        },
        idempotency_key: `openai:${response.id}`,
      },
    ]);
    const startedAt = Date.parse(String(ingest.records()[0]?.timestamp));
    expect(startedAt).toBeGreaterThanOrEqual(before);
    expect(startedAt).toBeLessThanOrEqual(Date.now());
    expect(invalid(ingest.records())).toEqual([]);
  });

  it("streams chunk for chunk, asking for usage and hiding it from the app", async () => {
    const client = wrapped();
    const expected = await collect(
      await plain().chat.completions.create({ ...chat, stream: true }),
    );
    const chunks = await collect(await client.chat.completions.create({ ...chat, stream: true }));
    await client.tokenLedger.flush();

    expect(withId(chunks, "x")).toEqual(withId(expected, "x"));
    expect(upstream.requests.at(-1)?.body.stream_options).toEqual({ include_usage: true });
    expect(ingest.records()).toEqual([
      {
        ...CHAT_RECORD,
        metadata: {
          endpoint: "chat.completions",
          latency_ms: expect.any(Number),
          stream: true,
          partial: false,
          first_chunk_ms: expect.any(Number),
          chunks: 6,
        },
        idempotency_key: `openai:${chunks[0]?.id}`,
      },
    ]);
  });

  it("leaves the usage chunk in place when the app asked for it", async () => {
    const client = wrapped();
    const request = { ...chat, stream: true as const, stream_options: { include_usage: true } };
    const expected = await collect(await plain().chat.completions.create(request));
    const chunks = await collect(await client.chat.completions.create(request));
    await client.tokenLedger.flush();

    expect(withId(chunks, "x")).toEqual(withId(expected, "x"));
    expect(chunks.at(-1)?.usage?.prompt_tokens).toBe(1200);
    expect(ingest.records()).toMatchObject([{ prompt_tokens: 1200, completion_tokens: 300 }]);
  });

  it("reports a stream the app stops early as partial", async () => {
    const client = wrapped();
    const stream = await client.chat.completions.create({ ...chat, stream: true });
    const seen: string[] = [];
    for await (const chunk of stream) {
      seen.push(chunk.choices[0]?.delta.content ?? "");
      break;
    }
    await client.tokenLedger.flush();

    expect(seen).toEqual([""]);
    expect(stream.controller.signal.aborted).toBe(true);
    expect(ingest.records()).toMatchObject([
      {
        provider: "openai",
        prompt_tokens: 0,
        completion_tokens: 0,
        metadata: { stream: true, partial: true, chunks: 1 },
      },
    ]);
    expect(invalid(ingest.records())).toEqual([]);
  });

  it("hands chunks over as they arrive", async () => {
    const client = wrapped();
    const started = performance.now();
    const stream = await client.chat.completions.create(
      { ...chat, stream: true },
      { headers: { "x-fake-chunk-delay-ms": "40" } },
    );
    const arrivals: number[] = [];
    for await (const _chunk of stream) arrivals.push(performance.now() - started);
    await client.tokenLedger.flush();

    expect(arrivals).toHaveLength(5);
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThan(120);
    expect(ingest.records()).toHaveLength(1);
  });

  it("keeps withResponse(), and the SDK's stream helper goes through the wrapper once", async () => {
    const client = wrapped();
    const { data, response } = await client.chat.completions.create(chat).withResponse();
    const helper = client.chat.completions.stream(chat);
    const final = await helper.finalChatCompletion();
    await client.tokenLedger.flush();

    expect(response.status).toBe(200);
    expect(data.usage?.total_tokens).toBe(1500);
    expect(final.choices[0]?.message.content).toBe("Hello from the fake.");
    expect(ingest.records()).toMatchObject([
      { prompt_tokens: 1200, metadata: { stream: false } },
      { prompt_tokens: 1200, metadata: { stream: true, partial: false } },
    ]);
  });

  it("reports a teed stream once, and clients made by withOptions() too", async () => {
    const client = wrapped();
    const [left, right] = (await client.chat.completions.create({ ...chat, stream: true })).tee();
    const [leftChunks, rightChunks] = await Promise.all([collect(left), collect(right)]);
    await client.withOptions({ timeout: 5_000 }).chat.completions.create(chat);
    await client.tokenLedger.flush();

    expect(leftChunks).toEqual(rightChunks);
    expect(leftChunks).toHaveLength(5);
    expect(ingest.records()).toMatchObject([
      { prompt_tokens: 1200, metadata: { stream: true, partial: false } },
      { prompt_tokens: 1200, metadata: { stream: false } },
    ]);
  });

  it("passes provider errors through untouched and reports nothing", async () => {
    const client = withTokenLedger(
      new OpenAI({ apiKey: "sk-test", baseURL: `${upstream.url}/nowhere`, maxRetries: 0 }),
      ledgerOptions(ingest.url),
    );
    await expect(client.chat.completions.create(chat)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await client.tokenLedger.flush();
    expect(ingest.attempts).toBe(0);
  });
});

describe("openai responses and embeddings", () => {
  const RESPONSE_TOKENS = {
    provider: "openai",
    model: "gpt-4.1-2025-04-14",
    prompt_tokens: 300,
    completion_tokens: 50,
    total_tokens: 350,
    cache_read_tokens: 100,
    reasoning_tokens: 10,
    service_tier: "default",
  };

  it("reports responses.create, plain and streamed, and responses.stream()", async () => {
    const client = wrapped();
    const expected = await plain().responses.create({ model: "gpt-4.1", input: "hi" });
    const response = await client.responses.create({ model: "gpt-4.1", input: "hi" });
    const events = await collect(
      await client.responses.create({ model: "gpt-4.1", input: "hi", stream: true }),
    );
    const final = await client.responses.stream({ model: "gpt-4.1", input: "hi" }).finalResponse();
    await client.tokenLedger.flush();

    expect(response.output_text).toBe(expected.output_text);
    expect(events.map((event) => event.type)).toEqual([
      "response.created",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.completed",
    ]);
    expect(final.output_text).toBe(expected.output_text);
    expect(ingest.records()).toMatchObject([
      { ...RESPONSE_TOKENS, idempotency_key: `openai:${response.id}`, metadata: { stream: false } },
      { ...RESPONSE_TOKENS, metadata: { endpoint: "responses", stream: true, partial: false } },
      { ...RESPONSE_TOKENS, idempotency_key: `openai:${final.id}`, metadata: { stream: true } },
    ]);
    expect(invalid(ingest.records())).toEqual([]);
  });

  it("reports embeddings, which carry no id, under a generated key", async () => {
    const client = wrapped();
    const expected = await plain().embeddings.create({
      model: "text-embedding-3-small",
      input: "hi",
    });
    const result = await client.embeddings.create({ model: "text-embedding-3-small", input: "hi" });
    await client.tokenLedger.flush();

    expect(result).toEqual(expected);
    expect(ingest.records()).toEqual([
      expect.objectContaining({
        model: "text-embedding-3-small",
        prompt_tokens: 8,
        completion_tokens: 0,
        total_tokens: 8,
        idempotency_key: expect.stringMatching(/^openai:sdk-[0-9a-f-]{36}$/),
        metadata: expect.objectContaining({ endpoint: "embeddings" }),
      }),
    ]);
  });
});
