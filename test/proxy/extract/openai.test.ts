import { describe, expect, test } from "vitest";
import { MAX_JSON_BYTES } from "../../../src/proxy/extract/json-body.ts";
import {
  type Call,
  capture,
  captureAll,
  encode,
  extractorFor,
  NOTHING,
  named,
  prefix,
  sse,
} from "./support.ts";

const CHAT: Call = {
  provider: "openai",
  path: "/v1/chat/completions",
  contentType: "application/json",
};
const STREAM: Call = { ...CHAT, contentType: "text/event-stream; charset=utf-8" };
const WITH_USAGE: Call = {
  ...STREAM,
  requestBody: { model: "gpt-4o", stream: true, stream_options: { include_usage: true } },
};
const RESPONSES: Call = {
  provider: "openai",
  path: "/v1/responses",
  contentType: "application/json",
};
const EMBEDDINGS: Call = {
  provider: "openai",
  path: "/v1/embeddings",
  contentType: "application/json",
};

const USAGE = {
  prompt_tokens: 2_006,
  completion_tokens: 300,
  total_tokens: 2_306,
  prompt_tokens_details: { cached_tokens: 1_920, audio_tokens: 0 },
  completion_tokens_details: {
    reasoning_tokens: 192,
    audio_tokens: 0,
    accepted_prediction_tokens: 0,
  },
};
const EXPECTED = {
  ...NOTHING,
  model: "gpt-4o-2024-08-06",
  prompt_tokens: 2_006,
  completion_tokens: 300,
  cache_read_tokens: 1_920,
  reasoning_tokens: 192,
  service_tier: "default",
  request_id: "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
};

const chunk = (delta: object, finish: string | null = null, extra: object = {}) => ({
  id: "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
  object: "chat.completion.chunk",
  created: 1_741_569_952,
  model: "gpt-4o-2024-08-06",
  service_tier: "default",
  system_fingerprint: "fp_eb9dce56a8",
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  ...extra,
});
const deltas = [
  chunk({ role: "assistant", content: "", refusal: null }),
  chunk({ content: "Grüße aus Zürich 🇨🇭 " }),
  chunk({ content: "— ça va?" }),
];

describe("openai chat completions", () => {
  test("a JSON response gives canonical tokens under every chunking", () => {
    const body = JSON.stringify({
      ...chunk({}),
      object: "chat.completion",
      choices: [],
      usage: USAGE,
    });
    expect(captureAll(CHAT, body)).toEqual(EXPECTED);
  });

  test("a stream without include_usage finishes as no_usage, keeping model and id", () => {
    const body = sse(...deltas, chunk({}, "stop"), "data: [DONE]\n\n");
    expect(captureAll(STREAM, body)).toEqual({
      ...EXPECTED,
      prompt_tokens: 0,
      completion_tokens: 0,
      cache_read_tokens: 0,
      reasoning_tokens: 0,
      status: "no_usage",
      metadata: { extract_error: "stream finished without usage" },
    });
  });

  test("a stream without include_usage that closes after its finish chunk is no_usage too", () => {
    expect(captureAll(STREAM, sse(...deltas, chunk({}, "stop"))).status).toBe("no_usage");
  });

  test("a disconnect is partial even when no usage was asked for, or before any byte", () => {
    const body = sse(...deltas, chunk({}, "stop"));
    expect([
      capture(STREAM, [encode(body)], false).status,
      capture(STREAM, [], false).status,
    ]).toEqual(["partial", "partial"]);
  });

  test("with include_usage, the final usage chunk is read under every chunking", () => {
    const withNull = (c: object) => ({ ...c, usage: null });
    const usageChunk = { ...chunk({}), choices: [], usage: USAGE };
    const body = sse(
      ...deltas.map(withNull),
      withNull(chunk({}, "stop")),
      usageChunk,
      "data: [DONE]\n\n",
    );
    expect(captureAll(WITH_USAGE, body)).toEqual(EXPECTED);
  });

  test("with include_usage, a stream cut between the finish and the usage chunk is partial", () => {
    const body = sse(...deltas, chunk({}, "stop"));
    expect([
      capture(WITH_USAGE, [encode(body)], false).status,
      captureAll(WITH_USAGE, body).status,
    ]).toEqual(["partial", "partial"]);
  });

  test("a stream cut inside the usage chunk is partial", () => {
    const body = sse(...deltas, { ...chunk({}), choices: [], usage: USAGE }, "data: [DONE]\n\n");
    const result = capture(WITH_USAGE, [prefix(body, body.indexOf('"completion_tokens"'))], false);
    expect([result.status, result.prompt_tokens, result.model]).toEqual([
      "partial",
      0,
      "gpt-4o-2024-08-06",
    ]);
  });

  test("an oversize JSON body is unparsable, without throwing", () => {
    const extractor = extractorFor({ ...CHAT, requestBody: { model: "gpt-4o" } });
    const piece = encode(`{"choices":[{"message":{"content":"${"x".repeat(1024 * 1024)}`);
    const pushAll = () => {
      for (let i = 0; i <= MAX_JSON_BYTES / piece.length; i += 1) extractor.push(piece);
    };
    expect(pushAll).not.toThrow();
    expect(extractor.finish(true)).toEqual({
      ...NOTHING,
      model: "gpt-4o",
      status: "unparsable",
      metadata: {
        body_bytes: piece.length * (Math.floor(MAX_JSON_BYTES / piece.length) + 1),
        body_truncated: true,
        extract_error: `response body exceeds ${MAX_JSON_BYTES} bytes`,
      },
    });
  });

  test("a body cut off by a disconnect is partial; a complete but invalid one unparsable", () => {
    const body = JSON.stringify({ model: "gpt-4o", usage: USAGE });
    expect([
      capture(CHAT, [prefix(body, 20)], false).status,
      capture(CHAT, [prefix(body, 20)], true).status,
      capture(CHAT, [encode(body)], false).status,
    ]).toEqual(["partial", "unparsable", "complete"]);
  });
});

