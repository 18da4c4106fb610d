import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  ANTHROPIC_COST_PATH,
  ANTHROPIC_USAGE_PATH,
  DEFAULT_ANTHROPIC_ADMIN_KEY,
  type FakeAnthropicAdmin,
  startFakeAnthropicAdmin,
} from "./anthropic-admin.ts";
import { anthropicUsageRow, seedAnthropicMonth } from "./anthropic-seed.ts";
import { allPages, must } from "./test-client.ts";

const seed = seedAnthropicMonth({ month: "2025-05" });
const MAY = "starting_at=2025-05-01T00:00:00Z&ending_at=2025-06-01T00:00:00Z";

interface Bucket {
  starting_at: string;
  ending_at: string;
  results: Record<string, unknown>[];
}
interface Page {
  data: Bucket[];
  has_more: boolean;
  next_page: string | null;
}

let fake: FakeAnthropicAdmin;

function get(
  path: string,
  query: string,
  headers: Record<string, string> = {
    "x-api-key": DEFAULT_ANTHROPIC_ADMIN_KEY,
    "anthropic-version": "2023-06-01",
  },
) {
  return fetch(`${fake.url}${path}?${query}`, { headers });
}

const pagesOf = (path: string, query: string) =>
  allPages<Page>((pageQuery) => get(path, pageQuery), query);

beforeAll(async () => {
  fake = await startFakeAnthropicAdmin({ now: () => new Date("2025-06-15T00:00:00Z") });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.state.usage = structuredClone(seed.usage);
  fake.state.costs = structuredClone(seed.costs);
  fake.state.faults = [];
  fake.state.requests = [];
  fake.state.adminKeys = [DEFAULT_ANTHROPIC_ADMIN_KEY];
});

describe("auth", () => {
  const version = { "anthropic-version": "2023-06-01" };
  test.each([
    ["no key", version, 401, "authentication_error"],
    [
      "an unknown key",
      { ...version, "x-api-key": "sk-ant-admin01-nope" },
      401,
      "authentication_error",
    ],
    ["a normal API key", { ...version, "x-api-key": "sk-ant-api03-abc" }, 403, "permission_error"],
    [
      "no anthropic-version",
      { "x-api-key": DEFAULT_ANTHROPIC_ADMIN_KEY },
      400,
      "invalid_request_error",
    ],
  ])("%s is refused in the documented error envelope", async (_name, headers, status, type) => {
    const response = await get(ANTHROPIC_USAGE_PATH, MAY, headers);
    const requestId = response.headers.get("request-id");
    expect(response.status).toBe(status);
    expect(requestId).toMatch(/^req_/);
    expect(await response.json()).toEqual({
      type: "error",
      error: { type, message: expect.any(String) },
      request_id: requestId,
    });
  });

  test("a revoked key works before and gets 401 after revocation", async () => {
    const before = await get(ANTHROPIC_USAGE_PATH, MAY);
    fake.state.revokeKey(DEFAULT_ANTHROPIC_ADMIN_KEY);
    const after = await get(ANTHROPIC_USAGE_PATH, MAY);
    expect(before.status).toBe(200);
    expect(after.status).toBe(401);
  });

  test("the request log keeps auth outcome, query and status but never the key", async () => {
    await get(ANTHROPIC_USAGE_PATH, `${MAY}&group_by[]=model&group_by[]=workspace_id`);
    await get(ANTHROPIC_USAGE_PATH, MAY, {
      "x-api-key": "sk-ant-api03-secret",
      "anthropic-version": "1",
    });
    expect(fake.state.requests).toMatchObject([
      {
        method: "GET",
        path: ANTHROPIC_USAGE_PATH,
        query: { "group_by[]": ["model", "workspace_id"] },
        authorized: true,
        status: 200,
        fault: null,
      },
      { authorized: false, status: 403 },
    ]);
    expect(fake.state.requests[0]?.time).toEqual(new Date("2025-06-15T00:00:00Z"));
    expect(JSON.stringify(fake.state.requests)).not.toMatch(/sk-ant-/);
  });
});

