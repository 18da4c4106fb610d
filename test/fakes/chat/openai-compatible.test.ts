import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  collect,
  groqClient,
  openaiClient,
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

/** A chunk's top-level `usage`, which groq-sdk's chunk type does not declare. */
const topUsage = (chunk: object | undefined) => (chunk as { usage?: unknown } | undefined)?.usage;

beforeAll(async () => {
  fake = await startFakeChatUpstream();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => resetUpstream(fake));

const text = (chunks: { choices: { delta?: { content?: string | null } }[] }[]) =>
  chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? "").join("");

describe("OpenAI", () => {
  test("a completion carries usage with cache and reasoning details, a dated model and a tier", async () => {
    const { data, response } = await openaiClient(`${fake.url}/v1`)
      .chat.completions.create({ model: "gpt-4o", messages: QUESTION })
      .withResponse();
    expect(data).toMatchObject({
      object: "chat.completion",
      model: "gpt-4o-2024-08-06",
      service_tier: "default",
      choices: [{ message: { role: "assistant", content: DEFAULT_ANSWER_TEXT } }],
    });
    expect(data.usage).toEqual({
      prompt_tokens: QUESTION_PROMPT_TOKENS,
      completion_tokens: 16,
      total_tokens: QUESTION_PROMPT_TOKENS + 16,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    });
    expect(served(fake)).toMatchObject({
      flavour: "openai",
      id: data.id,
      requestId: response.headers.get("x-request-id"),
      requestedModel: "gpt-4o",
      model: "gpt-4o-2024-08-06",
      stream: false,
      keySuffix: TEST_KEYS.openai.slice(-4),
      serviceTier: "default",
      cost: null,
    });
    expect(servedUsage(fake)).toEqual(data.usage);
  });

  test("a stream with include_usage ends with a usage chunk whose choices are empty", async () => {
    const stream = await openaiClient(`${fake.url}/v1`).chat.completions.create({
      model: "gpt-4o-mini",
      messages: QUESTION,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = await collect(stream);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({ prompt_tokens: QUESTION_PROMPT_TOKENS, total_tokens: 28 });
    expect(chunks.slice(0, -1).map((chunk) => chunk.usage)).toEqual(
      chunks.slice(0, -1).map(() => null),
    );
    expect(chunks.every((chunk) => chunk.object === "chat.completion.chunk")).toBe(true);
    expect(text(chunks)).toBe(DEFAULT_ANSWER_TEXT);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("stop");
    expect(servedUsage(fake)).toEqual(last?.usage);
    expect(served(fake)).toMatchObject({ stream: true, model: "gpt-4o-mini-2024-07-18" });
  });

  test("a stream without include_usage sends no usage, though the answer is still billed", async () => {
    const stream = await openaiClient(`${fake.url}/v1`).chat.completions.create({
      model: "gpt-4o",
      messages: QUESTION,
      stream: true,
    });
    const chunks = await collect(stream);
    expect(chunks.map((chunk) => chunk.usage)).toEqual(chunks.map(() => undefined));
    expect(text(chunks)).toBe(DEFAULT_ANSWER_TEXT);
    expect(served(fake).usageJson).toBeNull();
    expect(served(fake).tokens).toMatchObject({ promptTokens: 12, completionTokens: 16 });
  });

  test("state.nextUsage sets the next answers' usage; max_tokens caps the derived completion", async () => {
    fake.state.nextUsage.push({
      promptTokens: 2000,
      completionTokens: 300,
      cacheReadTokens: 1536,
      reasoningTokens: 256,
      model: "o3-2025-04-16",
      serviceTier: "flex",
    });
    const client = openaiClient(`${fake.url}/v1`);
    const first = await client.chat.completions.create({ model: "o3", messages: QUESTION });
    const capped = await client.chat.completions.create({
      model: "o3",
      messages: QUESTION,
      max_completion_tokens: 5,
    });
    expect(first).toMatchObject({
      model: "o3-2025-04-16",
      service_tier: "flex",
      usage: {
        prompt_tokens: 2000,
        completion_tokens: 300,
        total_tokens: 2300,
        prompt_tokens_details: { cached_tokens: 1536 },
        completion_tokens_details: { reasoning_tokens: 256 },
      },
    });
    expect(capped.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 5 });
    expect(capped.choices[0]?.finish_reason).toBe("length");
    expect(fake.state.served.map((record) => record.tokens.cacheReadTokens)).toEqual([1536, 0]);
  });

  test("SSE chunks arrive one by one, while the upstream is still sending", async () => {
    const slow = await startFakeChatUpstream({ chunkDelayMs: 40 });
    const stream = await openaiClient(`${slow.url}/v1`).chat.completions.create({
      model: "gpt-4o",
      messages: QUESTION,
      stream: true,
    });
    const arrivals: { at: number; outcome: string | undefined }[] = [];
    for await (const _chunk of stream) {
      arrivals.push({ at: performance.now(), outcome: slow.state.requests[0]?.outcome });
    }
    await slow.close();
    expect(arrivals[0]?.outcome).toBe("pending");
    expect(arrivals.length).toBe(6);
    expect((arrivals.at(-1)?.at ?? 0) - (arrivals[0]?.at ?? 0)).toBeGreaterThanOrEqual(150);
    expect(slow.state.requests[0]?.outcome).toBe("completed");
  });
});

describe("Groq", () => {
  test("groq-sdk (base = host) gets timing usage, x_groq.id = x-request-id, a tier", async () => {
    const { data, response } = await groqClient(fake.url)
      .chat.completions.create({ model: "llama-3.3-70b-versatile", messages: QUESTION })
      .withResponse();
    expect(data).toMatchObject({
      object: "chat.completion",
      model: "llama-3.3-70b-versatile",
      service_tier: "on_demand",
      x_groq: { id: response.headers.get("x-request-id") },
    });
    expect(data.usage).toEqual({
      queue_time: 0.012345,
      prompt_tokens: 12,
      prompt_time: 0.00024,
      completion_tokens: 16,
      completion_time: 0.032,
      total_tokens: 28,
      total_time: 0.03224,
    });
    expect(response.headers.get("x-ratelimit-reset-tokens")).toBe("1s");
    expect(served(fake)).toMatchObject({ flavour: "groq", requestId: data.x_groq?.id });
    expect(servedUsage(fake)).toEqual(data.usage);
  });

  test("a stream's final chunk carries the full usage in x_groq.usage", async () => {
    fake.state.nextUsage.push({ cacheReadTokens: 4, reasoningTokens: 9 });
    const stream = await groqClient(fake.url).chat.completions.create({
      model: "openai/gpt-oss-120b",
      messages: QUESTION,
      stream: true,
    });
    const chunks = await collect(stream);
    const final = chunks.at(-1);
    expect(final?.choices[0]?.finish_reason).toBe("stop");
    expect(final?.x_groq?.usage).toMatchObject({
      prompt_tokens: 12,
      completion_tokens: 16,
      total_tokens: 28,
      prompt_tokens_details: { cached_tokens: 4 },
      completion_tokens_details: { reasoning_tokens: 9 },
    });
    expect(chunks[0]?.x_groq?.id).toBe(served(fake).requestId);
    expect(chunks.map(topUsage)).toEqual(chunks.map(() => undefined));
    expect(text(chunks)).toBe(DEFAULT_ANSWER_TEXT);
    expect(servedUsage(fake)).toEqual(final?.x_groq?.usage);
  });

  test("with include_usage a stream also ends with a top-level usage chunk", async () => {
    // groq-sdk does not declare stream_options yet: pass it as an extra field.
    const params = {
      model: "llama-3.1-8b-instant",
      messages: QUESTION,
      stream: true as const,
      stream_options: { include_usage: true },
    };
    const chunks = await collect(await groqClient(fake.url).chat.completions.create(params));
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(topUsage(chunks.at(-1))).toEqual(chunks.at(-2)?.x_groq?.usage);
    expect(topUsage(chunks.at(-1))).toMatchObject({ prompt_tokens: 12, completion_tokens: 16 });
  });

  test("the openai SDK reaches Groq at /openai/v1, and groq-sdk through the /groq mount", async () => {
    const viaOpenAI = await openaiClient(
      `${fake.url}/openai/v1`,
      TEST_KEYS.groq,
    ).chat.completions.create({
      model: "qwen/qwen3-32b",
      messages: QUESTION,
      service_tier: "flex",
    });
    const viaMount = await groqClient(`${fake.url}/groq`).chat.completions.create({
      model: "qwen/qwen3-32b",
      messages: QUESTION,
    });
    expect(viaOpenAI).toMatchObject({ service_tier: "flex", usage: { queue_time: 0.012345 } });
    expect(viaMount).toMatchObject({
      service_tier: "on_demand",
      x_groq: { id: expect.any(String) },
    });
    expect(fake.state.requests.map((request) => [request.path, request.flavour])).toEqual([
      ["/openai/v1/chat/completions", "groq"],
      ["/groq/openai/v1/chat/completions", "groq"],
    ]);
  });
});

describe("Perplexity", () => {
  test("usage.cost is printed as float literals the served log keeps verbatim", async () => {
    const response = await openaiClient(fake.url, TEST_KEYS.perplexity)
      .chat.completions.create({ model: "sonar-pro", messages: QUESTION })
      .asResponse();
    const raw = await response.text();
    // 12 × $3/M, 16 × $15/M, a low-context request fee of $6 per 1,000.
    expect(raw).toContain(
      '"cost":{"input_tokens_cost":0.000036,"output_tokens_cost":0.00024,"request_cost":0.006,"total_cost":0.006276}',
    );
    const body = JSON.parse(raw);
    expect(body).toMatchObject({
      object: "chat.completion",
      model: "sonar-pro",
      citations: ["https://example.com/ledger-basics", "https://example.org/token-accounting"],
      search_results: [{ url: "https://example.com/ledger-basics" }, { title: "Source 2" }],
      usage: {
        prompt_tokens: 12,
        completion_tokens: 16,
        total_tokens: 28,
        search_context_size: "low",
      },
    });
    expect(served(fake)).toMatchObject({
      flavour: "perplexity",
      keySuffix: "e5f6",
      serviceTier: null,
      cost: {
        input_tokens_cost: "0.000036",
        output_tokens_cost: "0.00024",
        request_cost: "0.006",
        total_cost: "0.006276",
      },
    });
    expect(servedUsage(fake)).toEqual(body.usage);
  });

  test("deep research reports citation, reasoning and search counts, each with its cost", async () => {
    const completion = await openaiClient(fake.url, TEST_KEYS.perplexity).chat.completions.create({
      model: "sonar-deep-research",
      messages: QUESTION,
    });
    expect(completion.usage).toEqual({
      prompt_tokens: 12,
      completion_tokens: 16,
      total_tokens: 28,
      citation_tokens: 120,
      num_search_queries: 2,
      reasoning_tokens: 64,
      search_context_size: "low",
      cost: {
        input_tokens_cost: 0.000024,
        output_tokens_cost: 0.000128,
        citation_tokens_cost: 0.00024,
        reasoning_tokens_cost: 0.000192,
        search_queries_cost: 0.01,
        total_cost: 0.010584,
      },
    });
    expect(served(fake).tokens).toMatchObject({ citationTokens: 120, searchQueries: 2 });
  });

  test("a stream sends usage with cost, citations and search results in its final chunk", async () => {
    const stream = await openaiClient(fake.url, TEST_KEYS.perplexity).chat.completions.create({
      model: "sonar",
      messages: QUESTION,
      stream: true,
      web_search_options: { search_context_size: "high" },
    });
    const chunks = await collect(stream);
    const final = chunks.at(-1);
    expect(final?.choices[0]?.finish_reason).toBe("stop");
    expect(final).toMatchObject({
      usage: {
        search_context_size: "high",
        cost: { request_cost: 0.012, total_cost: 0.012028 },
      },
      citations: expect.any(Array),
      search_results: expect.any(Array),
    });
    expect(chunks.slice(0, -1).map((chunk) => chunk.usage)).toEqual(
      chunks.slice(0, -1).map(() => undefined),
    );
    expect(text(chunks)).toBe(DEFAULT_ANSWER_TEXT);
    expect(served(fake).cost).toEqual({
      input_tokens_cost: "0.000012",
      output_tokens_cost: "0.000016",
      request_cost: "0.012",
      total_cost: "0.012028",
    });
  });

  test("cost literals can be overridden verbatim, or printed like Python floats", async () => {
    fake.state.nextUsage.push({ cost: { total_cost: "0.30000000000000004" } });
    const overridden = await openaiClient(fake.url, TEST_KEYS.perplexity)
      .chat.completions.create({ model: "sonar", messages: QUESTION })
      .asResponse();
    const python = await startFakeChatUpstream({ costNotation: "python" });
    const printed = await openaiClient(python.url, TEST_KEYS.perplexity)
      .chat.completions.create({ model: "sonar", messages: QUESTION })
      .asResponse();
    await python.close();
    expect(await overridden.text()).toContain('"total_cost":0.30000000000000004}');
    expect(served(fake).cost?.total_cost).toBe("0.30000000000000004");
    expect(await printed.text()).toContain(
      '"cost":{"input_tokens_cost":1.2e-05,"output_tokens_cost":1.6e-05,"request_cost":0.005,"total_cost":0.005028}',
    );
    expect(python.state.served[0]?.cost?.input_tokens_cost).toBe("1.2e-05");
  });
});
