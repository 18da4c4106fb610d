/** Delivery to TokenLedger: batching, retries, the bounded buffer, and never hurting the app. */
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  flush,
  shutdown,
  type TokenLedgerOptions,
  withTokenLedger,
} from "../../packages/sdk/src/index.ts";
import { closedPortUrl, type FakeIngest, startIngest, waitFor } from "./fake-ingest.ts";
import { type FakeUpstream, startUpstream } from "./fake-upstream.ts";
import { ledgerOptions } from "./helpers.ts";

let upstream: FakeUpstream;
let ingest: FakeIngest;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(() => upstream.close());
beforeEach(async () => {
  ingest = await startIngest();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await ingest.close();
});

const plain = () => new OpenAI({ apiKey: "sk-test", baseURL: `${upstream.url}/v1`, maxRetries: 0 });
const wrapped = (endpoint: string, extra: Partial<TokenLedgerOptions> = {}) =>
  withTokenLedger(plain(), ledgerOptions(endpoint, extra));
const chat = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "hi" }] };
const calls = async (client: OpenAI, count: number) => {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await client.chat.completions.create(chat)).id);
  return ids;
};
const keys = (ids: string[]) => ids.map((id) => `openai:${id}`);

describe("batching", () => {
  it("sends a batch as soon as it is full, and the rest on flush", async () => {
    const client = wrapped(ingest.url, { batchSize: 3, flushIntervalMs: 60_000 });
    const ids = await calls(client, 7);
    await ingest.waitForRecords(6);
    expect(ingest.batches.map((batch) => batch.records.length)).toEqual([3, 3]);

    await client.tokenLedger.flush();
    expect(ingest.batches.map((batch) => batch.records.length)).toEqual([3, 3, 1]);
    expect(ingest.records().map((record) => record.idempotency_key)).toEqual(keys(ids));
  });

  it("sends what waits once the interval has passed", async () => {
    const client = wrapped(ingest.url, { batchSize: 100, flushIntervalMs: 400 });
    const started = performance.now();
    await Promise.all([calls(client, 1), calls(client, 1)]);
    expect(ingest.attempts).toBe(0);
    await ingest.waitForRecords(2);

    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
    expect(ingest.batches.map((batch) => batch.records.length)).toEqual([2]);
  });

  it("delivers concurrent calls once each, in batches of 20 by default", async () => {
    const client = wrapped(ingest.url);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => client.chat.completions.create(chat)),
    );
    await client.tokenLedger.shutdown();

    expect(new Set(ingest.records().map((record) => record.idempotency_key))).toEqual(
      new Set(keys(results.map((result) => result.id))),
    );
    expect(ingest.batches.map((batch) => batch.records.length)).toEqual([20, 20, 10]);
  });
});

describe("retries", () => {
  it("delivers after transient 500s", async () => {
    const client = wrapped(ingest.url, { batchSize: 1, retryDelayMs: 5 });
    ingest.fail(2, 500);
    const [id = ""] = await calls(client, 1);
    await client.tokenLedger.flush();

    expect(ingest.attempts).toBe(3);
    expect(ingest.records().map((record) => record.idempotency_key)).toEqual(keys([id]));
  });

  it("honours 429 with Retry-After", async () => {
    const client = wrapped(ingest.url, { batchSize: 1, retryDelayMs: 5 });
    ingest.fail(1, 429, { "retry-after": "0.05" });
    const started = performance.now();
    await calls(client, 1);
    await ingest.waitForRecords(1);

    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(ingest.attempts).toBe(2);
  });

  it("keeps the batch when the attempts run out and sends it on a later flush", async () => {
    const client = wrapped(ingest.url, { batchSize: 1, retryDelayMs: 5, maxAttempts: 2 });
    ingest.fail(2, 503);
    await calls(client, 1);
    const settled = () => ingest.attempts >= 2 && client.tokenLedger.stats().buffered === 1;
    await waitFor(() => (settled() ? true : null), 2_000);
    expect(client.tokenLedger.stats()).toMatchObject({
      buffered: 1,
      lastError: expect.stringContaining("HTTP 503"),
    });

    await client.tokenLedger.flush();
    expect(ingest.records()).toHaveLength(1);
    expect(client.tokenLedger.stats()).toMatchObject({ buffered: 0, delivered: 1 });
  });

  it("drops a batch TokenLedger refuses (4xx), once, with one warning", async () => {
    const onDrop = vi.fn();
    const client = wrapped(ingest.url, { batchSize: 1, onDrop });
    ingest.fail(2, 400);
    await calls(client, 2);
    await client.tokenLedger.flush();
    await waitFor(() => (ingest.attempts >= 2 ? true : null), 2_000);

    expect(ingest.attempts).toBe(2);
    expect(onDrop).toHaveBeenCalledTimes(1);
    expect(onDrop).toHaveBeenCalledWith(
      1,
      "rejected",
      expect.stringContaining("HTTP 400: http_400"),
    );
    expect(client.tokenLedger.stats().dropped.rejected).toBe(2);
  });
});

