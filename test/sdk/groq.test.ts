/** The real `groq-sdk` client, and the `openai` client pointed at Groq, wrapped. */
import Groq from "groq-sdk";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withTokenLedger } from "../../packages/sdk/src/index.ts";
import { type FakeIngest, startIngest } from "./fake-ingest.ts";
import { type FakeUpstream, startUpstream } from "./fake-upstream.ts";
import { COMMON, collect, ISO_TIMESTAMP, invalid, ledgerOptions, withId } from "./helpers.ts";

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
  new Groq({ apiKey: "gsk_test_groq_key_G4Q1", baseURL: upstream.url, maxRetries: 0 });
const wrapped = () => withTokenLedger(plain(), ledgerOptions(ingest.url));
const chat = {
  model: "llama-3.3-70b-versatile",
  messages: [{ role: "user" as const, content: "hi" }],
};
const TIMINGS = { queue_time: 0.017, prompt_time: 0.002, completion_time: 0.04, total_time: 0.042 };

const GROQ_RECORD = {
  ...COMMON,
  provider: "groq",
  timestamp: expect.stringMatching(ISO_TIMESTAMP),
  model: "llama-3.3-70b-versatile",
  prompt_tokens: 40,
  completion_tokens: 12,
  total_tokens: 52,
  cache_read_tokens: 0,
  cache_write_5m_tokens: 0,
  cache_write_1h_tokens: 0,
  reasoning_tokens: 0,
  search_queries: 0,
  api_key_suffix: "G4Q1",
};

describe("groq-sdk", () => {
  it("returns the completion unchanged and keeps Groq's timings and request id", async () => {
    const client = wrapped();
    const expected = await plain().chat.completions.create(chat);
    const completion = await client.chat.completions.create(chat);
    await client.tokenLedger.flush();

    expect(completion).toEqual({ ...expected, id: completion.id, x_groq: completion.x_groq });
    expect(ingest.records()).toEqual([
      {
        ...GROQ_RECORD,
        service_tier: "on_demand",
        metadata: {
          groq: {
            request_id: `req_${completion.id}`,
            ...TIMINGS,
            dram_cached_tokens: 0,
            sram_cached_tokens: 16,
          },
          endpoint: "chat.completions",
          latency_ms: expect.any(Number),
          stream: false,
          partial: false,
        },
        idempotency_key: `groq:${completion.id}`,
      },
    ]);
    expect(invalid(ingest.records())).toEqual([]);
  });

  it("streams chunk for chunk and reads usage from the final x_groq.usage", async () => {
    const client = wrapped();
    const expected = await collect(
      await plain().chat.completions.create({ ...chat, stream: true }),
    );
    const chunks = await collect(await client.chat.completions.create({ ...chat, stream: true }));
    await client.tokenLedger.flush();

    const normalize = (list: typeof chunks) =>
      JSON.stringify(withId(list, "x")).replace(/groq\d+/g, "n");
    expect(normalize(chunks)).toBe(normalize(expected));
    expect(upstream.requests.at(-1)?.body.stream_options).toBeUndefined();
    expect(ingest.records()).toEqual([
      {
        ...GROQ_RECORD,
        service_tier: null,
        metadata: {
          groq: { request_id: `req_${chunks[0]?.id}`, ...TIMINGS },
          endpoint: "chat.completions",
          latency_ms: expect.any(Number),
          stream: true,
          partial: false,
          first_chunk_ms: expect.any(Number),
          chunks: 4,
        },
        idempotency_key: `groq:${chunks[0]?.id}`,
      },
    ]);
  });
});

describe("openai client against Groq", () => {
  it("recognises Groq by its x_groq field when the base URL does not say", async () => {
    const client = withTokenLedger(
      new OpenAI({
        apiKey: "gsk_test_groq_key_G4Q1",
        baseURL: `${upstream.url}/openai/v1`,
        maxRetries: 0,
      }),
      ledgerOptions(ingest.url),
    );
    const completion = await client.chat.completions.create(chat);
    const chunks = await collect(await client.chat.completions.create({ ...chat, stream: true }));
    await client.tokenLedger.flush();

    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe(
      "Fast hello.",
    );
    expect(ingest.records()).toMatchObject([
      { provider: "groq", prompt_tokens: 40, idempotency_key: `groq:${completion.id}` },
      { provider: "groq", prompt_tokens: 40, total_tokens: 52, metadata: { stream: true } },
    ]);
  });

  it("takes the provider from the options when given", async () => {
    const client = withTokenLedger(
      new OpenAI({ apiKey: "gsk_test", baseURL: `${upstream.url}/openai/v1`, maxRetries: 0 }),
      ledgerOptions(ingest.url, { provider: "groq" }),
    );
    await client.chat.completions.create(chat);
    await client.tokenLedger.flush();
    expect(ingest.records()).toMatchObject([{ provider: "groq", api_key_suffix: null }]);
  });
});
