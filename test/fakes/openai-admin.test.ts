import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { sumDecimalStrings } from "./exact-decimal.ts";
import {
  DEFAULT_OPENAI_ADMIN_KEY,
  type FakeOpenAIAdmin,
  OPENAI_COSTS_PATH,
  OPENAI_USAGE_PATH,
  type OpenAIFault,
  startFakeOpenAIAdmin,
} from "./openai-admin.ts";
import { openAICostRowsFromUsage, openAIUsageRow, seedOpenAIMonth } from "./openai-seed.ts";
import { allPages, must } from "./test-client.ts";

const seed = seedOpenAIMonth({ month: "2025-06" });
const JUNE_START = Date.UTC(2025, 5, 1) / 1000;
const JULY_START = Date.UTC(2025, 6, 1) / 1000;
const JUNE = `start_time=${JUNE_START}&end_time=${JULY_START}`;

interface Page {
  object: "page";
  data: {
    object: "bucket";
    start_time: number;
    end_time: number;
    results: Record<string, unknown>[];
  }[];
  has_more: boolean;
  next_page: string | null;
}

let fake: FakeOpenAIAdmin;

function get(path: string, query: string, key: string | null = DEFAULT_OPENAI_ADMIN_KEY) {
  const headers: Record<string, string> = key === null ? {} : { authorization: `Bearer ${key}` };
  return fetch(`${fake.url}${path}?${query}`, { headers });
}

const pagesOf = (path: string, query: string) =>
  allPages<Page>((pageQuery) => get(path, pageQuery), query);

const day = (date: string) =>
  `start_time=${Date.parse(`${date}T00:00:00Z`) / 1000}&end_time=${Date.parse(`${date}T00:00:00Z`) / 1000 + 86_400}`;

beforeAll(async () => {
  fake = await startFakeOpenAIAdmin();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.state.usage = structuredClone(seed.usage);
  fake.state.costs = structuredClone(seed.costs);
  fake.state.faults = [];
  fake.state.requests = [];
  fake.state.adminKeys = [DEFAULT_OPENAI_ADMIN_KEY];
});

describe("auth", () => {
  test.each([
    ["no header", null, 401, "invalid_request_error", null],
    ["an unknown admin key", "sk-admin-unknown", 401, "invalid_request_error", "invalid_api_key"],
    ["a project key", "sk-proj-abc", 403, "invalid_request_error", "insufficient_permissions"],
  ])("%s is refused in OpenAI's error envelope", async (_name, key, status, type, code) => {
    const response = await get(OPENAI_USAGE_PATH, JUNE, key);
    expect(response.status).toBe(status);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect(await response.json()).toEqual({
      error: { message: expect.any(String), type, code, param: null },
    });
    expect(fake.state.requests).toMatchObject([{ authorized: false, status }]);
  });

  test("a revoked key gets 401 and no key is ever logged", async () => {
    const before = await get(OPENAI_COSTS_PATH, JUNE);
    fake.state.revokeKey(DEFAULT_OPENAI_ADMIN_KEY);
    const after = await get(OPENAI_COSTS_PATH, JUNE);
    expect([before.status, after.status]).toEqual([200, 401]);
    expect(JSON.stringify(fake.state.requests)).not.toMatch(/sk-admin/);
  });
});

