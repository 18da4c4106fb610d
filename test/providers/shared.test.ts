import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { anthropicAdapter } from "../../src/providers/anthropic/index.ts";
import { ProviderAuthError, ProviderBadRequestError } from "../../src/providers/errors.ts";
import { openaiAdapter } from "../../src/providers/openai/index.ts";
import { idempotencyKey } from "../../src/providers/shared/idempotency.ts";
import { resetBreakers } from "../../src/providers/shared/resilience.ts";
import { DEFAULT_ANTHROPIC_ADMIN_KEY } from "../fakes/anthropic-admin.ts";
import {
  type FakeResponse,
  type FakeServer,
  jsonResponse,
  startFakeServer,
} from "../fakes/http.ts";
import { DEFAULT_OPENAI_ADMIN_KEY } from "../fakes/openai-admin.ts";
import { connectionTo, rejection } from "./support.ts";

describe("idempotency keys", () => {
  test("dimensions are escaped so they cannot run together", () => {
    expect(idempotencyKey("p:usage:1h:T", ["a:b", "50%", "c"])).toBe("p:usage:1h:T:a%3Ab:50%25:c");
  });

  test("a key over 256 characters keeps its prefix and hashes the dimensions", () => {
    const long = (fill: string) => idempotencyKey("p:cost:1d:2025-05-10", [fill.repeat(300)]);
    expect(long("x")).toMatch(/^p:cost:1d:2025-05-10:sha256:[0-9a-f]{40}$/);
    expect(long("x")).toBe(long("x"));
    expect(long("y")).not.toBe(long("x"));
  });
});

let server: FakeServer;
let answer: FakeResponse;

beforeEach(async () => {
  resetBreakers();
  server = await startFakeServer(() => answer);
});
afterEach(async () => {
  await server.close();
});

describe.each([
  {
    adapter: anthropicAdapter,
    key: DEFAULT_ANTHROPIC_ADMIN_KEY,
    requestIdHeader: "request-id",
    otherKey: `sk-ant-admin01-${"x".repeat(30)}`,
    mask: "sk-ant-…",
  },
  {
    adapter: openaiAdapter,
    key: DEFAULT_OPENAI_ADMIN_KEY,
    requestIdHeader: "x-request-id",
    otherKey: `sk-admin-${"y".repeat(30)}`,
    mask: "sk-…",
  },
])("$adapter.provider error answers", ({ adapter, key, requestIdHeader, otherKey, mask }) => {
  const verify = () => rejection(adapter.verify(connectionTo(server.url, key)));

  test("a body that is not JSON is described by its size, with the request id", async () => {
    answer = { status: 400, headers: { [requestIdHeader]: "req_text" }, body: "<html>no</html>" };
    const error = await verify();
    expect(error).toBeInstanceOf(ProviderBadRequestError);
    expect(error.message).toContain(
      "HTTP 400 (a body that is not JSON, 15 bytes); request id req_text",
    );
  });

  test("keys echoed back in a message are redacted, the caller's and any other", async () => {
    const message = `key ${key} is not ${otherKey}`;
    answer = jsonResponse(401, { error: { type: "authentication_error", message } });
    const error = await verify();
    expect(error).toBeInstanceOf(ProviderAuthError);
    expect(error.message).toContain(`: key [redacted] is not ${mask}`);
    expect(error.message).not.toContain(otherKey);
  });
});

test("an Anthropic request id sent only in the error body is kept", async () => {
  answer = jsonResponse(400, {
    type: "error",
    error: { type: "invalid_request_error", message: "bad" },
    request_id: "req_body",
  });
  const error = await rejection(
    anthropicAdapter.verify(connectionTo(server.url, DEFAULT_ANTHROPIC_ADMIN_KEY)),
  );
  expect(error).toMatchObject({ info: { status: 400, requestId: "req_body" } });
  expect(error.message).toMatch(/HTTP 400 invalid_request_error: bad; request id req_body/);
});
