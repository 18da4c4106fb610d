/**
 * The capture proxy with the official SDKs, unmodified but for their base URL, against fake
 * Groq, Perplexity, OpenAI and Anthropic upstreams — streaming and not. The ledger's tokens per
 * provider must equal what the upstream served, exactly; Perplexity's cost must equal the sum
 * of the costs it reported, exactly; provider keys must never reach the data directory.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import Groq from "groq-sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { parseUsd } from "../../src/core/money.ts";
import { createLogger } from "../../src/logging/logger.ts";
import { openRuntime, type Runtime } from "../../src/runtime.ts";
import { startServer, type RunningServer } from "../../src/server/serve.ts";
import { createApiKey, revokeApiKey } from "../../src/services/api-keys.ts";
import { summarizeUsage } from "../../src/services/reports.ts";
import { listUsage } from "../../src/services/usage-list.ts";
import { startFakeChatUpstream, type FakeChatUpstream } from "../fakes/chat/server.ts";
import { collect, QUESTION, TEST_KEYS } from "../fakes/chat/sdk-clients.ts";
import { createTestDatabase, DIALECTS, type TestDatabase } from "../support/databases.ts";

const ADMIN = "proxy-test-admin-token-0123456789";

describe.each(DIALECTS)("capture proxy on %s", (dialect) => {
  let fake: FakeChatUpstream;
  let database: TestDatabase;
  let dataDir: string;
  let runtime: Runtime;
  let server: RunningServer;
  let ingestKey: string;

  const headers = () => ({ "x-tokenledger-key": ingestKey, "x-tokenledger-project": "checkout" });
  const groq = () =>
    new Groq({
      apiKey: TEST_KEYS.groq,
      baseURL: `${server.url}/proxy/groq`,
      maxRetries: 0,
      defaultHeaders: headers(),
    });
  const openaiAt = (path: string, apiKey: string) =>
    new OpenAI({
      apiKey,
      baseURL: `${server.url}/proxy/${path}`,
      maxRetries: 0,
      defaultHeaders: headers(),
    });
  const anthropic = () =>
    new Anthropic({
      apiKey: TEST_KEYS.anthropic,
      baseURL: `${server.url}/proxy/anthropic`,
      maxRetries: 0,
      defaultHeaders: headers(),
    });

  beforeAll(async () => {
    fake = await startFakeChatUpstream({ chunkDelayMs: 1 });
    database = await createTestDatabase(dialect);
    dataDir = mkdtempSync(join(tmpdir(), "tokenledger-proxy-"));
    runtime = await openRuntime(
      loadConfig({
        TOKENLEDGER_DATABASE_URL: database.url,
        TOKENLEDGER_DATA_DIR: dataDir,
        TOKENLEDGER_PORT: "0",
        TOKENLEDGER_ADMIN_TOKEN: ADMIN,
        TOKENLEDGER_SCHEDULER: "off",
        TOKENLEDGER_GROQ_BASE_URL: fake.url,
        TOKENLEDGER_PERPLEXITY_BASE_URL: fake.url,
        TOKENLEDGER_OPENAI_BASE_URL: fake.url,
        TOKENLEDGER_ANTHROPIC_BASE_URL: fake.url,
      }),
    );
    server = await startServer(runtime, createLogger("silent"));
    ingestKey = (await createApiKey(runtime.ctx, { name: "proxy test" })).key;
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("every SDK works through the proxy, streaming and not", async () => {
    const g = await groq().chat.completions.create({
      model: "llama-3.3-70b-versatile",
      messages: QUESTION,
    });
    expect(g.choices[0]?.message.content).toBeTruthy();
    const gs = await collect(
      await groq().chat.completions.create({
        model: "llama-3.1-8b-instant",
        messages: QUESTION,
        stream: true,
      }),
    );
    expect(gs.length).toBeGreaterThan(2);

    const viaOpenAI = openaiAt("groq/openai/v1", TEST_KEYS.groq);
    await collect(
      await viaOpenAI.chat.completions.create({
        model: "openai/gpt-oss-20b",
        messages: QUESTION,
        stream: true,
        stream_options: { include_usage: true },
      }),
    );

    const pplx = openaiAt("perplexity", TEST_KEYS.perplexity);
    await pplx.chat.completions.create({ model: "sonar-pro", messages: QUESTION });
    await collect(
      await pplx.chat.completions.create({ model: "sonar", messages: QUESTION, stream: true }),
    );

    const oai = openaiAt("openai/v1", TEST_KEYS.openai);
    await oai.chat.completions.create({ model: "gpt-4o-mini", messages: QUESTION });
    await collect(
      await oai.chat.completions.create({
        model: "gpt-4o",
        messages: QUESTION,
        stream: true,
        stream_options: { include_usage: true },
      }),
    );

    const a = await anthropic().messages.create({
      model: "claude-haiku-4-5",
      max_tokens: 64,
      messages: QUESTION,
    });
    expect(a.usage.output_tokens).toBeGreaterThan(0);
    await collect(
      await anthropic().messages.create({
        model: "claude-haiku-4-5",
        max_tokens: 64,
        messages: QUESTION,
        stream: true,
      }),
    );

    await server.flushCaptures();
    const byProvider = await summarizeUsage(runtime.ctx, { group_by: ["provider"] });
    for (const flavour of ["groq", "perplexity", "openai", "anthropic"] as const) {
      const servedHere = fake.state.served.filter((s) => s.flavour === flavour);
      const group = byProvider.groups.find((g) => g.provider === flavour);
      expect(group, flavour).toMatchObject({
        prompt_tokens: servedHere.reduce((sum, s) => sum + s.tokens.promptTokens, 0),
        completion_tokens: servedHere.reduce((sum, s) => sum + s.tokens.completionTokens, 0),
        cache_read_tokens: servedHere.reduce((sum, s) => sum + s.tokens.cacheReadTokens, 0),
        requests: servedHere.length,
      });
    }
    const perplexityCost = fake.state.served
      .filter((s) => s.flavour === "perplexity")
      .reduce((sum, s) => sum + parseUsd(s.cost?.total_cost ?? "x", "half-even"), 0n);
    expect(
      parseUsd(String(byProvider.groups.find((g) => g.provider === "perplexity")?.total_cost)),
    ).toBe(perplexityCost);
    expect(byProvider.unpriced_records).toBe(0);

    const { records } = await listUsage(runtime.ctx, { provider: "perplexity" });
    expect(records[0]).toMatchObject({
      confidence: "estimated",
      source: "proxy",
      cost_source: "provider_reported",
      api_key_suffix: TEST_KEYS.perplexity.slice(-4),
      project: "checkout",
      metadata: expect.objectContaining({
        price_table_cost: expect.any(String),
        upstream_status: 200,
      }),
    });
  });

  test("an OpenAI stream without include_usage is recorded unpriced, never as $0", async () => {
    const oai = openaiAt("openai/v1", TEST_KEYS.openai);
    await collect(
      await oai.chat.completions.create({ model: "gpt-4o", messages: QUESTION, stream: true }),
    );
    await server.flushCaptures();
    const summary = await summarizeUsage(runtime.ctx, { provider: "openai" });
    expect(summary.unpriced_records).toBe(1);
  });

  test("upstream errors pass through unchanged and count as failed requests", async () => {
    fake.state.faults.push({ status: 429, retryAfter: 7, flavour: "groq" });
    const error = await groq()
      .chat.completions.create({ model: "llama-3.1-8b-instant", messages: QUESTION })
      .then(
        () => null,
        (e: { status?: number; headers?: Headers }) => e,
      );
    expect(error?.status).toBe(429);
    expect(error?.headers?.get("retry-after")).toBe("7");
    await server.flushCaptures();
    const { records } = await listUsage(runtime.ctx, { provider: "groq", limit: 1 });
    expect(records[0]).toMatchObject({
      requests: 0,
      total_cost: "0.00",
      metadata: expect.objectContaining({ failed: true, upstream_status: 429 }),
    });
  });

  test("a client that disconnects mid-stream leaves a partial record", async () => {
    const stream = await groq().chat.completions.create({
      model: "llama-3.1-8b-instant",
      messages: QUESTION,
      stream: true,
    });
    for await (const _chunk of stream) {
      stream.controller.abort();
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    await server.flushCaptures();
    const { records } = await listUsage(runtime.ctx, { provider: "groq", limit: 1 });
    expect(records[0]?.metadata).toMatchObject({ partial: true });
  });

  test("requests without a valid TokenLedger key, and relay attempts, never reach the upstream", async () => {
    const before = fake.state.requests.length;
    const post = (path: string, extra: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${TEST_KEYS.groq}`,
          ...extra,
        },
        body: JSON.stringify({ model: "llama-3.1-8b-instant", messages: QUESTION }),
      });
    expect((await post("/proxy/groq/openai/v1/chat/completions")).status).toBe(401);
    expect(
      (
        await post("/proxy/groq/openai/v1/chat/completions", {
          "x-tokenledger-key": "tl_key_made_up",
        })
      ).status,
    ).toBe(401);
    const revoked = await createApiKey(runtime.ctx, { name: "short-lived" });
    await revokeApiKey(runtime.ctx, revoked.id);
    expect(
      (await post("/proxy/groq/openai/v1/chat/completions", { "x-tokenledger-key": revoked.key }))
        .status,
    ).toBe(401);
    const ok = { "x-tokenledger-key": ingestKey };
    expect((await post("/proxy/evil/v1/chat/completions", ok)).status).toBe(404);
    // fetch itself resolves %2e%2e segments, so this may arrive as /proxy/x: refused either way.
    expect([400, 404]).toContain((await post("/proxy/groq/%2e%2e/%2e%2e/x", ok)).status);
    expect((await post("/proxy/groq//evil.example/x", ok)).status).toBe(400);
    expect(
      (
        await post("/proxy/groq/openai/v1/chat/completions", {
          ...ok,
          host: "evil.example",
          "x-forwarded-host": "evil.example",
        })
      ).status,
    ).toBe(200);
    const big = await fetch(`${server.url}/proxy/groq/openai/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...ok },
      body: "x".repeat(33 * 1024 * 1024),
    });
    expect(big.status).toBe(413);
    // Only the one legitimate request arrived, and it did not carry TokenLedger's headers.
    const arrived = fake.state.requests.slice(before);
    expect(arrived).toHaveLength(1);
    expect(
      Object.keys(arrived[0]?.headers ?? {}).filter((h) => h.startsWith("x-tokenledger")),
    ).toEqual([]);
  });

  test("no provider key is stored anywhere in the data directory or the database", async () => {
    await server.flushCaptures();
    const files = readdirSync(dataDir, { recursive: true }) as string[];
    const contents = files
      .map((f) => join(dataDir, f))
      .filter((f) => statSync(f).isFile())
      .map((f) => readFileSync(f).toString("latin1"))
      .join("\n");
    const { records } = await listUsage(runtime.ctx, { limit: 1000 });
    const ledger = JSON.stringify(records) + JSON.stringify(await runtime.ctx.accounts.list());
    for (const key of Object.values(TEST_KEYS)) {
      expect(contents.includes(key)).toBe(false);
      expect(ledger.includes(key)).toBe(false);
      expect(ledger.includes(key.slice(0, -4))).toBe(false);
    }
  });
});
