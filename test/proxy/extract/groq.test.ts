import { describe, expect, test } from "vitest";
import { type Call, capture, captureAll, encode, NOTHING, prefix, sse } from "./support.ts";

const CHAT: Call = {
  provider: "groq",
  path: "/openai/v1/chat/completions",
  contentType: "application/json",
};
const STREAM: Call = { ...CHAT, contentType: "text/event-stream" };

const USAGE = {
  queue_time: 0.017,
  prompt_tokens: 24,
  prompt_time: 0.0032,
  completion_tokens: 377,
  completion_time: 1.21,
  total_tokens: 401,
  total_time: 1.2132,
  prompt_tokens_details: { cached_tokens: 8 },
  completion_tokens_details: { reasoning_tokens: 100 },
};

const chunk = (delta: object, extra: object = {}, finish: string | null = null) => ({
  id: "chatcmpl-9",
  object: "chat.completion.chunk",
  created: 1_750_000_000,
  model: "openai/gpt-oss-120b",
  system_fingerprint: "fp_1",
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  ...extra,
});

const opening = chunk({ role: "assistant", content: "" }, { x_groq: { id: "req_01abc" } });
const content = [chunk({ content: "Héllo wörld 🌍, " }), chunk({ content: "日本語のテキスト" })];

const EXPECTED = {
  ...NOTHING,
  model: "openai/gpt-oss-120b",
  prompt_tokens: 24,
  completion_tokens: 377,
  cache_read_tokens: 8,
  reasoning_tokens: 100,
  service_tier: "on_demand",
  request_id: "chatcmpl-9",
};

describe("groq JSON", () => {
  test("usage, cache, reasoning, timings and x_groq are read under every chunking", () => {
    const body = JSON.stringify({
      id: "chatcmpl-9",
      object: "chat.completion",
      model: "openai/gpt-oss-120b",
      choices: [{ index: 0, message: { role: "assistant", content: "Ünïcödé ✓" } }],
      usage: USAGE,
      service_tier: "on_demand",
      x_groq: { id: "req_01abc", usage: { dram_cached_tokens: 5, sram_cached_tokens: 3 } },
      unknown_future_field: { nested: [1, 2, 3] },
    });
    expect(captureAll(CHAT, body)).toEqual({
      ...EXPECTED,
      metadata: {
        queue_time: 0.017,
        prompt_time: 0.0032,
        completion_time: 1.21,
        total_time: 1.2132,
        x_groq_id: "req_01abc",
        service_tier: "on_demand",
        dram_cached_tokens: 5,
        sram_cached_tokens: 3,
      },
    });
  });

  test("the request id falls back to the response id, the model to the requested one", () => {
    const body = JSON.stringify({ id: "chatcmpl-1", usage: { prompt_tokens: 1 } });
    const result = captureAll({ ...CHAT, requestBody: { model: "llama-3.1-8b-instant" } }, body);
    expect([result.request_id, result.model, result.status]).toEqual([
      "chatcmpl-1",
      "llama-3.1-8b-instant",
      "complete",
    ]);
  });

  test("counts sent as strings are read; invalid ones become 0 and are noted", () => {
    const body = JSON.stringify({
      model: "m",
      usage: {
        prompt_tokens: "120",
        completion_tokens: -4,
        prompt_tokens_details: { cached_tokens: 1.5 },
      },
    });
    const result = captureAll(CHAT, body);
    expect([result.prompt_tokens, result.completion_tokens, result.cache_read_tokens]).toEqual([
      120, 0, 0,
    ]);
    expect(result.metadata.invalid_counts).toEqual({
      completion_tokens: -4,
      "prompt_tokens_details.cached_tokens": 1.5,
    });
  });

  test("a body without usage is no_usage", () => {
    const body = JSON.stringify({ error: { message: "rate limited", type: "tokens" } });
    expect(captureAll(CHAT, body).status).toBe("no_usage");
  });
});

describe("groq streams", () => {
  const finalWithXGroq = chunk(
    {},
    { x_groq: { id: "req_01abc", usage: USAGE }, service_tier: "on_demand" },
    "stop",
  );

  test("the final chunk's x_groq.usage is the usage", () => {
    const body = sse(opening, ...content, finalWithXGroq, "data: [DONE]\n\n");
    expect(captureAll(STREAM, body)).toEqual({
      ...EXPECTED,
      metadata: {
        queue_time: 0.017,
        prompt_time: 0.0032,
        completion_time: 1.21,
        total_time: 1.2132,
        x_groq_id: "req_01abc",
        service_tier: "on_demand",
      },
    });
  });

  test("a top-level usage chunk (include_usage) is read when x_groq carries none", () => {
    const usageChunk = {
      ...chunk({}, { usage: { ...USAGE, completion_tokens: 380 }, service_tier: "on_demand" }),
      choices: [],
    };
    const body = sse(opening, ...content, chunk({}, {}, "stop"), usageChunk, "data: [DONE]\n\n");
    const result = captureAll(STREAM, body);
    expect([result.status, result.completion_tokens, result.request_id]).toEqual([
      "complete",
      380,
      "chatcmpl-9",
    ]);
  });

  test("with both, the top-level usage is preferred and x_groq still gives its cache metadata", () => {
    const xGroqUsage = { ...USAGE, completion_tokens: 1, dram_cached_tokens: 7 };
    const last = chunk({}, { x_groq: { id: "req_01abc", usage: xGroqUsage } }, "stop");
    const usageChunk = { ...chunk({}, { usage: USAGE }), choices: [] };
    const result = captureAll(STREAM, sse(opening, last, usageChunk, "data: [DONE]\n\n"));
    expect([result.completion_tokens, result.metadata.dram_cached_tokens]).toEqual([377, 7]);
  });

  test("a stream cut before its final chunk is partial and keeps model and id", () => {
    const body = sse(opening, ...content, finalWithXGroq, "data: [DONE]\n\n");
    const cutAt = body.indexOf('"x_groq":{"id":"req_01abc","usage"');
    const result = capture(STREAM, [prefix(body, cutAt)], false);
    expect(result).toEqual({
      ...NOTHING,
      model: "openai/gpt-oss-120b",
      request_id: "chatcmpl-9",
      status: "partial",
      metadata: { x_groq_id: "req_01abc", extract_error: "stream ended before usage" },
    });
  });

  test("a client disconnect after the final usage chunk keeps the complete usage", () => {
    const body = sse(opening, finalWithXGroq);
    expect(capture(STREAM, [prefix(body, body.length)], false).status).toBe("complete");
  });

  test("an upstream that closes cleanly without the usage chunk is partial", () => {
    expect(captureAll(STREAM, sse(opening, ...content)).status).toBe("partial");
  });

  test("a final event without its blank line is still read when the body ended", () => {
    const body = `${sse(opening, ...content)}data: ${JSON.stringify(finalWithXGroq)}\n`;
    expect([
      captureAll(STREAM, body).status,
      capture(STREAM, [encode(body)], false).status,
    ]).toEqual(["complete", "partial"]);
  });

  test("a stream that finishes with [DONE] but no usage is no_usage", () => {
    const body = sse(opening, chunk({}, {}, "stop"), "data: [DONE]\n\n");
    expect(captureAll(STREAM, body).status).toBe("no_usage");
  });
});
