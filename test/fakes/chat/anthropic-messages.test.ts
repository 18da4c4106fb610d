import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import {
  anthropicClient,
  collect,
  QUESTION,
  QUESTION_PROMPT_TOKENS,
  resetUpstream,
  served,
  servedUsage,
  TEST_KEYS,
} from "./sdk-clients.ts";
import { type FakeChatUpstream, startFakeChatUpstream } from "./server.ts";
import { DEFAULT_ANSWER_TEXT } from "./usage.ts";

let fake: FakeChatUpstream;

beforeAll(async () => {
  fake = await startFakeChatUpstream();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => resetUpstream(fake));

const request = { model: "claude-haiku-4-5", max_tokens: 1024, messages: QUESTION };

test("a message carries split input usage, cache creation by TTL and a tier", async () => {
  const { data, response } = await anthropicClient(fake.url)
    .messages.create(request)
    .withResponse();
  expect(data).toMatchObject({
    type: "message",
    role: "assistant",
    model: "claude-haiku-4-5-20251001",
    content: [{ type: "text", text: DEFAULT_ANSWER_TEXT }],
    stop_reason: "end_turn",
  });
  expect(data.id).toMatch(/^msg_/);
  expect(data.usage).toEqual({
    input_tokens: QUESTION_PROMPT_TOKENS,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: 16,
    service_tier: "standard",
  });
  expect(served(fake)).toMatchObject({
    flavour: "anthropic",
    id: data.id,
    requestId: response.headers.get("request-id"),
    keySuffix: TEST_KEYS.anthropic.slice(-4),
    serviceTier: "standard",
  });
  expect(servedUsage(fake)).toEqual(data.usage);
});

test("cache reads and writes are parts of the prompt; input_tokens is what remains", async () => {
  fake.state.nextUsage.push({
    promptTokens: 2000,
    cacheReadTokens: 1200,
    cacheWrite5mTokens: 300,
    cacheWrite1hTokens: 100,
    completionTokens: 50,
  });
  const message = await anthropicClient(fake.url).messages.create(request);
  expect(message.usage).toMatchObject({
    input_tokens: 400,
    cache_creation_input_tokens: 400,
    cache_read_input_tokens: 1200,
    cache_creation: { ephemeral_5m_input_tokens: 300, ephemeral_1h_input_tokens: 100 },
    output_tokens: 50,
  });
  expect(served(fake).tokens).toEqual({
    promptTokens: 2000,
    completionTokens: 50,
    totalTokens: 2050,
    cacheReadTokens: 1200,
    cacheWrite5mTokens: 300,
    cacheWrite1hTokens: 100,
    reasoningTokens: 0,
    citationTokens: 0,
    searchQueries: 0,
  });
});

test("a system prompt counts as input; max_tokens caps the output", async () => {
  const message = await anthropicClient(fake.url).messages.create({
    ...request,
    system: "Be brief.",
    max_tokens: 5,
  });
  expect(message.usage).toMatchObject({
    input_tokens: QUESTION_PROMPT_TOKENS + 7,
    output_tokens: 5,
  });
  expect(message.stop_reason).toBe("max_tokens");
});

test("a stream's events arrive in order; message_delta's cumulative output ends the count", async () => {
  fake.state.nextUsage.push({ cacheReadTokens: 10 });
  const client = anthropicClient(fake.url);
  const events = await collect(await client.messages.create({ ...request, stream: true }));
  expect(events.map((event) => event.type)).toEqual([
    "message_start",
    "content_block_start",
    ...Array(4).fill("content_block_delta"),
    "content_block_stop",
    "message_delta",
    "message_stop",
  ]);
  expect(events[0]).toMatchObject({
    message: { usage: { input_tokens: 2, cache_read_input_tokens: 10, output_tokens: 1 } },
  });
  expect(events.at(-2)).toMatchObject({
    delta: { stop_reason: "end_turn" },
    usage: { output_tokens: 16 },
  });
  expect(served(fake)).toMatchObject({ stream: true, tokens: { promptTokens: 12 } });
});

test("the SDK's message stream accumulates the served usage", async () => {
  const stream = anthropicClient(fake.url).messages.stream(request);
  const message = await stream.finalMessage();
  expect(message.content).toMatchObject([{ type: "text", text: DEFAULT_ANSWER_TEXT }]);
  expect(message.usage).toMatchObject({ input_tokens: 12, output_tokens: 16 });
  expect(servedUsage(fake)).toEqual(message.usage);
  expect(served(fake)).toMatchObject({ stream: true, id: message.id });
});

test("the raw stream names every event, pings included", async () => {
  const response = await fetch(`${fake.url}/v1/messages`, {
    method: "POST",
    headers: {
      "x-api-key": TEST_KEYS.anthropic,
      "anthropic-version": "2023-06-01",
      "content-type": "application/json",
    },
    body: JSON.stringify({ ...request, stream: true }),
  });
  const raw = await response.text();
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  expect(raw.match(/^event: \w+$/gm)).toEqual([
    "event: message_start",
    "event: content_block_start",
    "event: ping",
    ...Array(4).fill("event: content_block_delta"),
    "event: content_block_stop",
    "event: message_delta",
    "event: message_stop",
  ]);
});

test("the /anthropic mount serves the same API", async () => {
  const message = await anthropicClient(`${fake.url}/anthropic`).messages.create(request);
  expect(message.usage.output_tokens).toBe(16);
  expect(fake.state.requests[0]).toMatchObject({ path: "/anthropic/v1/messages" });
});

test("a missing anthropic-version header is a 400 in Anthropic's error format", async () => {
  const response = await fetch(`${fake.url}/v1/messages`, {
    method: "POST",
    headers: { "x-api-key": TEST_KEYS.anthropic, "content-type": "application/json" },
    body: JSON.stringify(request),
  });
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({
    type: "error",
    error: { type: "invalid_request_error", message: "anthropic-version: header is required" },
    request_id: response.headers.get("request-id"),
  });
  expect(fake.state.served).toEqual([]);
});
