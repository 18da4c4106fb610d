import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { ValidationError } from "../../src/core/errors.ts";
import { anthropicAdapter } from "../../src/providers/anthropic/index.ts";
import {
  ProviderAuthError,
  ProviderBadRequestError,
  ProviderBadResponseError,
  ProviderBillingError,
  ProviderTransientError,
} from "../../src/providers/errors.ts";
import { resetBreakers } from "../../src/providers/shared/resilience.ts";
import {
  ANTHROPIC_COST_PATH,
  ANTHROPIC_USAGE_PATH,
  type AnthropicFault,
  DEFAULT_ANTHROPIC_ADMIN_KEY,
  type FakeAnthropicAdmin,
  startFakeAnthropicAdmin,
} from "../fakes/anthropic-admin.ts";
import { anthropicCostRowsFromUsage, anthropicUsageRow } from "../fakes/anthropic-seed.ts";
import { collect, connectionTo, rejection } from "./support.ts";

const NORMAL_KEY = "sk-ant-api03-normal-key-0000000000000000000000000000";
const DAY = { start: "2025-05-10T00:00:00Z", end: "2025-05-11T00:00:00Z" };
const usageRows = [
  anthropicUsageRow({ starting_at: "2025-05-10T09:00:00Z", uncached_input_tokens: 1_000 }),
  anthropicUsageRow({ starting_at: "2025-05-10T10:00:00Z", output_tokens: 2_000 }),
];

let fake: FakeAnthropicAdmin;

const connection = (key = DEFAULT_ANTHROPIC_ADMIN_KEY, fields = {}) =>
  connectionTo(fake.url, key, fields);
const usage = (key?: string) => collect(anthropicAdapter, "usage", connection(key), DAY);
const statuses = () => fake.state.requests.map((request) => request.status);

beforeAll(async () => {
  fake = await startFakeAnthropicAdmin();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  resetBreakers();
  fake.state.usage = structuredClone(usageRows);
  fake.state.costs = anthropicCostRowsFromUsage(usageRows);
  fake.state.adminKeys = [DEFAULT_ANTHROPIC_ADMIN_KEY];
  fake.state.faults = [];
  fake.state.requests = [];
});

describe("retries", () => {
  test("a 429 with retry-after is retried after the wait it asks for", async () => {
    fake.state.faults.push({ status: 429, retryAfter: 1, path: ANTHROPIC_USAGE_PATH });
    const started = performance.now();
    const { records } = await usage();
    const elapsed = performance.now() - started;
    expect(records).toHaveLength(2);
    expect(statuses()).toEqual([429, 200]);
    // The fast policy's own backoff is at most 20 ms; 1 s can only come from retry-after
    // (less a millisecond of timer granularity).
    expect(elapsed).toBeGreaterThanOrEqual(999);
  });

  test.each([529, 500, 504] as const)("a %i is retried", async (status) => {
    fake.state.faults.push({ status, path: ANTHROPIC_COST_PATH });
    const { records } = await collect(anthropicAdapter, "cost", connection(), DAY);
    expect(records).toHaveLength(anthropicCostRowsFromUsage(usageRows).length);
    expect(statuses()).toEqual([status, 200]);
  });

  test("three consecutive 529s give a transient error after three attempts", async () => {
    fake.state.faults.push({ status: 529, times: 3 });
    const error = await rejection(usage());
    expect(error).toBeInstanceOf(ProviderTransientError);
    expect(error.message).toMatch(/HTTP 529 overloaded_error: Overloaded; request id req_fake/);
    expect(statuses()).toEqual([529, 529, 529]);
  });

  test("a slow answer times out and the retry succeeds", async () => {
    fake.state.faults.push({ delayMs: 500 });
    const { records } = await collect(
      anthropicAdapter,
      "usage",
      connection(DEFAULT_ANTHROPIC_ADMIN_KEY, { timeoutMs: 100 }),
      DAY,
    );
    expect(records).toHaveLength(2);
    expect(fake.state.requests.map((request) => request.fault)).toEqual(["delay 500ms", null]);
  });
});

