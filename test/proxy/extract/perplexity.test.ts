import { describe, expect, test } from "vitest";
import { plainDecimal, quoteCostLiterals } from "../../../src/proxy/extract/exact-numbers.ts";
import { type Call, capture, captureAll, NOTHING, prefix, sse } from "./support.ts";

const CHAT: Call = {
  provider: "perplexity",
  path: "/chat/completions",
  contentType: "application/json",
};
const STREAM: Call = { ...CHAT, contentType: "text/event-stream; charset=utf-8" };
const AGENT: Call = {
  provider: "perplexity",
  path: "/v1/responses",
  contentType: "application/json",
};

/** Text with `"@name@"` placeholders replaced by raw number literals, as Perplexity writes them. */
function withLiterals(text: string, literals: Record<string, string>): string {
  let result = text;
  for (const [name, literal] of Object.entries(literals)) {
    result = result.replaceAll(`"@${name}@"`, literal);
  }
  return result;
}

const COST = {
  input_tokens_cost: "@input@",
  output_tokens_cost: "@output@",
  request_cost: "@request@",
  total_cost: "@total@",
};

const usage = (completion: number, cost?: object) => ({
  prompt_tokens: 12,
  completion_tokens: completion,
  total_tokens: 12 + completion,
  search_context_size: "low",
  citation_tokens: 3461,
  num_search_queries: 2,
  ...(cost ? { cost } : {}),
});

const CITATIONS = ["https://example.com/a", "https://example.org/b", "https://example.net/ç"];

describe("exact cost literals", () => {
  test.each([
    ["0.006123", "0.006123"],
    ["1.2e-05", "0.000012"],
    ["1.2E-05", "0.000012"],
    ["5e-9", "0.000000005"],
    ["1.5e+3", "1500"],
    ["2.50e1", "25.0"],
    ["-3e-2", "-0.03"],
    ["0.12345678901234567890", "0.12345678901234567890"],
    ["12", "12"],
  ])("%s is written out as %s", (literal, plain) => {
    expect(plainDecimal(literal)).toBe(plain);
  });

  test.each(["", "abc", "1.", "0x10", "1e", "1e999"])("%j is not expanded", (text) => {
    expect(plainDecimal(text)).toBeNull();
  });

  test("only cost members are quoted; text inside strings and other numbers are untouched", () => {
    const content = 'He wrote "total_cost": 1.5 and "cost": {"x": 2}';
    const text = `{"content":${JSON.stringify(content)},"prompt_tokens":12,"temperature":0.2,"usage":{"cost":{"currency":"USD","input_tokens_cost":1.2e-05,"search_fee":0.005,"total_cost":0.006123},"request_cost":0.005}}`;
    expect(JSON.parse(quoteCostLiterals(text))).toEqual({
      content,
      prompt_tokens: 12,
      temperature: 0.2,
      usage: {
        cost: {
          currency: "USD",
          input_tokens_cost: "0.000012",
          search_fee: "0.005",
          total_cost: "0.006123",
        },
        request_cost: "0.005",
      },
    });
  });
});