describe("openai responses", () => {
  const response = {
    id: "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b",
    object: "response",
    created_at: 1_741_476_542,
    status: "completed",
    model: "gpt-5-2025-08-07",
    instructions: "Réponds en français.",
    output: [
      { type: "web_search_call", id: "ws_1", status: "completed" },
      { type: "reasoning", id: "rs_1", summary: [] },
      { type: "web_search_call", id: "ws_2", status: "completed" },
      { type: "message", id: "msg_1", content: [{ type: "output_text", text: "Voilà 🎉" }] },
    ],
    service_tier: "default",
    usage: {
      input_tokens: 1_000,
      input_tokens_details: { cached_tokens: 600 },
      output_tokens: 500,
      output_tokens_details: { reasoning_tokens: 300 },
      total_tokens: 1_500,
    },
  };
  const EXPECTED_RESPONSE = {
    ...NOTHING,
    model: "gpt-5-2025-08-07",
    prompt_tokens: 1_000,
    completion_tokens: 500,
    cache_read_tokens: 600,
    reasoning_tokens: 300,
    search_queries: 2,
    service_tier: "default",
    request_id: "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b",
    metadata: { status: "completed" },
  };
  const started = { ...response, status: "in_progress", output: [], usage: null };
  const stream = [
    named("response.created", { type: "response.created", sequence_number: 0, response: started }),
    named("response.in_progress", {
      type: "response.in_progress",
      sequence_number: 1,
      response: started,
    }),
    named("response.output_text.delta", {
      type: "response.output_text.delta",
      sequence_number: 2,
      delta: "Voilà 🎉",
    }),
    named("response.completed", { type: "response.completed", sequence_number: 3, response }),
  ];

  test("a JSON response gives tokens and web search calls", () => {
    expect(captureAll(RESPONSES, JSON.stringify(response))).toEqual(EXPECTED_RESPONSE);
  });

  test("a stream's response.completed event gives the same under every chunking", () => {
    expect(captureAll({ ...RESPONSES, contentType: "text/event-stream" }, stream.join(""))).toEqual(
      EXPECTED_RESPONSE,
    );
  });

  test("a stream cut after response.created is partial with model and id", () => {
    const body = stream.slice(0, 3).join("");
    const result = capture(
      { ...RESPONSES, contentType: "text/event-stream" },
      [encode(body)],
      false,
    );
    expect([result.status, result.model, result.request_id, result.prompt_tokens]).toEqual([
      "partial",
      response.model,
      response.id,
      0,
    ]);
  });
});

describe("openai embeddings", () => {
  const body = (vectors: number, dimensions: number) =>
    JSON.stringify({
      object: "list",
      data: Array.from({ length: vectors }, (_, index) => ({
        object: "embedding",
        index,
        embedding: Array.from({ length: dimensions }, (_, i) => -0.0123456789 + i * 1e-7),
      })),
      model: "text-embedding-3-small",
      usage: { prompt_tokens: 8_192, total_tokens: 8_192 },
    });
  const EXPECTED_EMBEDDING = { ...NOTHING, model: "text-embedding-3-small", prompt_tokens: 8_192 };

  test("a JSON response gives its prompt tokens", () => {
    expect(captureAll(EMBEDDINGS, body(2, 8))).toEqual(EXPECTED_EMBEDDING);
  });

  test("a body beyond the JSON bound is read from its tail", () => {
    const bytes = encode(body(400, 1_536));
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, i) =>
      bytes.subarray(i * 65_536, (i + 1) * 65_536),
    );
    expect(bytes.length).toBeGreaterThan(MAX_JSON_BYTES);
    expect(capture(EMBEDDINGS, chunks)).toEqual({
      ...EXPECTED_EMBEDDING,
      metadata: { body_bytes: bytes.length, body_truncated: true },
    });
  });
});