describe("errors that are not retried", () => {
  test("a spend cap is a billing error after one request", async () => {
    fake.state.faults.push({ status: 429, spendCap: true });
    const error = await rejection(usage());
    expect(error).toBeInstanceOf(ProviderBillingError);
    expect(error.message).toMatch(/spend limit/);
    expect(statuses()).toEqual([429]);
  });

  test("a revoked key is an invalid-key auth error that names the request, not the key", async () => {
    fake.state.revokeKey(DEFAULT_ANTHROPIC_ADMIN_KEY);
    const error = await rejection(usage());
    expect(error).toBeInstanceOf(ProviderAuthError);
    expect(error).toMatchObject({
      reason: "invalid_key",
      info: { provider: "anthropic", status: 401, providerType: "authentication_error" },
    });
    expect(error.message).toMatch(/request id req_fake\d+/);
    expect(error.message).not.toContain(DEFAULT_ANTHROPIC_ADMIN_KEY);
    expect(statuses()).toEqual([401]);
  });

  test("a normal API key is refused for insufficient permission", async () => {
    const error = await rejection(usage(NORMAL_KEY));
    expect(error).toBeInstanceOf(ProviderAuthError);
    expect(error).toMatchObject({ reason: "insufficient_permission", info: { status: 403 } });
    expect(error.message).toMatch(/Admin API key \(sk-ant-admin01-…\)/);
    expect(error.message).not.toContain(NORMAL_KEY);
    expect(statuses()).toEqual([403]);
  });

  test.each([
    [402, "billing", ProviderBillingError],
    [400, "bad request", ProviderBadRequestError],
    [404, "bad request", ProviderBadRequestError],
    [413, "bad request", ProviderBadRequestError],
  ] as const)("a %i is a %s error after one request", async (status, _, kind) => {
    fake.state.faults.push({ status } satisfies AnthropicFault);
    expect(await rejection(usage())).toBeInstanceOf(kind);
    expect(statuses()).toEqual([status]);
  });

  test.each([
    ["malformed JSON", { malformedJson: true }, /not valid JSON/],
    ["a wrong shape", { wrongShape: true }, /unexpected shape \(data: /],
  ] as const)("%s is a bad response", async (_, fault, message) => {
    fake.state.faults.push(fault);
    const error = await rejection(usage());
    expect(error).toBeInstanceOf(ProviderBadResponseError);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/request id req_fake/);
    expect(statuses()).toEqual([200]);
  });
});

describe("keys", () => {
  test.each([
    ["a normal API key", "sk-ant-api03-abc", /normal API key/],
    ["any sk-ant-api key", "sk-ant-api04-abc", /normal API key/],
    ["another provider's key", "sk-admin-abc", /not an Anthropic Admin key/],
    ["an empty key", "", /not an Anthropic Admin key/],
  ])("%s is refused with where to create an Admin key", (_, key, kind) => {
    expect(() => anthropicAdapter.checkKeyFormat(key)).toThrow(ValidationError);
    expect(() => anthropicAdapter.checkKeyFormat(key)).toThrow(kind);
    expect(() => anthropicAdapter.checkKeyFormat(key)).toThrow(
      /Admin key \(sk-ant-admin01-…\) in the Claude Console → Settings → Admin keys; Admin keys exist only for organization accounts/,
    );
  });

  test("an Admin key with a line break around it is refused, not trimmed", () => {
    expect(() => anthropicAdapter.checkKeyFormat(`${DEFAULT_ANTHROPIC_ADMIN_KEY}\n`)).toThrow(
      /spaces or line breaks/,
    );
  });

  test("an Admin key passes", () => {
    expect(anthropicAdapter.checkKeyFormat(DEFAULT_ANTHROPIC_ADMIN_KEY)).toBeUndefined();
  });

  test("verify makes one small authenticated call", async () => {
    await anthropicAdapter.verify(connection());
    expect(fake.state.requests).toEqual([
      expect.objectContaining({
        path: ANTHROPIC_USAGE_PATH,
        authorized: true,
        status: 200,
        query: expect.objectContaining({ bucket_width: ["1d"], limit: ["1"] }),
      }),
    ]);
  });

  test("verify with a revoked key is an auth error", async () => {
    fake.state.revokeKey(DEFAULT_ANTHROPIC_ADMIN_KEY);
    const error = await rejection(anthropicAdapter.verify(connection()));
    expect(error).toBeInstanceOf(ProviderAuthError);
    expect(statuses()).toEqual([401]);
  });
});