describe("perplexity sonar JSON", () => {
  const body = (literals: Record<string, string>) =>
    withLiterals(
      JSON.stringify({
        id: "3fd0c6a8-5c9e-4d1b-9f0e-1b2c3d4e5f60",
        model: "sonar-pro",
        object: "chat.completion",
        created: 1_750_000_000,
        usage: usage(415, COST),
        citations: CITATIONS,
        search_results: [{ title: "Ä", url: "https://example.com/a" }],
        choices: [
          {
            index: 0,
            finish_reason: "stop",
            message: { role: "assistant", content: "Réponse 🚀" },
          },
        ],
      }),
      literals,
    );

  test("the provider's cost is kept exact, float literals and exponents included", () => {
    const result = captureAll(
      CHAT,
      body({ input: "3.6e-05", output: "0.006225", request: "0.006", total: "0.012261" }),
    );
    expect(result).toEqual({
      ...NOTHING,
      model: "sonar-pro",
      prompt_tokens: 12,
      completion_tokens: 415,
      search_queries: 2,
      provider_cost: "0.012261",
      request_id: "3fd0c6a8-5c9e-4d1b-9f0e-1b2c3d4e5f60",
      metadata: {
        search_context_size: "low",
        citation_tokens: 3461,
        num_search_queries: 2,
        citations_count: 3,
        search_results_count: 1,
        cost: {
          input_tokens_cost: "0.000036",
          output_tokens_cost: "0.006225",
          request_cost: "0.006",
          total_cost: "0.012261",
        },
      },
    });
  });

  test.each([
    // Exactly half: to the even neighbour.
    ["0.1234567885", "0.123456788"],
    // A float would read this as the literal above; the text rounds up.
    ["0.12345678850000000001", "0.123456789"],
  ])(
    "a total_cost of %s is rounded half-even to %s and kept whole in metadata",
    (literal, cost) => {
      const result = captureAll(
        CHAT,
        body({ input: "0", output: "0", request: "0", total: literal }),
      );
      expect(result.provider_cost).toBe(cost);
      expect(result.metadata.cost).toMatchObject({ total_cost: literal });
    },
  );

  test.each([
    ["1.2e-05", "0.000012"],
    ["5E-9", "0.000000005"],
    ["0.0000000025", "0.000000002"],
    ["7", "7.00"],
  ])("a total_cost of %s is %s", (literal, expected) => {
    const result = captureAll(
      CHAT,
      body({ input: "0", output: "0", request: "0", total: literal }),
    );
    expect(result.provider_cost).toBe(expected);
  });

  test("deep research reasoning tokens are kept as given, even above completion tokens", () => {
    const text = JSON.stringify({
      id: "dr-1",
      model: "sonar-deep-research",
      usage: {
        prompt_tokens: 19,
        completion_tokens: 6_000,
        reasoning_tokens: 73_997,
        num_search_queries: "28",
      },
    });
    const result = captureAll(CHAT, text);
    expect([result.reasoning_tokens, result.completion_tokens, result.search_queries]).toEqual([
      73_997, 6_000, 28,
    ]);
  });

  test("a cost in another currency is no provider cost", () => {
    const text =
      '{"model":"sonar","usage":{"prompt_tokens":1,"cost":{"currency":"EUR","total_cost":0.5}}}';
    const result = captureAll(CHAT, text);
    expect([result.provider_cost, result.metadata.cost_error]).toEqual([
      null,
      "cost is in EUR, not USD",
    ]);
  });
});

describe("perplexity sonar streams", () => {
  const chunk = (content: string, completion: number, finish: string | null, cost?: object) => ({
    id: "21899d42-c7fc-40e3-88a2-1780bf30c357",
    model: "sonar",
    created: 1_723_902_901,
    usage: usage(completion, cost),
    citations: CITATIONS,
    object: "chat.completion",
    choices: [
      {
        index: 0,
        finish_reason: finish,
        message: { role: "assistant", content },
        delta: { role: "assistant", content },
      },
    ],
  });
  const stream = withLiterals(
    sse(
      chunk("Il y a ", 1, null),
      chunk("environ 100 milliards d'étoiles 🌌", 9, null),
      chunk("", 10, "stop", COST),
      "data: [DONE]\n\n",
    ),
    { input: "1.2e-05", output: "1e-05", request: "0.005", total: "0.005022" },
  );

  test("the final chunk's usage, cost and citations are read under every chunking", () => {
    const result = captureAll(STREAM, stream);
    expect(result).toEqual({
      ...NOTHING,
      model: "sonar",
      prompt_tokens: 12,
      completion_tokens: 10,
      search_queries: 2,
      provider_cost: "0.005022",
      request_id: "21899d42-c7fc-40e3-88a2-1780bf30c357",
      metadata: {
        search_context_size: "low",
        citation_tokens: 3461,
        num_search_queries: 2,
        citations_count: 3,
        cost: {
          input_tokens_cost: "0.000012",
          output_tokens_cost: "0.00001",
          request_cost: "0.005",
          total_cost: "0.005022",
        },
      },
    });
  });

  test("a stream cut before the final chunk is partial with the running usage", () => {
    const cutAt = stream.indexOf('"finish_reason":"stop"');
    const result = capture(STREAM, [prefix(stream, cutAt)], false);
    expect([result.status, result.completion_tokens, result.provider_cost, result.model]).toEqual([
      "partial",
      9,
      null,
      "sonar",
    ]);
  });

  test("an upstream that closes before a choice finishes is partial, not complete", () => {
    const cutAt = stream.indexOf("data:", stream.indexOf("milliards"));
    expect(captureAll(STREAM, prefix(stream, cutAt)).status).toBe("partial");
  });
});

