import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ProviderBadResponseError } from "../../src/providers/errors.ts";
import { openaiAdapter } from "../../src/providers/openai/index.ts";
import { modelOfLineItem } from "../../src/providers/openai/normalize.ts";
import { plainDecimal } from "../../src/providers/openai/schema.ts";
import { resetBreakers } from "../../src/providers/shared/resilience.ts";
import { type FakeServer, startFakeServer } from "../fakes/http.ts";
import { DEFAULT_OPENAI_ADMIN_KEY } from "../fakes/openai-admin.ts";
import { collect, connectionTo, rejection } from "./support.ts";

const DAY = { start: "2025-05-10T00:00:00Z", end: "2025-05-11T00:00:00Z" };
const START = Date.parse(DAY.start) / 1000;

/** A server that answers every request with `body`. */
let server: FakeServer;
let body: string;

beforeEach(async () => {
  resetBreakers();
  server = await startFakeServer(() => ({
    status: 200,
    headers: { "content-type": "application/json", "x-request-id": "req_raw" },
    body,
  }));
});
afterEach(async () => {
  await server.close();
});

const page = (results: unknown[], start: unknown = START) =>
  JSON.stringify({
    object: "page",
    data: [{ object: "bucket", start_time: start, end_time: START + 86_400, results }],
    has_more: false,
    next_page: null,
  });
const raw = (name: "usage" | "cost") =>
  collect(openaiAdapter, name, connectionTo(server.url, DEFAULT_OPENAI_ADMIN_KEY), DAY);

describe("decimal values", () => {
  test.each([
    ["1.2e-05", "0.000012"],
    ["1.5E+3", "1500"],
    ["2.5e1", "25"],
    ["-3e-2", "-0.03"],
    ["0.06", "0.06"],
    ["12", "12"],
  ])("%s is %s", (text, plain) => {
    expect(plainDecimal(text)).toBe(plain);
  });

  test.each(["", "abc", "1.", "0x10", "1e"])("%j is not a number", (text) => {
    expect(plainDecimal(text)).toBeNull();
  });

  test("a value in exponent notation is expanded exactly", async () => {
    const text = page([{ amount: { value: "RAW", currency: "usd" }, line_item: "o3, input" }]);
    body = text.replace('"RAW"', "1.2345e-05");
    const { records } = await raw("cost");
    expect(records.map((record) => record.total_cost)).toEqual(["0.000012345"]);
  });

  test("a result without an amount is a bad response", async () => {
    body = page([{ line_item: "o3, input", project_id: "proj_a" }]);
    const error = await rejection(raw("cost"));
    expect(error).toBeInstanceOf(ProviderBadResponseError);
    expect(error.message).toMatch(/data\.0\.results\.0\.amount: is required/);
    expect(error.message).toMatch(/request id req_raw/);
  });
});

describe("tolerant usage rows", () => {
  test("counts and times as strings, a string batch flag and new fields are read", async () => {
    body = page(
      [
        {
          input_tokens: "300",
          input_cached_tokens: 100,
          output_tokens: "40",
          num_model_requests: "2",
          model: "ft:gpt-4o-mini:org:custom:abc123",
          batch: "true",
          input_cache_write_tokens: 7,
        },
      ],
      String(START),
    );
    const { records } = await raw("usage");
    expect(records).toEqual([
      expect.objectContaining({
        timestamp: "2025-05-10T00:00:00.000Z",
        prompt_tokens: 300,
        cache_read_tokens: 100,
        completion_tokens: 40,
        requests: 2,
        service_tier: "batch",
        project: null,
        metadata: expect.objectContaining({
          batch: true,
          input_audio_tokens: 0,
          extra: { input_cache_write_tokens: 7 },
        }),
        // Colons inside a fine-tuned model id are escaped, so fields cannot run together.
        idempotency_key:
          "openai:usage:1h:2025-05-10T00:00:00.000Z:ft%3Agpt-4o-mini%3Aorg%3Acustom%3Aabc123:none:none:none:true:none",
      }),
    ]);
  });

  test("rows with nothing counted are skipped", async () => {
    body = page([{ input_tokens: 0, output_tokens: 0, num_model_requests: 0, model: "o3" }]);
    const { records, buckets } = await raw("usage");
    expect({ records, buckets }).toEqual({ records: [], buckets: 1 });
  });
});

describe("line items", () => {
  test.each([
    ["gpt-4o-2024-08-06, input", "gpt-4o-2024-08-06"],
    ["o3-2025-04-16, batch cached input", "o3-2025-04-16"],
    ["Web search tool calls", null],
    ["File search storage, gpt", null],
    [null, null],
  ])("%j names the model %j", (lineItem, model) => {
    expect(modelOfLineItem(lineItem)).toBe(model);
  });
});
