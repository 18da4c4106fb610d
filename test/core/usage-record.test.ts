import { isDeepStrictEqual } from "node:util";
import { describe, expect, test } from "vitest";
import {
  parseWellFormedInput,
  usageRecordInputSchema,
  validateUsageRecord,
} from "../../src/core/usage-record.ts";

const BASE = {
  account_id: "acc_1",
  timestamp: "2025-03-01T10:00:00Z",
  model: "gpt-4.1",
  prompt_tokens: 1200,
  completion_tokens: 80,
  total_cost: "0.0012",
  idempotency_key: "req_1",
};

/** Values to try in every field: valid and invalid for one field or another. */
const PROBES: unknown[] = [
  undefined,
  null,
  "",
  "x",
  "x".repeat(5),
  "x".repeat(65),
  "x".repeat(201),
  "x".repeat(257),
  0,
  -0,
  1,
  42,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 53,
  "12",
  "012",
  "1.5",
  "-1",
  " 1",
  "1e3",
  "9007199254740993",
  true,
  [],
  {},
  { team: "a", nested: { deep: [1, 2] } },
  "USD",
  "usd",
  "groq",
  "perplexity",
  "1h",
  "request",
  "price_table",
  "manual",
  "official",
  "proxy",
  "admin_api",
];

const FIELDS = Object.keys(usageRecordInputSchema.shape);

function cases(): [string, unknown][] {
  const all: [string, unknown][] = [["base", BASE]];
  for (const field of FIELDS) {
    PROBES.forEach((probe, i) => {
      all.push([`${field} = probe ${i}`, { ...BASE, [field]: probe }]);
    });
  }
  all.push(
    ["not an object", "record"],
    ["null", null],
    ["an array", [BASE]],
    ["unknown field", { ...BASE, prompt_token: 5 }],
    ["unknown field, undefined", { ...BASE, prompt_token: undefined }],
    ["no account", { ...BASE, account_id: undefined }],
    ["own __proto__ key", JSON.parse(`{"account_id":"a","__proto__":{"x":1}}`)],
    ["metadata with __proto__", { ...BASE, metadata: JSON.parse(`{"a":1,"__proto__":{"x":1}}`) }],
    ["metadata with a symbol key", { ...BASE, metadata: { [Symbol("s")]: 1 } }],
    ["metadata of a class", { ...BASE, metadata: new Date(0) }],
    ["null prototype", Object.assign(Object.create(null), BASE)],
    ["metadata with a null prototype", { ...BASE, metadata: Object.create(null) }],
    ["a class instance", Object.assign(new (class Input {})(), BASE)],
  );
  return all;
}

describe("the well-formed fast path of usage record validation", () => {
  test("accepts only what the schema accepts, and returns what it returns", () => {
    const mismatches: string[] = [];
    for (const [name, input] of cases()) {
      const fast = parseWellFormedInput(input);
      const parsed = usageRecordInputSchema.safeParse(input);
      if (fast === null) {
        // Falls back to zod: inputs zod refuses, and shapes too rare to copy zod's rules for.
        if (parsed.success && name !== "a class instance") mismatches.push(`${name}: not taken`);
        continue;
      }
      if (!parsed.success) mismatches.push(`${name}: accepted, zod refuses`);
      else if (!isDeepStrictEqualIgnoringUndefined(fast, parsed.data)) {
        mismatches.push(`${name}: ${JSON.stringify(fast)} vs ${JSON.stringify(parsed.data)}`);
      }
      // Metadata is a copy, as zod's is: the caller's object is never shared with the record.
      const given = (input as { metadata?: unknown }).metadata;
      if (given && fast.metadata === given) mismatches.push(`${name}: metadata shared`);
    }
    expect(mismatches).toEqual([]);
  });

  test("metadata keys named __proto__ are dropped, as zod drops them", () => {
    const fast = parseWellFormedInput({
      ...BASE,
      metadata: JSON.parse(`{"a":1,"__proto__":{"x":1}}`),
    });
    expect(Object.keys(fast?.metadata ?? {})).toEqual(["a"]);
    expect(Object.getPrototypeOf(fast?.metadata)).toBe(Object.prototype);
  });

  test("a default metadata object is fresh for every record", () => {
    const a = parseWellFormedInput(BASE);
    const b = parseWellFormedInput(BASE);
    expect(a?.metadata).toEqual({});
    expect(a?.metadata).not.toBe(b?.metadata);
  });

  test("errors still come from the schema, worded as before", () => {
    const result = validateUsageRecord({ ...BASE, prompt_tokens: "1.5", bucket: "2h" }, 7);
    expect(result).toEqual({
      ok: false,
      errors: [
        { index: 7, field: "bucket", message: "must be one of request, 1m, 1h, 1d, month" },
        {
          index: 7,
          field: "prompt_tokens",
          message: 'must be a non-negative whole number, got "1.5"',
        },
      ],
    });
    expect(validateUsageRecord({ ...BASE, account_id: undefined }, 0)).toEqual({
      ok: false,
      errors: [{ index: 0, field: "account_id", message: "is required" }],
    });
  });

  test("counts sent as digit strings are numbers in the record", () => {
    const result = validateUsageRecord({ ...BASE, prompt_tokens: "1200", requests: "3" }, 0);
    expect(result).toMatchObject({ ok: true, record: { prompt_tokens: 1200, requests: 3 } });
  });
});

/** zod leaves out absent optional fields; the fast path sets them to undefined. */
function isDeepStrictEqualIgnoringUndefined(a: object, b: object): boolean {
  const defined = (o: object) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return isDeepStrictEqual(defined(a), defined(b));
}