describe("the bounded buffer", () => {
  it("drops the oldest records beyond the bound and says so once", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const client = wrapped(ingest.url, { batchSize: 100, flushIntervalMs: 60_000, maxBuffer: 3 });
    const ids = await calls(client, 6);
    await client.tokenLedger.flush();

    expect(ingest.records().map((record) => record.idempotency_key)).toEqual(keys(ids.slice(3)));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/dropped 1 usage record \(buffer_full\)/);
    expect(client.tokenLedger.stats().dropped.buffer_full).toBe(3);
  });
});

describe("never hurting the application", () => {
  it("answers every call while TokenLedger is down, and gives up at shutdown", async () => {
    const onDrop = vi.fn();
    const client = wrapped(await closedPortUrl(), { batchSize: 2, retryDelayMs: 5, onDrop });
    const ids = await calls(client, 5);
    await client.tokenLedger.shutdown({ timeoutMs: 1_000 });

    expect(ids).toHaveLength(5);
    expect(client.tokenLedger.stats()).toMatchObject({
      buffered: 0,
      delivered: 0,
      dropped: { undelivered: 5 },
      lastError: expect.stringContaining("ECONNREFUSED"),
    });
    expect(onDrop.mock.calls.map(([, reason]) => reason)).toEqual(["undelivered"]);
  });

  it("adds at most a few ms per call while TokenLedger hangs", async () => {
    ingest.hang(true);
    const onDrop = vi.fn();
    const client = wrapped(ingest.url, { batchSize: 1, timeoutMs: 60_000, onDrop });
    const bare = plain();
    const timed = async (run: () => Promise<unknown>) => {
      const started = performance.now();
      await run();
      return performance.now() - started;
    };
    await timed(() => client.chat.completions.create(chat));
    const bareTimes: number[] = [];
    const wrappedTimes: number[] = [];
    for (let i = 0; i < 30; i++) {
      bareTimes.push(await timed(() => bare.chat.completions.create(chat)));
      wrappedTimes.push(await timed(() => client.chat.completions.create(chat)));
    }
    // The lower quartile: what the call costs when the machine is not busy elsewhere.
    const quartile = (times: number[]) =>
      times.sort((x, y) => x - y)[Math.floor(times.length / 4)] ?? 0;
    const started = performance.now();
    await client.tokenLedger.shutdown({ timeoutMs: 100 });

    expect(quartile(wrappedTimes) - quartile(bareTimes)).toBeLessThan(3);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(ingest.attempts).toBeGreaterThan(0);
    expect(client.tokenLedger.stats().dropped.undelivered).toBe(31);
    expect(onDrop).toHaveBeenCalledWith(
      31,
      "undelivered",
      expect.stringContaining("shutdown() gave up after 100 ms"),
    );
  });

  it("keeps working without an account, saying once that records are dropped", async () => {
    const onDrop = vi.fn();
    const client = wrapped(ingest.url, { account: undefined, onDrop, batchSize: 1 });
    const ids = await calls(client, 3);
    await client.tokenLedger.flush();

    expect(ids).toHaveLength(3);
    expect(ingest.attempts).toBe(0);
    expect(onDrop.mock.calls).toEqual([[1, "no_account", expect.stringContaining("`account`")]]);
    expect(client.tokenLedger.stats().dropped.no_account).toBe(3);
  });

  it("survives a throwing fetch and a throwing onDrop", async () => {
    const client = wrapped(ingest.url, {
      batchSize: 1,
      maxAttempts: 1,
      fetch: () => {
        throw new Error("fetch exploded");
      },
      onDrop: () => {
        throw new Error("callback exploded");
      },
    });
    const ids = await calls(client, 2);
    await client.tokenLedger.shutdown();

    expect(ids).toHaveLength(2);
    expect(client.tokenLedger.stats()).toMatchObject({
      lastError: "fetch exploded",
      dropped: { undelivered: 2 },
    });
  });

  it("wraps without endpoint or key, reporting nothing", async () => {
    const onDrop = vi.fn();
    const client = withTokenLedger(plain(), { endpoint: "", key: "", account: "a", onDrop });
    const ids = await calls(client, 2);

    expect(ids).toHaveLength(2);
    expect(onDrop.mock.calls).toEqual([[1, "not_configured", expect.any(String)]]);
  });

  it("offers flush(client) and shutdown(client), which ignore other objects", async () => {
    const client = wrapped(ingest.url, {
      batchSize: 100,
      flushIntervalMs: 60_000,
      onDrop: vi.fn(),
    });
    await calls(client, 2);
    await flush(client);
    expect(ingest.records()).toHaveLength(2);

    await shutdown(client);
    await calls(client, 1);
    await flush({});
    expect(client.tokenLedger.stats()).toMatchObject({ delivered: 2, dropped: { undelivered: 1 } });
  });
});
