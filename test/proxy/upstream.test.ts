import { describe, expect, test } from "vitest";
import { downstreamHeaders, providerKeyOf, upstreamHeaders } from "../../src/proxy/headers.ts";
import { resolveTarget } from "../../src/proxy/upstream.ts";
import { DEFAULT_SYNC_SETTINGS } from "../../src/services/context.ts";

const bases = {
  ...DEFAULT_SYNC_SETTINGS.providerBaseUrls,
  groq: "https://api.groq.com",
  openai: "https://api.openai.com/base",
};

describe("resolveTarget", () => {
  test.each([
    ["/proxy/groq/openai/v1/chat/completions", "https://api.groq.com/openai/v1/chat/completions"],
    [
      "/proxy/openai/v1/chat/completions?x=1",
      "https://api.openai.com/base/v1/chat/completions?x=1",
    ],
    ["/proxy/perplexity/chat/completions", "https://api.perplexity.ai/chat/completions"],
    ["/proxy/anthropic/v1/messages", "https://api.anthropic.com/v1/messages"],
  ])("%s → %s", (path, url) => {
    const result = resolveTarget(path, bases);
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.target.url.href).toBe(url);
  });

  test.each([
    ["/proxy/mistral/v1/chat", 404],
    ["/proxy/groq@evil.example/v1/chat", 404],
    ["/proxy/GROQ/v1/chat", 404],
    ["/proxy/groq/../../etc/passwd", 400],
    ["/proxy/groq/%2e%2e/%2e%2e/x", 400],
    ["/proxy/groq/v1%2f..%2fx", 400],
    ["/proxy/groq//evil.example/x", 400],
    ["/proxy/groq/@evil.example/x", 400],
    ["/proxy/groq/http://evil.example/x", 400],
    ["/proxy/groq/a\\b", 400],
    ["/proxy/groq/%ZZ", 400],
    ["/proxy/openai/v1%00x", 400],
  ])("refuses %s with %i", (path, status) => {
    expect(resolveTarget(path, bases)).toMatchObject({ ok: false, status });
  });

  test("every accepted path stays on the provider's origin", () => {
    const tricky = [
      "/proxy/groq/x?@evil.example",
      "/proxy/groq/x#@evil",
      "/proxy/groq/.evil.example",
      "/proxy/groq/;@evil/x",
    ];
    for (const path of tricky) {
      const result = resolveTarget(path, bases);
      expect(!result.ok || result.target.url.origin === "https://api.groq.com").toBe(true);
    }
  });
});

describe("headers", () => {
  test("hop-by-hop, host and TokenLedger headers never go upstream; the provider key does", () => {
    const out = upstreamHeaders({
      host: "tokenledger.local",
      connection: "keep-alive, x-custom-hop",
      "x-custom-hop": "1",
      "keep-alive": "timeout=5",
      "transfer-encoding": "chunked",
      "x-forwarded-host": "evil.example",
      "x-tokenledger-key": "tl_key_secret",
      "x-tokenledger-account": "acc_1",
      authorization: "Bearer gsk_live_abcd",
      "content-type": "application/json",
    });
    expect(out).toEqual({
      authorization: "Bearer gsk_live_abcd",
      "content-type": "application/json",
    });
  });

  test("responses lose hop-by-hop headers only", () => {
    expect(
      downstreamHeaders({
        "content-type": "text/event-stream",
        "transfer-encoding": "chunked",
        "x-request-id": "r1",
      }),
    ).toEqual({
      "content-type": "text/event-stream",
      "x-request-id": "r1",
    });
  });

  test("the provider key comes from x-api-key or a bearer token", () => {
    expect(providerKeyOf({ "x-api-key": "sk-ant-api03-xyz" })).toBe("sk-ant-api03-xyz");
    expect(providerKeyOf({ authorization: "Bearer pplx-1234" })).toBe("pplx-1234");
    expect(providerKeyOf({})).toBeNull();
  });
});
