/** The `openai` client pointed at Perplexity: the provider's own cost, as an exact decimal string. */
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withTokenLedger } from "../../packages/sdk/src/index.ts";
import { type FakeIngest, startIngest } from "./fake-ingest.ts";
import { type FakeUpstream, startUpstream } from "./fake-upstream.ts";
import { COMMON, collect, ISO_TIMESTAMP, invalid, ledgerOptions } from "./helpers.ts";

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

const wrapped = () =>
  withTokenLedger(
    new OpenAI({
      apiKey: "pplx-test-key-0000P9X2",
      baseURL: `${upstream.url}/perplexity`,
      maxRetries: 0,
    }),
    ledgerOptions(ingest.url),
  );
const ask = (model: string) => ({ model, messages: [{ role: "user" as const, content: "hi" }] });
const SEARCH = {
  search_context_size: "low",
  citation_tokens: 420,
  citations: 2,
  search_results: 2,
};
const BREAKDOWN = {
  input_tokens_cost: "0.000009",
  output_tokens_cost: "0.00018",
  request_cost: "0.005",
};

describe("perplexity via the openai client", () => {
  it("reports the provider's cost exactly, with the search information", async () => {
    const client = wrapped();
    const completion = await client.chat.completions.create(ask("sonar"));
    await client.tokenLedger.flush();

    expect(ingest.records()).toEqual([
      {
        ...COMMON,
        provider: "perplexity",
        timestamp: expect.stringMatching(ISO_TIMESTAMP),
        model: "sonar",
        prompt_tokens: 9,
        completion_tokens: 180,
        total_tokens: 189,
        cache_read_tokens: 0,
        cache_write_5m_tokens: 0,
        cache_write_1h_tokens: 0,
        reasoning_tokens: 0,
        search_queries: 2,
        service_tier: null,
        total_cost: "0.008727",
        cost_source: "provider_reported",
        api_key_suffix: "P9X2",
        metadata: {
          perplexity: SEARCH,
          provider_cost: { ...BREAKDOWN, total_cost: "0.008727" },
          endpoint: "chat.completions",
          latency_ms: expect.any(Number),
          stream: false,
          partial: false,
        },
        idempotency_key: `perplexity:${completion.id}`,
      },
    ]);
    expect(invalid(ingest.records())).toEqual([]);
  });

  it("writes exponent floats out and rounds beyond nano-dollars, keeping the exact figure", async () => {
    const client = wrapped();
    await client.chat.completions.create(ask("sonar-tiny"));
    await client.chat.completions.create(ask("sonar-deep-research"));
    await client.tokenLedger.flush();

    expect(ingest.records()).toMatchObject([
      { total_cost: "0.00000025", metadata: { provider_cost: { total_cost: "0.00000025" } } },
      { total_cost: "0.012345679", metadata: { provider_cost: { total_cost: "0.0123456789012" } } },
    ]);
    expect(invalid(ingest.records())).toEqual([]);
  });

  it("reads cost and citations from the final chunk of a stream", async () => {
    const client = wrapped();
    const chunks = await collect(
      await client.chat.completions.create({ ...ask("sonar"), stream: true }),
    );
    await client.tokenLedger.flush();

    expect(chunks).toHaveLength(3);
    expect(ingest.records()).toMatchObject([
      {
        provider: "perplexity",
        prompt_tokens: 9,
        completion_tokens: 180,
        total_cost: "0.008727",
        metadata: { perplexity: SEARCH, stream: true, partial: false },
      },
    ]);
  });
});