describe("usage report", () => {
  const month = "starting_at=2025-05-01T00:00:00Z&ending_at=2025-06-01T00:00:00Z";
  test.each([
    ["1d", month, 86_400_000, 31, 5],
    ["1h", month, 3_600_000, 744, 31],
    ["1h", `${month}&limit=168`, 3_600_000, 744, 5],
    [
      "1m",
      "starting_at=2025-05-01T00:00:00Z&ending_at=2025-05-01T05:00:00Z&limit=1440",
      60_000,
      300,
      1,
    ],
  ])("%s buckets of %s: every bucket exactly once", async (width, query, step, buckets, pages) => {
    const got = await pagesOf(ANTHROPIC_USAGE_PATH, `${query}&bucket_width=${width}`);
    const starts = got.flatMap((page) => page.data.map((bucket) => Date.parse(bucket.starting_at)));
    expect(got).toHaveLength(pages);
    expect(starts).toEqual(
      starts.map((_, index) => Date.parse("2025-05-01T00:00:00Z") + index * step),
    );
    expect(starts).toHaveLength(buckets);
    expect(got.at(-1)).toMatchObject({ has_more: false, next_page: null });
    expect(got.slice(0, -1).every((page) => page.has_more && page.next_page !== null)).toBe(true);
  });

  test("paged daily totals add up to the seeded tokens", async () => {
    const got = await pagesOf(ANTHROPIC_USAGE_PATH, MAY);
    const served = got
      .flatMap((page) => page.data.flatMap((bucket) => bucket.results))
      .reduce((sum, result) => sum + Number(result.output_tokens), 0);
    expect(served).toBe(seed.usage.reduce((sum, row) => sum + row.output_tokens, 0));
  });

  test("every bucket in the range is emitted, empty ones with results: []", async () => {
    const response = await get(
      ANTHROPIC_USAGE_PATH,
      "starting_at=2025-04-29T13:45:00Z&ending_at=2025-05-02T00:00:00Z",
    );
    const page = (await response.json()) as Page;
    expect(
      page.data.map((bucket) => [bucket.starting_at, bucket.ending_at, bucket.results.length]),
    ).toEqual([
      ["2025-04-29T00:00:00Z", "2025-04-30T00:00:00Z", 0],
      ["2025-04-30T00:00:00Z", "2025-05-01T00:00:00Z", 0],
      ["2025-05-01T00:00:00Z", "2025-05-02T00:00:00Z", 1],
    ]);
  });

  test("ungrouped results have null dimensions and summed token fields", async () => {
    const response = await get(
      ANTHROPIC_USAGE_PATH,
      "starting_at=2025-05-03T00:00:00Z&ending_at=2025-05-04T00:00:00Z",
    );
    const day = seed.usage.filter((row) => row.starting_at.startsWith("2025-05-03"));
    const sum = (pick: (row: (typeof day)[number]) => number) =>
      day.reduce((total, row) => total + pick(row), 0);
    expect(((await response.json()) as Page).data[0]?.results).toEqual([
      {
        uncached_input_tokens: sum((row) => row.uncached_input_tokens),
        cache_creation: {
          ephemeral_5m_input_tokens: sum((row) => row.cache_creation.ephemeral_5m_input_tokens),
          ephemeral_1h_input_tokens: sum((row) => row.cache_creation.ephemeral_1h_input_tokens),
        },
        cache_read_input_tokens: sum((row) => row.cache_read_input_tokens),
        output_tokens: sum((row) => row.output_tokens),
        server_tool_use: {
          web_search_requests: sum((row) => row.server_tool_use.web_search_requests),
        },
        model: null,
        workspace_id: null,
        api_key_id: null,
        service_tier: null,
        context_window: null,
      },
    ]);
  });

  test("group_by[] model and workspace_id fills those two dimensions only", async () => {
    const response = await get(
      ANTHROPIC_USAGE_PATH,
      "starting_at=2025-05-03T00:00:00Z&ending_at=2025-05-04T00:00:00Z&group_by[]=model&group_by[]=workspace_id",
    );
    const results = must(((await response.json()) as Page).data[0]).results;
    const sonnetDefault = seed.usage.filter(
      (row) =>
        row.starting_at.startsWith("2025-05-03") &&
        row.model === "claude-sonnet-4-5-20250929" &&
        row.workspace_id === null,
    );
    expect(results).toHaveLength(6);
    expect(results.map((result) => [result.model, result.workspace_id])).toContainEqual([
      "claude-sonnet-4-5-20250929",
      null,
    ]);
    expect(
      results.every((result) => result.api_key_id === null && result.service_tier === null),
    ).toBe(true);
    expect(
      results.find(
        (result) => result.model === "claude-sonnet-4-5-20250929" && result.workspace_id === null,
      ),
    ).toMatchObject({
      output_tokens: sonnetDefault.reduce((sum, row) => sum + row.output_tokens, 0),
    });
  });

  test("grouping by service_tier and context_window shows batch, priority and long context", async () => {
    const response = await get(
      ANTHROPIC_USAGE_PATH,
      `${MAY}&limit=31&group_by[]=service_tier&group_by[]=context_window`,
    );
    const pairs = ((await response.json()) as Page).data
      .flatMap((bucket) => bucket.results)
      .map((result) => `${result.service_tier}/${result.context_window}`);
    expect(new Set(pairs)).toEqual(
      new Set(["standard/0-200k", "batch/0-200k", "priority/0-200k", "standard/200k-1M"]),
    );
  });

  test.each([
    ["bucket_width=1d&limit=32"],
    ["bucket_width=1h&limit=169"],
    ["bucket_width=1m&limit=1441"],
    ["limit=0"],
    ["bucket_width=1w"],
    ["group_by=model"],
    ["group_by[]=project"],
    ["page=page_bm9wZQ"],
    ["ending_at=2025-05-01T00:00:00Z"],
  ])("%s is a 400 invalid_request_error", async (extra) => {
    const response = await get(ANTHROPIC_USAGE_PATH, `starting_at=2025-05-01T00:00:00Z&${extra}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: "invalid_request_error" } });
  });

  test("starting_at is required and must be RFC 3339", async () => {
    const missing = await get(ANTHROPIC_USAGE_PATH, "ending_at=2025-06-01T00:00:00Z");
    const loose = await get(ANTHROPIC_USAGE_PATH, "starting_at=2025-05-01");
    expect([missing.status, loose.status]).toEqual([400, 400]);
  });

  test("a cursor from the cost report is refused by the usage report", async () => {
    const cost = (await (await get(ANTHROPIC_COST_PATH, MAY)).json()) as Page;
    const response = await get(ANTHROPIC_USAGE_PATH, `${MAY}&page=${cost.next_page}`);
    expect(response.status).toBe(400);
  });

  test("late data: a grown bucket and a new row show on the next fetch", async () => {
    const query = "starting_at=2025-05-10T00:00:00Z&ending_at=2025-05-11T00:00:00Z";
    const first = (await (await get(ANTHROPIC_USAGE_PATH, query)).json()) as Page;
    const row = must(
      fake.state.usage.find((candidate) => candidate.starting_at === "2025-05-10T07:00:00Z"),
    );
    row.output_tokens += 1_000;
    fake.state.usage.push(
      anthropicUsageRow({ starting_at: "2025-05-10T23:00:00Z", output_tokens: 5 }),
    );
    const second = (await (await get(ANTHROPIC_USAGE_PATH, query)).json()) as Page;
    const output = (page: Page) => Number(page.data[0]?.results[0]?.output_tokens);
    expect(output(second) - output(first)).toBe(1_005);
  });
});