describe("perplexity agent API", () => {
  const response = {
    id: "resp_7f3a",
    object: "response",
    created_at: 1_770_000_000,
    status: "completed",
    model: "openai/gpt-5-mini",
    output: [
      { type: "search_results", results: [{ url: "https://example.com" }] },
      { type: "message", content: [{ type: "output_text", text: "Voilà ✓" }] },
    ],
    usage: {
      input_tokens: 1_200,
      input_tokens_details: { cache_read_input_tokens: 200 },
      output_tokens: 300,
      total_tokens: 1_500,
      tool_calls_details: { web_search: { invocation: 2 }, fetch_url: { invocation: 1 } },
      cost: {
        currency: "USD",
        input_cost: "@input@",
        output_cost: "@output@",
        cache_read_cost: "@cache@",
        tool_calls_cost: "@tools@",
        total_cost: "@total@",
      },
    },
  };
  const literals = {
    input: "0.0002",
    output: "0.0006",
    cache: "5e-06",
    tools: "0.0105",
    total: "0.011305",
  };
  const EXPECTED = {
    ...NOTHING,
    model: "openai/gpt-5-mini",
    prompt_tokens: 1_200,
    completion_tokens: 300,
    cache_read_tokens: 200,
    search_queries: 2,
    provider_cost: "0.011305",
    request_id: "resp_7f3a",
    metadata: {
      status: "completed",
      tool_calls: { web_search: 2, fetch_url: 1 },
      cost: {
        currency: "USD",
        input_cost: "0.0002",
        output_cost: "0.0006",
        cache_read_cost: "0.000005",
        tool_calls_cost: "0.0105",
        total_cost: "0.011305",
      },
    },
  };

  test("a JSON response gives tokens, tool calls and the exact cost", () => {
    expect(captureAll(AGENT, withLiterals(JSON.stringify(response), literals))).toEqual(EXPECTED);
  });

  test("a stream's response.completed event gives the same, with or without event lines", () => {
    const created = {
      type: "response.created",
      sequence_number: 0,
      response: { ...response, status: "in_progress", usage: null, output: [] },
    };
    const delta = { type: "response.output_text.delta", sequence_number: 1, delta: "Voilà ✓" };
    const completed = { type: "response.completed", sequence_number: 2, response };
    const text = withLiterals(sse(created, delta, completed), literals);
    const withLines = text
      .replaceAll("data: {", "event: x\ndata: {")
      .replace(
        'event: x\ndata: {"type":"response.completed"',
        'event: response.completed\ndata: {"type":"response.completed"',
      );
    const streamed = (body: string) =>
      captureAll({ ...AGENT, contentType: "text/event-stream" }, body);
    expect(streamed(text)).toEqual(EXPECTED);
    expect(streamed(withLines)).toEqual(EXPECTED);
  });

  test("when cache reads exceed input_tokens, input is taken as uncached and they are added", () => {
    const text = JSON.stringify({
      id: "resp_1",
      model: "anthropic/claude-sonnet-4-6",
      usage: {
        input_tokens: 100,
        input_tokens_details: { cache_read_input_tokens: 900 },
        output_tokens: 5,
      },
    });
    const result = captureAll({ ...AGENT, path: "/v1/agent" }, text);
    expect([
      result.prompt_tokens,
      result.cache_read_tokens,
      result.metadata.input_tokens_exclude_cache,
    ]).toEqual([1_000, 900, true]);
  });
});
