import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  anthropicClient,
  collect,
  groqClient,
  openaiClient,
  QUESTION,
  rejection,
  resetUpstream,
  TEST_KEYS,
} from "./sdk-clients.ts";
import { type FakeChatUpstream, startFakeChatUpstream } from "./server.ts";

let fake: FakeChatUpstream;

beforeAll(async () => {
  fake = await startFakeChatUpstream();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => resetUpstream(fake));

const chat = { model: "gpt-4o", messages: QUESTION };
const message = { model: "claude-haiku-4-5", max_tokens: 64, messages: QUESTION };

describe("request log", () => {
  test("keeps path, query, headers and the raw body, but of the key only its last 4", async () => {
    const rawBody = '{"model": "gpt-4o",\n  "messages": [{"role": "user", "content": "hi"}]}';
    const response = await fetch(`${fake.url}/v1/chat/completions?trace=1&trace=2`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${TEST_KEYS.openai}`,
        "content-type": "application/json",
        "x-client-tag": "ledger-test",
      },
      body: rawBody,
    });
    expect(response.status).toBe(200);
    const [entry] = fake.state.requests;
    expect(entry).toMatchObject({
      method: "POST",
      path: "/v1/chat/completions",
      flavour: "openai",
      query: { trace: ["1", "2"] },
      hasAuth: true,
      authScheme: "bearer",
      keySuffix: "a1b2",
      rawBody,
      body: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] },
      stream: false,
      status: 200,
      fault: null,
      outcome: "completed",
      requestId: response.headers.get("x-request-id"),
    });
    expect(entry?.headers).toMatchObject({ "x-client-tag": "ledger-test" });
    expect(entry?.headers).not.toHaveProperty("authorization");
    expect(JSON.stringify(entry)).not.toContain(TEST_KEYS.openai);
  });

  test("Anthropic takes the key as x-api-key or, as its SDK sends it, as a bearer", async () => {
    await anthropicClient(fake.url).messages.create(message);
    const response = await fetch(`${fake.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": TEST_KEYS.anthropic, "anthropic-version": "2023-06-01" },
      body: JSON.stringify(message),
    });
    expect(response.status).toBe(200);
    expect(fake.state.requests.map((entry) => [entry.authScheme, entry.keySuffix])).toEqual([
      ["bearer", "g7h8"],
      ["x-api-key", "g7h8"],
    ]);
    expect(fake.state.requests[1]?.headers).not.toHaveProperty("x-api-key");
  });
});

describe("auth and routing", () => {
  test("a key outside validKeys gets a 401 in each provider's format and nothing is served", async () => {
    fake.state.validKeys = [TEST_KEYS.openai, TEST_KEYS.anthropic];
    await expect(
      openaiClient(`${fake.url}/v1`, "sk-wrong-0000").chat.completions.create(chat),
    ).rejects.toMatchObject({
      status: 401,
      code: "invalid_api_key",
      type: "invalid_request_error",
    });
    await expect(
      anthropicClient(fake.url, "sk-ant-wrong-9999").messages.create(message),
    ).rejects.toMatchObject({
      status: 401,
      error: { type: "error", error: { type: "authentication_error" } },
    });
    await expect(
      openaiClient(`${fake.url}/v1`).chat.completions.create(chat),
    ).resolves.toBeDefined();
    expect(fake.state.requests.map((entry) => [entry.status, entry.keySuffix])).toEqual([
      [401, "0000"],
      [401, "9999"],
      [200, "a1b2"],
    ]);
    expect(fake.state.served).toHaveLength(1);
  });

  test("a request without a key is a 401 and is logged without one", async () => {
    const response = await fetch(`${fake.url}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: "sonar", messages: QUESTION }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_api_key" } });
    expect(fake.state.requests[0]).toMatchObject({ hasAuth: false, keySuffix: null, status: 401 });
  });

  test("unknown paths are 404, other methods 405, bodies without messages 400", async () => {
    const headers = { authorization: `Bearer ${TEST_KEYS.openai}` };
    const unknown = await fetch(`${fake.url}/v1/embeddings`, { method: "POST", headers });
    const get = await fetch(`${fake.url}/v1/chat/completions`, { headers });
    const empty = await fetch(`${fake.url}/v1/chat/completions`, {
      method: "POST",
      headers,
      body: JSON.stringify({ model: "gpt-4o", messages: [] }),
    });
    expect([unknown.status, get.status, empty.status]).toEqual([404, 405, 400]);
    expect(await unknown.json()).toMatchObject({ error: { code: "unknown_url" } });
    expect(fake.state.requests.map((entry) => entry.flavour)).toEqual([null, "openai", "openai"]);
    expect(fake.state.served).toEqual([]);
  });
});

describe("faults", () => {
  test("a 429 carries retry-after and becomes the SDK's rate-limit error", async () => {
    fake.state.faults.push({ status: 429, retryAfter: 7 });
    const failure = openaiClient(`${fake.url}/v1`).chat.completions.create(chat);
    await expect(failure).rejects.toMatchObject({ status: 429, code: "rate_limit_exceeded" });
    expect((await rejection(failure)).headers?.get("retry-after")).toBe("7");
    expect(fake.state.requests[0]).toMatchObject({ status: 429, fault: "429" });
    expect(fake.state.served).toEqual([]);
  });

  test.each([500, 503])("a %i is the SDK's error of that status", async (status) => {
    fake.state.faults.push({ status, flavour: "perplexity" });
    await expect(
      openaiClient(fake.url, TEST_KEYS.perplexity).chat.completions.create({
        model: "sonar",
        messages: QUESTION,
      }),
    ).rejects.toMatchObject({ status });
  });

  test("Groq's 498 reaches groq-sdk as a capacity_exceeded error", async () => {
    fake.state.faults.push({ status: 498, flavour: "groq" });
    await expect(
      groqClient(fake.url).chat.completions.create({
        model: "llama-3.3-70b-versatile",
        messages: QUESTION,
      }),
    ).rejects.toMatchObject({ status: 498, error: { error: { type: "capacity_exceeded" } } });
  });

  test("an Anthropic 429 is a rate_limit_error with retry-after", async () => {
    fake.state.faults.push({ status: 429, retryAfter: 30, path: "/v1/messages" });
    const failure = anthropicClient(fake.url).messages.create(message);
    await expect(failure).rejects.toMatchObject({
      status: 429,
      error: { error: { type: "rate_limit_error" } },
    });
    expect((await rejection(failure)).headers?.get("retry-after")).toBe("30");
  });

  test("a stream cut after N chunks fails the SDK's iteration and is never served", async () => {
    fake.state.faults.push({ cutAfterChunks: 3 }, { cutAfterChunks: 2 });
    const groqStream = await groqClient(fake.url).chat.completions.create({
      model: "llama-3.3-70b-versatile",
      messages: QUESTION,
      stream: true,
    });
    const anthropicStream = await anthropicClient(fake.url).messages.create({
      ...message,
      stream: true,
    });
    await expect(collect(groqStream)).rejects.toThrow();
    await expect(collect(anthropicStream)).rejects.toThrow();
    expect(fake.state.requests.map((entry) => [entry.fault, entry.outcome])).toEqual([
      ["cut after 3", "cut"],
      ["cut after 2", "cut"],
    ]);
    expect(fake.state.served).toEqual([]);
  });

  test("a JSON answer cut halfway fails the SDK call", async () => {
    fake.state.faults.push({ cutAfterChunks: 0 });
    await expect(openaiClient(`${fake.url}/v1`).chat.completions.create(chat)).rejects.toThrow();
    expect(fake.state.requests[0]?.outcome).toBe("cut");
  });

  test("a slow first byte holds the whole answer back", async () => {
    fake.state.faults.push({ delayMs: 200 });
    const started = performance.now();
    await openaiClient(`${fake.url}/v1`).chat.completions.create(chat);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(fake.state.requests[0]?.fault).toBe("delay 200ms");
  });

  test("faults wait for their flavour and path, and `times` repeats them", async () => {
    fake.state.faults.push({ status: 500, flavour: "anthropic", times: 2 });
    const client = openaiClient(`${fake.url}/v1`);
    await expect(client.chat.completions.create(chat)).resolves.toBeDefined();
    const anthropic = anthropicClient(`${fake.url}/anthropic`);
    await expect(anthropic.messages.create(message)).rejects.toMatchObject({ status: 500 });
    await expect(anthropic.messages.create(message)).rejects.toMatchObject({ status: 500 });
    await expect(anthropic.messages.create(message)).resolves.toBeDefined();
    expect(fake.state.requests.map((entry) => entry.status)).toEqual([200, 500, 500, 200]);
    expect(fake.state.faults).toEqual([]);
  });
});