describe("completions usage", () => {
  test.each([
    ["1d", "", 86_400, 30, 5],
    ["1h", "&limit=168", 3_600, 720, 5],
  ])(
    "%s buckets%s: every bucket exactly once, in order",
    async (width, extra, step, buckets, pages) => {
      const got = await pagesOf(OPENAI_USAGE_PATH, `${JUNE}&bucket_width=${width}${extra}`);
      const starts = got.flatMap((page) => page.data.map((bucket) => bucket.start_time));
      expect(got).toHaveLength(pages);
      expect(starts).toHaveLength(buckets);
      expect(starts).toEqual(starts.map((_, index) => JUNE_START + index * step));
      expect(got.every((page) => page.object === "page")).toBe(true);
      expect(got.at(-1)).toMatchObject({ has_more: false, next_page: null });
    },
  );

  test("ungrouped results sum every seeded token with null dimensions", async () => {
    const got = await pagesOf(OPENAI_USAGE_PATH, JUNE);
    const results = got.flatMap((page) => page.data.flatMap((bucket) => bucket.results));
    expect(results).toHaveLength(30);
    expect(results.reduce((sum, result) => sum + Number(result.input_tokens), 0)).toBe(
      seed.usage.reduce((sum, row) => sum + row.input_tokens, 0),
    );
    expect(results[0]).toMatchObject({
      object: "organization.usage.completions.result",
      input_cached_tokens: expect.any(Number),
      project_id: null,
      user_id: null,
      api_key_id: null,
      model: null,
      batch: null,
      service_tier: null,
    });
  });

  test("group_by and group_by[] both group; other dimensions stay null", async () => {
    const response = await get(
      OPENAI_USAGE_PATH,
      `${day("2025-06-03")}&group_by=model&group_by[]=batch`,
    );
    const results = must(((await response.json()) as Page).data[0]).results;
    expect(results.map((result) => `${result.model}/${result.batch}`).sort()).toEqual([
      "gpt-4o-2024-08-06/false",
      "gpt-4o-mini-2024-07-18/false",
      "gpt-4o-mini-2024-07-18/true",
      "o3-2025-04-16/false",
      "o3-2025-04-16/true",
    ]);
    expect(results.every((result) => result.project_id === null && result.user_id === null)).toBe(
      true,
    );
  });

  test("empty buckets outside the seeded month come back with results: []", async () => {
    const response = await get(
      OPENAI_USAGE_PATH,
      `start_time=${JUNE_START - 2 * 86_400}&end_time=${JUNE_START + 86_400}`,
    );
    const page = (await response.json()) as Page;
    expect(page.data.map((bucket) => bucket.results.length)).toEqual([0, 0, 1]);
    expect(page.data[0]).toMatchObject({
      object: "bucket",
      start_time: JUNE_START - 2 * 86_400,
      end_time: JUNE_START - 86_400,
    });
  });

  test.each([
    ["bucket_width=1h&limit=169", "limit"],
    ["bucket_width=1d&limit=32", "limit"],
    ["bucket_width=1w", "bucket_width"],
    ["group_by=workspace_id", "group_by"],
    ["page=page_garbage", "page"],
  ])("%s is a 400 naming param %s", async (extra, param) => {
    const response = await get(OPENAI_USAGE_PATH, `${JUNE}&${extra}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { type: "invalid_request_error", param },
    });
  });

  test("late data: grown tokens and a new row show on the next fetch", async () => {
    const query = day("2025-06-12");
    const input = async () =>
      must(((await (await get(OPENAI_USAGE_PATH, query)).json()) as Page).data[0]?.results[0])
        .input_tokens;
    const before = Number(await input());
    must(
      fake.state.usage.find((row) => row.start_time === Date.parse("2025-06-12T08:00:00Z") / 1000),
    ).input_tokens += 40;
    fake.state.usage.push(
      openAIUsageRow({ start_time: Date.parse("2025-06-12T23:59:00Z") / 1000, input_tokens: 2 }),
    );
    expect(Number(await input()) - before).toBe(42);
  });
});

describe("costs", () => {
  test("paging June to the end sums exactly to the seeded dollars", async () => {
    const got = await pagesOf(OPENAI_COSTS_PATH, `${JUNE}&limit=7`);
    const values = got.flatMap((page) =>
      page.data.flatMap((bucket) => bucket.results.map((result) => result.amount)),
    );
    expect(got).toHaveLength(5);
    expect(values).toHaveLength(30);
    expect(values[0]).toEqual({ value: expect.stringMatching(/^\d+\.\d+$/), currency: "usd" });
    expect(sumDecimalStrings(values.map((amount) => (amount as { value: string }).value))).toBe(
      sumDecimalStrings(seed.costs.map((row) => row.value)),
    );
  });

  test("group_by=line_item&group_by=project_id fills both fields", async () => {
    const response = await get(
      OPENAI_COSTS_PATH,
      `${day("2025-06-02")}&group_by=line_item&group_by=project_id`,
    );
    const results = must(((await response.json()) as Page).data[0]).results;
    expect(results).toContainEqual({
      object: "organization.costs.result",
      amount: { value: expect.any(String), currency: "usd" },
      line_item: "o3-2025-04-16, batch cached input",
      project_id: "proj_seed_beta",
    });
    expect(results).toHaveLength(2 * (3 * 3 + 2 * 3));
  });

  test("values go out as JSON numbers only when every row of the group asks for it", async () => {
    fake.state.costs = [
      { date: "2025-06-01", project_id: "proj_a", line_item: "x", value: "0.5", valueAs: "number" },
      {
        date: "2025-06-01",
        project_id: "proj_a",
        line_item: "y",
        value: "0.25",
        valueAs: "number",
      },
      { date: "2025-06-01", project_id: "proj_b", line_item: "x", value: "0.1", valueAs: "number" },
      { date: "2025-06-01", project_id: "proj_b", line_item: "y", value: "0.2" },
      {
        date: "2025-06-01",
        project_id: "proj_c",
        line_item: "x",
        value: "0.123456789012345678",
        valueAs: "number",
      },
    ];
    const response = await get(OPENAI_COSTS_PATH, `${day("2025-06-01")}&group_by=project_id`);
    const text = await response.text();
    const results = must((JSON.parse(text) as Page).data[0]).results;
    expect(results.map((result) => result.amount)).toEqual([
      { value: 0.75, currency: "usd" },
      { value: "0.3", currency: "usd" },
      { value: 0.12345678901234568, currency: "usd" },
    ]);
    expect(text).toContain('"value":0.123456789012345678,');
  });

  test.each([
    ["limit=180", 200],
    ["limit=181", 400],
    ["limit=0", 400],
    ["bucket_width=1h", 400],
  ])("%s answers %s", async (extra, status) => {
    const response = await get(OPENAI_COSTS_PATH, `${JUNE}&${extra}`);
    expect(response.status).toBe(status);
  });

  test("o3 is priced at its old list price before 2025-06-10 and the new one from then", () => {
    const rows = openAICostRowsFromUsage([
      openAIUsageRow({
        start_time: Date.parse("2025-06-09T23:00:00Z") / 1000,
        model: "o3-2025-04-16",
        input_tokens: 1_000_000,
        input_cached_tokens: 200_000,
        output_tokens: 10,
      }),
      openAIUsageRow({
        start_time: Date.parse("2025-06-10T00:00:00Z") / 1000,
        model: "o3",
        batch: true,
        input_tokens: 1_000_000,
      }),
    ]);
    expect(rows.map((row) => [row.date, row.line_item, row.value])).toEqual([
      ["2025-06-09", "o3-2025-04-16, input", "8"],
      ["2025-06-09", "o3-2025-04-16, cached input", "0.5"],
      ["2025-06-09", "o3-2025-04-16, output", "0.0004"],
      ["2025-06-10", "o3, batch input", "1"],
    ]);
  });
});

describe("faults", () => {
  test.each([
    [{ status: 429, retryAfter: 3 }, 429, "requests", "rate_limit_exceeded", "3"],
    [{ status: 429, spendCap: true }, 429, "insufficient_quota", "insufficient_quota", null],
    [{ status: 500 }, 500, "server_error", null, null],
    [{ status: 503, retryAfter: 1 }, 503, "server_error", null, "1"],
  ] satisfies [OpenAIFault, number, string, string | null, string | null][])(
    "%j answers once in OpenAI's error envelope",
    async (fault, status, type, code, retryAfter) => {
      fake.state.faults.push({ ...fault, path: OPENAI_COSTS_PATH });
      const faulted = await get(OPENAI_COSTS_PATH, JUNE);
      const next = await get(OPENAI_COSTS_PATH, JUNE);
      expect(faulted.status).toBe(status);
      expect(faulted.headers.get("retry-after")).toBe(retryAfter);
      expect(await faulted.json()).toEqual({
        error: { message: expect.any(String), type, code, param: null },
      });
      expect(next.status).toBe(200);
    },
  );

  test("malformed JSON and a wrong shape are 200s a parser must refuse", async () => {
    fake.state.faults.push({ malformedJson: true }, { wrongShape: true });
    const malformed = await (await get(OPENAI_USAGE_PATH, JUNE)).text();
    const wrong = await (await get(OPENAI_USAGE_PATH, JUNE)).json();
    expect(() => JSON.parse(malformed)).toThrow(SyntaxError);
    expect(malformed.startsWith('{"object":"page"')).toBe(true);
    expect(wrong).toEqual({ object: "list", data: "n/a", has_more: "no" });
    expect(fake.state.requests.map((request) => request.fault)).toEqual([
      "malformed json",
      "wrong shape",
    ]);
  });
});
