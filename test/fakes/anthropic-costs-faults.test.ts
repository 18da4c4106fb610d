import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  ANTHROPIC_COST_PATH,
  ANTHROPIC_USAGE_PATH,
  type AnthropicCostRow,
  type AnthropicFault,
  DEFAULT_ANTHROPIC_ADMIN_KEY,
  type FakeAnthropicAdmin,
  startFakeAnthropicAdmin,
} from "./anthropic-admin.ts";
import {
  anthropicCostRowsFromUsage,
  anthropicUsageRow,
  seedAnthropicMonth,
} from "./anthropic-seed.ts";
import { sumDecimalStrings } from "./exact-decimal.ts";
import { allPages, must } from "./test-client.ts";

const seed = seedAnthropicMonth({ month: "2025-05", workspaceId: "wrkspc_01Team" });
const MAY = "starting_at=2025-05-01T00:00:00Z&ending_at=2025-06-01T00:00:00Z";

interface CostPage {
  data: { starting_at: string; ending_at: string; results: Record<string, unknown>[] }[];
  has_more: boolean;
  next_page: string | null;
}

let fake: FakeAnthropicAdmin;

function get(path: string, query: string) {
  return fetch(`${fake.url}${path}?${query}`, {
    headers: { "x-api-key": DEFAULT_ANTHROPIC_ADMIN_KEY, "anthropic-version": "2023-06-01" },
  });
}

function costRow(date: string, amount: string, fields: Partial<AnthropicCostRow> = {}) {
  return {
    date,
    workspace_id: null,
    description: "Claude Sonnet 4.5 Usage - Input Tokens",
    cost_type: "tokens",
    token_type: "uncached_input_tokens",
    model: "claude-sonnet-4-5-20250929",
    service_tier: "standard",
    context_window: "0-200k",
    amount,
    ...fields,
  } satisfies AnthropicCostRow;
}

beforeAll(async () => {
  fake = await startFakeAnthropicAdmin();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.state.usage = structuredClone(seed.usage);
  fake.state.costs = structuredClone(seed.costs);
  fake.state.faults = [];
  fake.state.requests = [];
});

describe("cost rows priced from usage", () => {
  test.each([
    ["Sonnet output", { output_tokens: 1_234_567 }, "output_tokens", "1851.8505"],
    [
      "Haiku cache read",
      { model: "claude-haiku-4-5-20251001", cache_read_input_tokens: 3 },
      "cache_read_input_tokens",
      "0.00003",
    ],
    [
      "Opus 5m cache write",
      {
        model: "claude-opus-4-1-20250805",
        cache_creation: { ephemeral_5m_input_tokens: 10, ephemeral_1h_input_tokens: 0 },
      },
      "cache_creation.ephemeral_5m_input_tokens",
      "0.01875",
    ],
    [
      "batch long-context 1h cache write",
      {
        service_tier: "batch",
        context_window: "200k-1M",
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 1_000_000 },
      },
      "cache_creation.ephemeral_1h_input_tokens",
      "600",
    ],
    [
      "batch long-context output",
      { service_tier: "batch", context_window: "200k-1M", output_tokens: 1 },
      "output_tokens",
      "0.001125",
    ],
  ])("%s is priced exactly in cents", (_name, fields, tokenType, cents) => {
    const rows = anthropicCostRowsFromUsage([
      anthropicUsageRow({ starting_at: "2025-05-02T10:00:00Z", ...fields }),
    ]);
    expect(rows).toEqual([
      expect.objectContaining({ date: "2025-05-02", token_type: tokenType, amount: cents }),
    ]);
  });

  test("web search is one cent per search; priority usage has no cost rows", () => {
    const rows = anthropicCostRowsFromUsage([
      anthropicUsageRow({
        starting_at: "2025-05-02T10:00:00Z",
        server_tool_use: { web_search_requests: 7 },
      }),
      anthropicUsageRow({
        starting_at: "2025-05-02T11:00:00Z",
        service_tier: "priority",
        output_tokens: 9_999,
      }),
    ]);
    expect(rows).toEqual([
      expect.objectContaining({ cost_type: "web_search", amount: "7", model: null }),
    ]);
  });

  test("the seeded month has priority usage but no priority costs", () => {
    expect(seed.usage.some((row) => row.service_tier === "priority")).toBe(true);
    expect(seed.costs.map((row) => row.service_tier)).not.toContain("priority");
    expect(new Set(seed.costs.map((row) => row.workspace_id))).toEqual(
      new Set([null, "wrkspc_01Team"]),
    );
  });
});

