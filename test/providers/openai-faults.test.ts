import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { ValidationError } from "../../src/core/errors.ts";
import {
  ProviderAuthError,
  ProviderBadRequestError,
  ProviderBadResponseError,
  ProviderBillingError,
  ProviderTransientError,
} from "../../src/providers/errors.ts";
import { openaiAdapter } from "../../src/providers/openai/index.ts";
import { resetBreakers } from "../../src/providers/shared/resilience.ts";
import {
  DEFAULT_OPENAI_ADMIN_KEY,
  type FakeOpenAIAdmin,
  OPENAI_COSTS_PATH,
  OPENAI_USAGE_PATH,
  type OpenAICostRow,
  startFakeOpenAIAdmin,
} from "../fakes/openai-admin.ts";
import { openAIUsageRow } from "../fakes/openai-seed.ts";
import { collect, connectionTo, rejection } from "./support.ts";

const PROJECT_KEY = "sk-proj-project-key-00000000000000000000000000000000";
const DAY = { start: "2025-05-10T00:00:00Z", end: "2025-05-11T00:00:00Z" };
const HOUR = Date.parse("2025-05-10T09:00:00Z") / 1000;
const usageRows = [
  openAIUsageRow({ start_time: HOUR, input_tokens: 1_000, num_model_requests: 3 }),
  openAIUsageRow({ start_time: HOUR + 3_600, output_tokens: 500, num_model_requests: 1 }),
];
const costRow = (value: string, valueAs: "number" | "string", line_item: string) =>
  ({ date: "2025-05-10", project_id: "proj_a", line_item, value, valueAs }) as OpenAICostRow;

let fake: FakeOpenAIAdmin;

const connection = (key = DEFAULT_OPENAI_ADMIN_KEY, fields = {}) =>
  connectionTo(fake.url, key, fields);
const usage = (key?: string) => collect(openaiAdapter, "usage", connection(key), DAY);
const costs = () => collect(openaiAdapter, "cost", connection(), DAY);
const statuses = () => fake.state.requests.map((request) => request.status);

beforeAll(async () => {
  fake = await startFakeOpenAIAdmin();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  resetBreakers();
  fake.state.usage = structuredClone(usageRows);
  fake.state.costs = [];
  fake.state.adminKeys = [DEFAULT_OPENAI_ADMIN_KEY];
  fake.state.faults = [];
  fake.state.requests = [];
});

describe("retries", () => {
  test("a 429 with retry-after is retried after the wait it asks for", async () => {
    fake.state.faults.push({ status: 429, retryAfter: 1, path: OPENAI_USAGE_PATH });
    const started = performance.now();
    const { records } = await usage();
    const elapsed = performance.now() - started;
    expect(records).toHaveLength(2);
    expect(statuses()).toEqual([429, 200]);
    // The fast policy's own backoff is at most 20 ms; 1 s can only come from retry-after.
    expect(elapsed).toBeGreaterThanOrEqual(999);
  });

  test.each([500, 502, 503] as const)("a %i is retried", async (status) => {
    fake.state.faults.push({ status });
    expect((await usage()).records).toHaveLength(2);
    expect(statuses()).toEqual([status, 200]);
  });

  test("three consecutive 503s give a transient error after three attempts", async () => {
    fake.state.faults.push({ status: 503, times: 3 });
    const error = await rejection(usage());
    expect(error).toBeInstanceOf(ProviderTransientError);
    expect(error.message).toMatch(/HTTP 503 server_error: .*; request id req_fake/);
    expect(statuses()).toEqual([503, 503, 503]);
  });
});

