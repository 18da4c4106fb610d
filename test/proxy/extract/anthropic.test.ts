import { describe, expect, test } from "vitest";
import { type Call, capture, captureAll, encode, NOTHING, named } from "./support.ts";

const MESSAGES: Call = {
  provider: "anthropic",
  path: "/v1/messages",
  contentType: "application/json",
};
const STREAM: Call = { ...MESSAGES, contentType: "text/event-stream" };

const USAGE = {
  input_tokens: 50,
  cache_creation_input_tokens: 3_000,
  cache_read_input_tokens: 10_000,
  cache_creation: { ephemeral_5m_input_tokens: 1_000, ephemeral_1h_input_tokens: 2_000 },
  output_tokens: 400,
  service_tier: "standard",
  server_tool_use: { web_search_requests: 3 },
};
const message = (usage: object) => ({
  id: "msg_013Zva2CMHLNnXjNJJKqJ2EF",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-5-20250929",
  content: [{ type: "text", text: "Bonjour 👋 — 你好" }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage,
});
const EXPECTED = {
  ...NOTHING,
  model: "claude-sonnet-4-5-20250929",
  // 50 uncached + 10,000 read + 1,000 (5m) + 2,000 (1h) written.
  prompt_tokens: 13_050,
  completion_tokens: 400,
  cache_read_tokens: 10_000,
  cache_write_5m_tokens: 1_000,
  cache_write_1h_tokens: 2_000,
  search_queries: 3,
  service_tier: "standard",
  request_id: "msg_013Zva2CMHLNnXjNJJKqJ2EF",
  metadata: { service_tier: "standard", stop_reason: "end_turn" },
};

describe("anthropic JSON", () => {
  test("prompt tokens are canonical: uncached + cache reads + both cache-write classes", () => {
    expect(captureAll(MESSAGES, JSON.stringify(message(USAGE)))).toEqual(EXPECTED);
  });

  test("without the breakdown, every cache write counts as 5-minute", () => {
    const { cache_creation: _split, ...usage } = USAGE;
    const result = captureAll(MESSAGES, JSON.stringify(message(usage)));
    expect([
      result.prompt_tokens,
      result.cache_write_5m_tokens,
      result.cache_write_1h_tokens,
    ]).toEqual([13_050, 3_000, 0]);
  });

  test("cache writes the breakdown leaves out are counted as 5-minute and noted", () => {
    const usage = { ...USAGE, cache_creation: { ephemeral_1h_input_tokens: 2_000 } };
    const result = captureAll(MESSAGES, JSON.stringify(message(usage)));
    expect([
      result.prompt_tokens,
      result.cache_write_5m_tokens,
      result.metadata.cache_creation_unattributed,
    ]).toEqual([13_050, 1_000, 1_000]);
  });
});

describe("anthropic streams", () => {
  const start = {
    type: "message_start",
    message: {
      ...message({ ...USAGE, output_tokens: 1, server_tool_use: undefined }),
      content: [],
      stop_reason: null,
    },
  };
  const events = [
    named("message_start", start),
    named("content_block_start", {
      type: "content_block_start",
      index: 0,
      content_block: { type: "text", text: "" },
    }),
    named("ping", { type: "ping" }),
    named("content_block_delta", {
      type: "content_block_delta",
      index: 0,
      delta: { type: "text_delta", text: "Bonjour 👋" },
    }),
    named("content_block_delta", {
      type: "content_block_delta",
      index: 0,
      delta: { type: "text_delta", text: " — 你好" },
    }),
    named("content_block_stop", { type: "content_block_stop", index: 0 }),
    named("message_delta", {
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: 400, server_tool_use: { web_search_requests: 3 } },
    }),
    named("message_stop", { type: "message_stop" }),
  ];

  test("message_start merged with the last message_delta is the usage, under every chunking", () => {
    expect(captureAll(STREAM, events.join(""))).toEqual(EXPECTED);
  });

  test("streams without event lines are read from the data's type", () => {
    const dataOnly = events.join("").replace(/^event: .*\n/gm, "");
    expect(captureAll(STREAM, dataOnly)).toEqual(EXPECTED);
  });

  test("input and cache counts updated by message_delta replace those of message_start", () => {
    const delta = named("message_delta", {
      type: "message_delta",
      delta: { stop_reason: "end_turn" },
      usage: { input_tokens: 60, cache_read_input_tokens: null, output_tokens: 400 },
    });
    const body = [...events.slice(0, 6), delta, events[7]].join("");
    const result = captureAll(STREAM, body);
    expect([result.prompt_tokens, result.cache_read_tokens, result.completion_tokens]).toEqual([
      13_060, 10_000, 400,
    ]);
  });

  test("a stream cut after message_start is partial with the input side of the usage", () => {
    const result = capture(STREAM, [encode(events.slice(0, 4).join(""))], false);
    expect(result).toEqual({
      ...EXPECTED,
      completion_tokens: 1,
      search_queries: 0,
      status: "partial",
      metadata: {
        service_tier: "standard",
        extract_error: "stream ended before its final usage",
      },
    });
  });

  test("a stream cut between message_delta and message_stop is partial", () => {
    expect(capture(STREAM, [encode(events.slice(0, 7).join(""))], false).status).toBe("partial");
  });

  test("an error event mid-stream is noted and the capture is partial", () => {
    const error = named("error", {
      type: "error",
      error: { type: "overloaded_error", message: "Overloaded" },
    });
    const result = captureAll(STREAM, [...events.slice(0, 4), error].join(""));
    expect([result.status, result.metadata.stream_error]).toEqual(["partial", "overloaded_error"]);
  });
});
