import { randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import { validateUsageRecord } from "../../../src/core/usage-record.ts";
import type { ProviderId } from "../../../src/providers/registry.ts";
import {
  type CapturedUsage,
  createExtractor,
  normalizePath,
} from "../../../src/proxy/extract/index.ts";
import { SseExtractor } from "../../../src/proxy/extract/sse.ts";
import {
  type Call,
  capture,
  captureAll,
  encode,
  extractorFor,
  named,
  sse,
  sseExtractorFor,
} from "./support.ts";

const OPENAI_STREAM: Call = {
  provider: "openai",
  path: "/v1/chat/completions",
  contentType: "text/event-stream",
};

const USAGE_ENDPOINTS: [ProviderId, string][] = [
  ["groq", "/openai/v1/chat/completions"],
  ["groq", "/v1/chat/completions"],
  ["perplexity", "/chat/completions"],
  ["perplexity", "/v1/sonar"],
  ["perplexity", "/v1/responses"],
  ["perplexity", "/v2/responses"],
  ["perplexity", "/v1/agent"],
  ["perplexity", "/v1/embeddings"],
  ["openai", "/v1/chat/completions"],
  ["openai", "/v1/responses"],
  ["openai", "/v1/embeddings"],
  ["anthropic", "/v1/messages"],
];

describe("dispatch", () => {
  test.each([
    ["openai", "/v1/models"],
    ["openai", "/v1/responses/resp_123"],
    ["openai", "/v1/files"],
    ["groq", "/openai/v1/models"],
    ["anthropic", "/v1/messages/count_tokens"],
    ["anthropic", "/v1/messages/batches"],
    ["anthropic", "/v1/models"],
    ["perplexity", "/async/chat/completions"],
    ["perplexity", "/search"],
    ["github_copilot", "/v1/chat/completions"],
  ] satisfies [ProviderId, string][])("%s %s bears no usage", (provider, path) => {
    expect(
      createExtractor({ provider, path, contentType: "application/json", requestBody: {} }),
    ).toBeNull();
  });

  test.each(USAGE_ENDPOINTS)("%s %s bears usage", (provider, path) => {
    expect(
      createExtractor({ provider, path, contentType: null, requestBody: undefined }),
    ).not.toBeNull();
  });

  test.each([
    ["/v1/messages/", "/v1/messages"],
    ["/v1/messages?beta=true", "/v1/messages"],
    ["//v1//chat/completions/?x=1#y", "/v1/chat/completions"],
    ["v1/embeddings", "/v1/embeddings"],
    ["/", "/"],
  ])("path %s is matched as %s", (path, normalized) => {
    expect(normalizePath(path)).toBe(normalized);
  });

  test("the content type decides between JSON and SSE; without one, the request's stream flag does", () => {
    const call = { provider: "anthropic", path: "/v1/messages" } as const;
    const kinds = [
      createExtractor({
        ...call,
        contentType: "text/event-stream; charset=utf-8",
        requestBody: {},
      }),
      createExtractor({ ...call, contentType: "application/json", requestBody: { stream: true } }),
      createExtractor({ ...call, contentType: null, requestBody: { stream: true } }),
      createExtractor({ ...call, contentType: null, requestBody: "not an object" }),
    ].map((extractor) => extractor instanceof SseExtractor);
    expect(kinds).toEqual([true, false, true, false]);
  });
});

describe("robustness", () => {
  const garbage = [
    ["random bytes", randomBytes(4096)],
    ["invalid UTF-8", Uint8Array.of(0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1)],
    ["a JSON array", encode("[1,2,3]")],
    ["an SSE stream of garbage", encode("data: {not json\n\ndata: [1]\n\nretry: x\nfoo: bar\n\n")],
    ["nothing", new Uint8Array(0)],
  ] as const;
  const cases = USAGE_ENDPOINTS.flatMap(([provider, path]) =>
    ["application/json", "text/event-stream"].flatMap((contentType) =>
      garbage.map(([name, bytes]) => [provider, path, contentType, name, bytes] as const),
    ),
  );

  test.each(cases)(
    "%s %s (%s): %s never throws and never claims usage",
    (provider, path, contentType, _name, bytes) => {
      const call: Call = { provider, path, contentType };
      const results = [capture(call, [bytes], true), capture(call, [bytes], false)];
      expect(results.map((result) => [result.status === "complete", result.prompt_tokens])).toEqual(
        [
          [false, 0],
          [false, 0],
        ],
      );
    },
  );

  test("an SSE event beyond the bound makes the stream unparsable without throwing", () => {
    const extractor = extractorFor({
      provider: "groq",
      path: "/openai/v1/chat/completions",
      contentType: "text/event-stream",
      requestBody: { model: "llama-3.3-70b-versatile" },
    });
    const piece = encode(`data: {"x":"${"a".repeat(1024 * 1024)}`);
    const pushAll = () => {
      for (let i = 0; i < 10; i += 1) extractor.push(piece);
    };
    expect(pushAll).not.toThrow();
    const result = extractor.finish(true);
    expect([result.status, result.model]).toEqual(["unparsable", "llama-3.3-70b-versatile"]);
  });

  test("push after finish and a second finish do not throw", () => {
    const extractor = extractorFor(OPENAI_STREAM);
    const misuse = () => {
      extractor.finish(true);
      extractor.push(encode("data: {}\n\n"));
      return extractor.finish(false);
    };
    expect(misuse).not.toThrow();
  });
});

describe("memory", () => {
  /** A chat stream of small content chunks, ending in a usage chunk. */
  function longStream(contentBytes: number): Uint8Array {
    const piece = {
      id: "chatcmpl-1",
      model: "gpt-4o",
      choices: [{ index: 0, delta: { content: "Ünïcödé text, 🌍 " }, finish_reason: null }],
    };
    const count = Math.ceil(contentBytes / JSON.stringify(piece).length);
    const usage = { prompt_tokens: 5, completion_tokens: 7 };
    const last = { id: "chatcmpl-1", model: "gpt-4o", choices: [], usage };
    return encode(sse(...Array.from({ length: count }, () => piece), last, "data: [DONE]\n\n"));
  }

  /** Pushes a stream in 16 KiB chunks; what the extractor holds at the end, and the outcome. */
  function retainedAfter(bytes: Uint8Array) {
    const extractor = sseExtractorFor(OPENAI_STREAM);
    for (let at = 0; at < bytes.length; at += 16_384) {
      extractor.push(bytes.subarray(at, at + 16_384));
    }
    const { events, retainedChars } = extractor.stats();
    return { events, retainedChars, status: extractor.finish(true).status };
  }

  test("what a stream's extractor holds does not grow with its content", () => {
    const small = retainedAfter(longStream(1_024));
    const large = retainedAfter(longStream(1_024 * 1_024));
    expect(large.events).toBeGreaterThan(5_000);
    expect(large).toEqual({ ...small, events: large.events });
    expect(small.retainedChars).toBeLessThan(1_000);
  });
});

describe("captures satisfy the ledger's token invariants", () => {
  const toRecord = (provider: ProviderId, usage: CapturedUsage) => ({
    account_id: "acct_1",
    provider,
    timestamp: "2026-01-15T12:00:00Z",
    model: usage.model,
    prompt_tokens: usage.prompt_tokens,
    completion_tokens: usage.completion_tokens,
    cache_read_tokens: usage.cache_read_tokens,
    cache_write_5m_tokens: usage.cache_write_5m_tokens,
    cache_write_1h_tokens: usage.cache_write_1h_tokens,
    reasoning_tokens: usage.reasoning_tokens,
    search_queries: usage.search_queries,
    service_tier: usage.service_tier,
    total_cost: usage.provider_cost,
    source: "proxy",
    metadata: usage.metadata,
    idempotency_key: usage.request_id,
  });

  test.each([
    [
      "anthropic",
      { provider: "anthropic", path: "/v1/messages", contentType: "text/event-stream" },
      [
        named("message_start", {
          type: "message_start",
          message: {
            id: "msg_1",
            model: "claude-haiku-4-5-20251001",
            usage: {
              input_tokens: 3,
              cache_read_input_tokens: 900,
              cache_creation_input_tokens: 100,
              cache_creation: { ephemeral_5m_input_tokens: 40, ephemeral_1h_input_tokens: 60 },
              output_tokens: 1,
            },
          },
        }),
        named("message_delta", {
          type: "message_delta",
          delta: { stop_reason: "end_turn" },
          usage: { output_tokens: 20 },
        }),
        named("message_stop", { type: "message_stop" }),
      ].join(""),
    ],
    [
      "perplexity",
      { provider: "perplexity", path: "/chat/completions", contentType: "application/json" },
      '{"id":"p1","model":"sonar-deep-research","usage":{"prompt_tokens":10,"completion_tokens":20,"reasoning_tokens":500,"num_search_queries":3,"cost":{"total_cost":1.234e-3}}}',
    ],
    [
      "groq",
      { provider: "groq", path: "/openai/v1/chat/completions", contentType: "application/json" },
      '{"id":"c1","model":"openai/gpt-oss-20b","usage":{"prompt_tokens":100,"completion_tokens":50,"prompt_tokens_details":{"cached_tokens":64},"completion_tokens_details":{"reasoning_tokens":30},"queue_time":0.01},"x_groq":{"id":"req_1"}}',
    ],
  ] satisfies [ProviderId, Call, string][])("%s", (provider, call, body) => {
    const usage = captureAll(call, body);
    expect(usage.status).toBe("complete");
    expect(validateUsageRecord(toRecord(provider, usage), 0)).toMatchObject({ ok: true });
  });
});
