/** End to end: the wrapped SDK reports into the real TokenLedger server, which stores it as sent. */

import type { AddressInfo } from "node:net";
import Anthropic from "@anthropic-ai/sdk";
import { type ServerType, serve } from "@hono/node-server";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTokenLedger } from "../../packages/sdk/src/index.ts";
import { openTestApp, TEST_TOKEN } from "../support/app.ts";
import { type FakeUpstream, startUpstream } from "./fake-upstream.ts";

let upstream: FakeUpstream;
let ledger: Awaited<ReturnType<typeof openTestApp>>;
let server: ServerType;
let endpoint: string;

beforeAll(async () => {
  upstream = await startUpstream();
  ledger = await openTestApp("sqlite");
  server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: ledger.app.fetch, port: 0, hostname: "127.0.0.1" }, () =>
      resolve(started),
    );
  });
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await ledger.close();
  await upstream.close();
});

async function account(provider: string): Promise<string> {
  const response = await ledger.call("POST", "/api/v1/accounts", {
    provider,
    name: `${provider}-sdk`,
  });
  return ((await response.json()) as { id: string }).id;
}

describe("into the real ledger", () => {
  it("stores Perplexity's exact cost and Anthropic's canonical tokens", async () => {
    const options = { endpoint, key: TEST_TOKEN, project: "e2e", flushOnExit: false };
    const perplexity = withTokenLedger(
      new OpenAI({
        apiKey: "pplx-test-key-0000P9X2",
        baseURL: `${upstream.url}/perplexity`,
        maxRetries: 0,
      }),
      { ...options, account: await account("perplexity") },
    );
    const anthropic = withTokenLedger(
      new Anthropic({ apiKey: "sk-ant-api03-test-key-ABCD", baseURL: upstream.url, maxRetries: 0 }),
      { ...options, account: await account("anthropic") },
    );
    await perplexity.chat.completions.create({
      model: "sonar-deep-research",
      messages: [{ role: "user", content: "hi" }],
    });
    const message = await anthropic.messages.create({
      model: "claude-haiku-4-5",
      max_tokens: 64,
      messages: [{ role: "user", content: "hi" }],
    });
    await Promise.all([perplexity.tokenLedger.shutdown(), anthropic.tokenLedger.shutdown()]);

    const listed = await ledger.call("GET", "/api/v1/usage?limit=10");
    const { records } = (await listed.json()) as { records: Record<string, unknown>[] };
    const byProvider = Object.fromEntries(records.map((record) => [record.provider, record]));
    expect(perplexity.tokenLedger.stats().delivered + anthropic.tokenLedger.stats().delivered).toBe(
      2,
    );
    expect(byProvider.perplexity).toMatchObject({
      source: "sdk",
      confidence: "estimated",
      total_cost: "0.012345679",
      cost_source: "provider_reported",
      search_queries: 2,
      project: "e2e",
      api_key_suffix: "P9X2",
    });
    expect(byProvider.anthropic).toMatchObject({
      prompt_tokens: 3550,
      cache_read_tokens: 2000,
      cache_write_5m_tokens: 500,
      cache_write_1h_tokens: 1000,
      completion_tokens: 120,
      total_tokens: 3670,
      idempotency_key: `anthropic:${message.id}`,
    });
  });
});