describe("errors that are not retried", () => {
  test("insufficient quota is a billing error after one request", async () => {
    fake.state.faults.push({ status: 429, spendCap: true });
    const error = await rejection(usage());
    expect(error).toBeInstanceOf(ProviderBillingError);
    expect(error).toMatchObject({ info: { status: 429, providerType: "insufficient_quota" } });
    expect(statuses()).toEqual([429]);
  });

  test("a revoked key is an invalid-key auth error that names the request, not the key", async () => {
    fake.state.revokeKey(DEFAULT_OPENAI_ADMIN_KEY);
    const error = await rejection(usage());
    expect(error).toBeInstanceOf(ProviderAuthError);
    expect(error).toMatchObject({
      reason: "invalid_key",
      info: { provider: "openai", status: 401 },
    });
    expect(error.message).toMatch(/Settings → Organization → Admin keys/);
    expect(error.message).toMatch(/request id req_fake\d+/);
    expect(error.message).not.toContain(DEFAULT_OPENAI_ADMIN_KEY);
    expect(statuses()).toEqual([401]);
  });

  test("a project key is refused for insufficient permission", async () => {
    const error = await rejection(usage(PROJECT_KEY));
    expect(error).toBeInstanceOf(ProviderAuthError);
    expect(error).toMatchObject({ reason: "insufficient_permission", info: { status: 403 } });
    expect(error.message).not.toContain(PROJECT_KEY);
    expect(statuses()).toEqual([403]);
  });

  test.each([400, 404] as const)("a %i is a bad request after one request", async (status) => {
    fake.state.faults.push({ status });
    expect(await rejection(usage())).toBeInstanceOf(ProviderBadRequestError);
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
    expect(statuses()).toEqual([200]);
  });
});

describe("cost values", () => {
  test.each([
    ["a JSON number with many decimals", "12345678.123456789", "number", "12345678.123456789"],
    ["a JSON number finer than a nano-dollar", "0.0000000015", "number", "0.000000002"],
    ["a string", "0.06", "string", "0.06"],
    ["a string finer than a nano-dollar", "2.0000000025", "string", "2.000000002"],
  ] as const)("%s is read exactly", async (_, value, valueAs, usd) => {
    fake.state.costs = [costRow(value, valueAs, "gpt-4o-2024-08-06, input")];
    const { records } = await costs();
    expect(records).toEqual([
      expect.objectContaining({ total_cost: usd, model: "gpt-4o-2024-08-06", project: "proj_a" }),
    ]);
  });

  test("a line item that names no model leaves the model empty", async () => {
    fake.state.costs = [costRow("1.5", "string", "Web search tool calls")];
    const { records } = await costs();
    expect(records).toEqual([
      expect.objectContaining({
        model: null,
        metadata: expect.objectContaining({ line_item: "Web search tool calls" }),
      }),
    ]);
    expect(fake.state.requests.map((request) => request.path)).toEqual([OPENAI_COSTS_PATH]);
  });
});

describe("keys", () => {
  test.each([
    ["a project key", "sk-proj-abc", /project API key/],
    ["a service account key", "sk-svcacct-abc", /service account key/],
    ["a user key", "sk-abc", /user API key/],
    ["an Anthropic key", "sk-ant-admin01-abc", /an Anthropic key/],
    ["an empty key", "", /not an OpenAI Admin key/],
  ])("%s is refused with where to create an Admin key", (_, key, kind) => {
    expect(() => openaiAdapter.checkKeyFormat(key)).toThrow(ValidationError);
    expect(() => openaiAdapter.checkKeyFormat(key)).toThrow(kind);
    expect(() => openaiAdapter.checkKeyFormat(key)).toThrow(
      /Admin key \(sk-admin-…\) at platform\.openai\.com → Settings → Organization → Admin keys/,
    );
  });

  test("an Admin key with a line break around it is refused, not trimmed", () => {
    expect(() => openaiAdapter.checkKeyFormat(`${DEFAULT_OPENAI_ADMIN_KEY}\n`)).toThrow(
      /spaces or line breaks/,
    );
  });

  test("an Admin key passes", () => {
    expect(openaiAdapter.checkKeyFormat(DEFAULT_OPENAI_ADMIN_KEY)).toBeUndefined();
  });

  test("verify makes one small authenticated call", async () => {
    await openaiAdapter.verify(connection());
    expect(fake.state.requests).toEqual([
      expect.objectContaining({
        path: OPENAI_USAGE_PATH,
        authorized: true,
        status: 200,
        query: expect.objectContaining({ bucket_width: ["1d"], limit: ["1"] }),
      }),
    ]);
  });

  test("verify with a project key is an auth error", async () => {
    const error = await rejection(openaiAdapter.verify(connection(PROJECT_KEY)));
    expect(error).toBeInstanceOf(ProviderAuthError);
    expect(statuses()).toEqual([403]);
  });
});