describe("cost report", () => {
  test("paging the month to the end sums exactly to the seeded cents", async () => {
    const pages = await allPages<CostPage>((query) => get(ANTHROPIC_COST_PATH, query), MAY);
    const results = pages.flatMap((page) => page.data.flatMap((bucket) => bucket.results));
    expect(pages.map((page) => page.data.length)).toEqual([7, 7, 7, 7, 3]);
    expect(results).toHaveLength(31);
    expect(sumDecimalStrings(results.map((result) => String(result.amount)))).toBe(
      sumDecimalStrings(seed.costs.map((row) => row.amount)),
    );
  });

  test("amounts of a group are summed as exact decimal strings, groups in key order", async () => {
    fake.state.costs = [
      costRow("2025-05-01", "0.1"),
      costRow("2025-05-01", "0.2", {
        description: "Claude Sonnet 4.5 Usage - Output Tokens",
        token_type: "output_tokens",
      }),
      costRow("2025-05-01", "123.78912", { workspace_id: "wrkspc_01Team" }),
      costRow("2025-05-01", "0.00000001", { workspace_id: "wrkspc_01Team" }),
    ];
    const response = await get(
      ANTHROPIC_COST_PATH,
      "starting_at=2025-05-01T00:00:00Z&ending_at=2025-05-02T00:00:00Z&group_by[]=workspace_id",
    );
    const results = ((await response.json()) as CostPage).data[0]?.results;
    expect(results).toEqual([
      {
        currency: "USD",
        amount: "123.78912001",
        workspace_id: "wrkspc_01Team",
        description: null,
        cost_type: null,
        context_window: null,
        model: null,
        service_tier: null,
        token_type: null,
      },
      {
        currency: "USD",
        amount: "0.3",
        workspace_id: null,
        description: null,
        cost_type: null,
        context_window: null,
        model: null,
        service_tier: null,
        token_type: null,
      },
    ]);
  });

  test("group_by[]=description fills description, cost_type, token_type, model, tier and window", async () => {
    const response = await get(ANTHROPIC_COST_PATH, `${MAY}&limit=1&group_by[]=description`);
    const results = must(((await response.json()) as CostPage).data[0]).results;
    const tokenResults = results.filter((result) => result.cost_type === "tokens");
    expect(tokenResults.length).toBeGreaterThan(10);
    expect(
      tokenResults.every(
        (result) =>
          result.model !== null &&
          result.token_type !== null &&
          result.service_tier !== null &&
          result.workspace_id === null,
      ),
    ).toBe(true);
    expect(results.map((result) => result.description)).toContain(
      "Claude Sonnet 4.5 Batch Usage - Input Tokens",
    );
  });

  test.each([["bucket_width=1h"], ["limit=32"], ["group_by[]=model"]])(
    "%s is a 400",
    async (extra) => {
      const response = await get(ANTHROPIC_COST_PATH, `${MAY}&${extra}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        type: "error",
        error: { type: "invalid_request_error" },
      });
    },
  );

  test("late data: a cost row added for a synced day shows on the next fetch", async () => {
    const query = "starting_at=2025-05-04T00:00:00Z&ending_at=2025-05-05T00:00:00Z";
    const amount = async () =>
      ((await (await get(ANTHROPIC_COST_PATH, query)).json()) as CostPage).data[0]?.results[0]
        ?.amount;
    const before = String(await amount());
    fake.state.costs.push(costRow("2025-05-04", "0.00001"));
    expect(await amount()).toBe(sumDecimalStrings([before, "0.00001"]));
  });
});

describe("faults", () => {
  test.each([
    [{ status: 429, retryAfter: 7 }, 429, "rate_limit_error", "7"],
    [{ status: 429 }, 429, "rate_limit_error", null],
    [{ status: 529 }, 529, "overloaded_error", null],
    [{ status: 500 }, 500, "api_error", null],
    [{ status: 504 }, 504, "timeout_error", null],
  ] satisfies [AnthropicFault, number, string, string | null][])(
    "%j answers once in the error envelope, then the next request succeeds",
    async (fault, status, type, retryAfter) => {
      fake.state.faults.push(fault);
      const faulted = await get(ANTHROPIC_USAGE_PATH, MAY);
      const next = await get(ANTHROPIC_USAGE_PATH, MAY);
      expect(faulted.status).toBe(status);
      expect(faulted.headers.get("retry-after")).toBe(retryAfter);
      expect(faulted.headers.get("request-id")).toMatch(/^req_/);
      expect(await faulted.json()).toMatchObject({
        type: "error",
        error: { type },
        request_id: expect.stringMatching(/^req_/),
      });
      expect(next.status).toBe(200);
      expect(fake.state.requests.map((request) => request.fault)).toEqual([String(status), null]);
    },
  );

  test("a spend cap is a 429 without retry-after and with enforced_spend_limit_reached", async () => {
    fake.state.faults.push({ status: 429, spendCap: true });
    const response = await get(ANTHROPIC_COST_PATH, MAY);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBeNull();
    expect(await response.json()).toMatchObject({
      error: { type: "rate_limit_error", details: { error_code: "enforced_spend_limit_reached" } },
    });
  });

  test("malformed JSON is a 200 whose body does not parse", async () => {
    fake.state.faults.push({ malformedJson: true });
    const response = await get(ANTHROPIC_USAGE_PATH, MAY);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text.startsWith('{"data":[')).toBe(true);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  test("a wrong shape is a 200 with valid JSON and no data array", async () => {
    fake.state.faults.push({ wrongShape: true });
    const body = await (await get(ANTHROPIC_USAGE_PATH, MAY)).json();
    expect(body).not.toHaveProperty("data");
    expect(body).toHaveProperty("has_more", "no");
  });

  test("a fault with a path waits for that endpoint, and times repeats it", async () => {
    fake.state.faults.push({ status: 500, path: ANTHROPIC_COST_PATH, times: 2 });
    const statuses = [];
    for (const path of [
      ANTHROPIC_USAGE_PATH,
      ANTHROPIC_COST_PATH,
      ANTHROPIC_COST_PATH,
      ANTHROPIC_COST_PATH,
    ]) {
      statuses.push((await get(path, MAY)).status);
    }
    expect(statuses).toEqual([200, 500, 500, 200]);
    expect(fake.state.faults).toEqual([]);
  });

  test("a delay holds the answer back", async () => {
    fake.state.faults.push({ delayMs: 150 });
    const started = performance.now();
    const response = await get(ANTHROPIC_USAGE_PATH, MAY);
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});
