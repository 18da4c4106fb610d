/**
 * The OpenAPI 3.1 description of the HTTP API, served without auth at `/api/openapi.json`.
 *
 * Hand-written as data (no schema generator): every route under /api/v1 with its method,
 * parameters and a short description, the two ways to authenticate, and the one error
 * envelope. A test walks the Hono app's registered routes and fails when one is missing here,
 * so adding a route means adding it to ROUTES below.
 */
import { Hono } from "hono";
import { CONFIDENCE, CONFIDENCE_LABELS } from "../core/enums.ts";
import { PROVIDER_IDS } from "../providers/registry.ts";
import { USAGE_SORTS } from "../services/usage-list.ts";
import { GROUP_DIMENSIONS } from "../storage/usage-repository.ts";
import { CSRF_HEADER, SESSION_COOKIE } from "./session.ts";

type Method = "get" | "post" | "put" | "patch" | "delete";
type JsonSchema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: "query" | "path" | "header";
  required?: boolean;
  description?: string;
  schema: JsonSchema;
  /** For query parameters that may repeat (`?group_by=a&group_by=b`). */
  explode?: boolean;
}

interface RouteSpec {
  method: Method;
  /** OpenAPI form: `/api/v1/accounts/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  query?: Parameter[];
  /** A JSON request body: its schema and whether it may be left out. */
  body?: { schema: JsonSchema; optional?: boolean };
  /** The success status and its response schema. */
  status?: number;
  response?: JsonSchema;
  /** Other media types than JSON for the success response (exports). */
  produces?: string[];
  /** No credentials needed. */
  public?: boolean;
}

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const object: JsonSchema = { type: "object", additionalProperties: true };
const text = (description?: string): JsonSchema => ({
  type: "string",
  ...(description ? { description } : {}),
});
const date: JsonSchema = { type: "string", format: "date", description: "UTC date YYYY-MM-DD" };
const month: JsonSchema = { type: "string", pattern: "^\\d{4}-\\d{2}$", description: "YYYY-MM" };
const decimal = ref("Decimal");

const q = (name: string, schema: JsonSchema, description?: string): Parameter => ({
  name,
  in: "query",
  schema,
  ...(description ? { description } : {}),
});

const provider = { type: "string", enum: [...PROVIDER_IDS] };
const confidence = { type: "string", enum: [...CONFIDENCE] };

/** The filters `/usage`, `/reports/summary` and the exports share. */
const recordFilters: Parameter[] = [
  q("from", date, "first day, inclusive"),
  q("to", date, "last day, exclusive"),
  q("provider", provider),
  q("account_id", text()),
  q("model", text()),
  q("project", text()),
  q("confidence", confidence),
];
const groupBy: Parameter = {
  ...q(
    "group_by",
    { type: "array", items: { type: "string", enum: [...GROUP_DIMENSIONS, "account", "day"] } },
    "dimensions to group by; repeat the parameter or separate with commas",
  ),
  explode: true,
};
const exportFormat = q("format", { type: "string", enum: ["csv", "json"], default: "csv" });

/** Every route, in the order of src/server/app.ts. */
export const ROUTES: readonly RouteSpec[] = [
  // Session (dashboard sign-in).
  {
    method: "post",
    path: "/api/v1/session",
    tag: "session",
    summary: "Sign in with the admin token",
    description:
      "Checks the admin token (constant time) and sets the `tl_session` cookie (HttpOnly, SameSite=Strict, Secure over https) and the readable `tl_csrf` cookie. State-changing calls made with the cookie must send the CSRF token in `x-tokenledger-csrf`. Sessions expire after 12 h without use and live in the server's memory.",
    public: true,
    body: { schema: ref("SignIn") },
    response: ref("SessionCreated"),
  },
  {
    method: "get",
    path: "/api/v1/session",
    tag: "session",
    summary: "Who is asking: 200 when authenticated (bearer or session), else 401",
    response: ref("SessionStatus"),
  },
  {
    method: "delete",
    path: "/api/v1/session",
    tag: "session",
    summary: "Sign out: forgets the session and clears its cookies",
    description:
      "Needs no credentials (an expired session can still clear its cookies); a live session must send its CSRF token.",
    public: true,
    response: {
      type: "object",
      properties: { authenticated: { const: false } },
      required: ["authenticated"],
    },
  },
  // Overview.
  {
    method: "get",
    path: "/api/v1/overview",
    tag: "reports",
    summary: "The dashboard overview for the current month, aggregated on the server",
    description:
      "Month-to-date and last month's spend, a forecast (month-to-date ÷ days elapsed × days in month, exact, rounded half-even once to the nano-dollar), spend per day and provider, totals per confidence, top 5 models and projects, unpriced records and failing syncs. Official data wins over estimates and reconciliations apply, as in /reports/summary.",
    query: [q("today", date, "the as-of day; defaults to today (UTC)")],
    response: ref("Overview"),
  },
  // Accounts and their price overrides.
  {
    method: "get",
    path: "/api/v1/accounts/{id}/prices",
    tag: "prices",
    summary: "List an account's price overrides",
  },
  {
    method: "post",
    path: "/api/v1/accounts/{id}/prices",
    tag: "prices",
    summary: "Add a price override (a discount, or per-model prices) with effective dates",
    body: { schema: object },
    status: 201,
  },
  {
    method: "delete",
    path: "/api/v1/accounts/{id}/prices/{overrideId}",
    tag: "prices",
    summary: "Remove a price override",
  },
  {
    method: "get",
    path: "/api/v1/accounts",
    tag: "accounts",
    summary: "List accounts with their sync status",
  },
  {
    method: "post",
    path: "/api/v1/accounts",
    tag: "accounts",
    summary: "Add an account; an admin key is verified with the provider first",
    body: {
      schema: {
        type: "object",
        properties: {
          provider,
          name: text(),
          admin_key: text(),
          base_url: text(),
          sync_schedule: text("cron"),
        },
        required: ["provider", "name"],
      },
    },
    status: 201,
  },
  {
    method: "get",
    path: "/api/v1/accounts/{id}",
    tag: "accounts",
    summary: "One account with its sync status",
  },
  {
    method: "patch",
    path: "/api/v1/accounts/{id}",
    tag: "accounts",
    summary: "Rename, rotate the admin key, change the base URL or the sync schedule",
    body: { schema: object },
  },
  {
    method: "delete",
    path: "/api/v1/accounts/{id}",
    tag: "accounts",
    summary: "Remove an account; with usage records only with force=true, which deletes them",
    query: [q("force", { type: "boolean" })],
  },
  {
    method: "post",
    path: "/api/v1/accounts/{id}/sync",
    tag: "sync",
    summary: "Pull official usage and cost now",
    body: {
      schema: { type: "object", properties: { from: date, to: date } },
      optional: true,
    },
  },
  {
    method: "get",
    path: "/api/v1/accounts/{id}/sync-runs",
    tag: "sync",
    summary: "The account's last 50 sync runs, newest first",
    description:
      '`{"runs":[…]}`. A run still going has `outcome: "running"` and `progress`: `days_total` (days in its window), `endpoints` (`[{endpoint, days_done}]`, days fully fetched and stored per endpoint) and `done` of `total` endpoint-days; its `records`, `inserted`, `updated` and `unchanged` count what is stored so far (updated at each checkpoint). Poll it while `POST …/sync` is in flight to show live progress. A finished run has `progress: null`.',
  },
  // Prices and keys.
  {
    method: "get",
    path: "/api/v1/prices",
    tag: "prices",
    summary: "The price catalog, or the prices in effect on a date",
    query: [q("provider", provider), q("at", date)],
  },
  {
    method: "get",
    path: "/api/v1/prices/overrides",
    tag: "prices",
    summary: "Every account's price overrides, with the account's name and provider",
    response: {
      type: "object",
      properties: {
        overrides: {
          type: "array",
          items: {
            type: "object",
            properties: {
              id: text(),
              account_id: text(),
              account_name: text(),
              account_provider: provider,
              kind: { type: "string", enum: ["discount", "model_prices"] },
              model: { type: ["string", "null"] },
              service_tier: { type: ["string", "null"] },
              percent: { type: ["string", "null"] },
              prices: {
                type: ["object", "null"],
                additionalProperties: { type: "string" },
                description: "USD per million tokens, decimal strings",
              },
              effective_from: date,
              effective_to: { type: ["string", "null"], format: "date", description: "exclusive" },
              note: { type: ["string", "null"] },
              created_at: { type: "string", format: "date-time" },
            },
          },
        },
      },
      required: ["overrides"],
    },
  },
  {
    method: "get",
    path: "/api/v1/prices/unpriced",
    tag: "prices",
    summary: "Models with unpriced records: how many, over which days, in which accounts",
    description:
      "Counted in SQL over every stored record. `counted_records` are those that count in totals (the rest are estimates superseded by official data or a reconciliation). `catalog_model` is set when the catalog knows the model: its records are then dated outside every price window or carried no usage. Fix with an override price for the account or a catalog update, then POST /prices/recompute.",
    response: {
      type: "object",
      properties: {
        models: {
          type: "array",
          items: {
            type: "object",
            properties: {
              provider: text(),
              model: { type: ["string", "null"] },
              catalog_model: { type: ["string", "null"] },
              records: { type: "integer" },
              counted_records: { type: "integer" },
              first_date: date,
              last_date: date,
              accounts: {
                type: "array",
                items: {
                  type: "object",
                  properties: {
                    account_id: text(),
                    account_name: { type: ["string", "null"] },
                    records: { type: "integer" },
                    counted_records: { type: "integer" },
                    first_date: date,
                    last_date: date,
                  },
                },
              },
            },
          },
        },
        total_records: { type: "integer" },
        total_counted_records: { type: "integer" },
      },
      required: ["models", "total_records", "total_counted_records"],
    },
  },
  {
    method: "post",
    path: "/api/v1/prices/quote",
    tag: "prices",
    summary: "The exact cost of a usage, with the price entry and a breakdown",
    body: { schema: object },
  },
  {
    method: "post",
    path: "/api/v1/prices/recompute",
    tag: "prices",
    summary: "Reprice table-priced records; old and new totals; writes only with apply",
    body: {
      schema: {
        type: "object",
        properties: {
          from: date,
          to: date,
          account_id: text(),
          provider,
          apply: { type: "boolean" },
        },
      },
    },
  },
  { method: "get", path: "/api/v1/keys", tag: "keys", summary: "List ingest API keys" },
  {
    method: "post",
    path: "/api/v1/keys",
    tag: "keys",
    summary: "Create an ingest API key (shown once)",
    body: { schema: object },
    status: 201,
  },
  { method: "delete", path: "/api/v1/keys/{id}", tag: "keys", summary: "Revoke an API key" },
  // Manual entries and recurring plans.
  {
    method: "post",
    path: "/api/v1/usage/manual",
    tag: "manual",
    summary: "Add a Manual Entry",
    body: { schema: object },
    status: 201,
  },
  {
    method: "get",
    path: "/api/v1/usage/manual",
    tag: "manual",
    summary: "List manual entries",
    query: [
      q("account_id", text()),
      q("from", date),
      q("to", date),
      q("kind", { type: "string", enum: ["entry", "recurring"] }),
    ],
  },
  {
    method: "patch",
    path: "/api/v1/usage/manual/{id}",
    tag: "manual",
    summary: "Edit a manual entry (audited)",
    body: { schema: object },
  },
  {
    method: "delete",
    path: "/api/v1/usage/manual/{id}",
    tag: "manual",
    summary: "Remove a manual entry (audited)",
  },
  {
    method: "get",
    path: "/api/v1/usage/manual/{id}/history",
    tag: "manual",
    summary: "A manual entry's audit trail",
  },
  {
    method: "post",
    path: "/api/v1/recurring",
    tag: "manual",
    summary: "Add a recurring seat plan (seats × price every month)",
    body: { schema: object },
    status: 201,
  },
  {
    method: "get",
    path: "/api/v1/recurring",
    tag: "manual",
    summary: "List recurring plans",
    query: [q("account_id", text())],
  },
  { method: "get", path: "/api/v1/recurring/{id}", tag: "manual", summary: "One recurring plan" },
  {
    method: "patch",
    path: "/api/v1/recurring/{id}",
    tag: "manual",
    summary: "Change seats or price from a month on",
    body: { schema: object },
  },
  {
    method: "post",
    path: "/api/v1/recurring/{id}/stop",
    tag: "manual",
    summary: "Stop a recurring plan after a month",
    body: { schema: { type: "object", properties: { end_month: month } }, optional: true },
  },
  {
    method: "get",
    path: "/api/v1/recurring/{id}/history",
    tag: "manual",
    summary: "A recurring plan's audit trail",
  },
  // Credits.
  {
    method: "post",
    path: "/api/v1/accounts/{id}/credits",
    tag: "credits",
    summary: "Record a prepaid-credit purchase or top-up",
    body: {
      schema: {
        type: "object",
        properties: {
          amount: decimal,
          date,
          kind: { type: "string", enum: ["purchase", "top_up"] },
          note: text(),
        },
        required: ["amount"],
      },
    },
    status: 201,
  },
  {
    method: "get",
    path: "/api/v1/accounts/{id}/credits",
    tag: "credits",
    summary: "An account's credits with the balance status",
    query: [q("as_of", date), q("warn_days", { type: "integer", minimum: 0 })],
  },
  {
    method: "get",
    path: "/api/v1/accounts/{id}/credits/status",
    tag: "credits",
    summary: "Balance, burn per day, days left and run-out date",
    query: [q("as_of", date), q("warn_days", { type: "integer", minimum: 0 })],
  },
  // Import and export.
  {
    method: "post",
    path: "/api/v1/import",
    tag: "transfer",
    summary: "Import a CSV: every row checked first, all or nothing (dry_run to preview)",
    body: {
      schema: {
        type: "object",
        properties: {
          csv: text(),
          preset: text(),
          mapping: object,
          defaults: object,
          dry_run: { type: "boolean" },
        },
        required: ["csv"],
      },
    },
  },
  {
    method: "get",
    path: "/api/v1/export/records",
    tag: "transfer",
    summary: "Every matching record with every field, streamed as CSV or JSON",
    query: [
      ...recordFilters,
      q(
        "sort",
        { type: "string", enum: [...USAGE_SORTS], default: "-timestamp" },
        "as for GET /api/v1/usage",
      ),
      exportFormat,
    ],
    produces: ["text/csv", "application/json"],
  },
  {
    method: "get",
    path: "/api/v1/export/report",
    tag: "transfer",
    summary: "The report summary as CSV or JSON",
    query: [...recordFilters, groupBy, exportFormat],
    produces: ["text/csv", "application/json"],
  },
  // Usage.
  {
    method: "get",
    path: "/api/v1/usage",
    tag: "usage",
    summary: "Records newest first (or in another sort), a page at a time",
    query: [
      ...recordFilters,
      q(
        "sort",
        { type: "string", enum: [...USAGE_SORTS], default: "-timestamp" },
        "a field, descending with a leading -; ties by id in the same direction; unpriced records last in both cost orders",
      ),
      q("limit", { type: "integer", minimum: 1, maximum: 1000, default: 100 }),
      q("cursor", text("next_cursor of the previous page, with the same sort")),
    ],
    response: {
      type: "object",
      properties: {
        records: { type: "array", items: ref("UsageRecord") },
        next_cursor: { type: ["string", "null"] },
      },
    },
  },
  {
    method: "post",
    path: "/api/v1/usage",
    tag: "usage",
    summary: "Ingest a batch of up to 10,000 records, all or nothing, idempotent",
    body: {
      schema: {
        type: "object",
        properties: { records: { type: "array", items: ref("UsageRecord"), maxItems: 10000 } },
        required: ["records"],
      },
    },
    response: {
      type: "object",
      properties: {
        received: { type: "integer" },
        inserted: { type: "integer" },
        updated: { type: "integer" },
        unchanged: { type: "integer" },
      },
    },
  },
  // Reports.
  {
    method: "get",
    path: "/api/v1/reports/estimate-gaps",
    tag: "reports",
    summary: "Captured estimates next to official figures per account and day",
    query: [q("from", date), q("to", date), q("account_id", text())],
  },
  {
    method: "get",
    path: "/api/v1/reports/summary",
    tag: "reports",
    summary: "Exact spend and tokens over a date range, grouped by any dimensions",
    query: [...recordFilters, groupBy],
    response: ref("Summary"),
  },
  // Reconciliations.
  {
    method: "get",
    path: "/api/v1/reconciliations",
    tag: "reconciliations",
    summary: "Reconciliations with their live status (current, stale, undone)",
    query: [q("account_id", text()), q("period", month)],
  },
  {
    method: "get",
    path: "/api/v1/reconciliations/estimate",
    tag: "reconciliations",
    summary: "An account's estimate for a month, per API key, and its months with usage",
    description:
      "What a reconciliation of the month compares the billed amount with (every record of the month except reconciliation adjustments and estimates official data replaces), split by API key suffix, with the count of unpriced records left out, and the account's 24 most recent months that have usage.",
    query: [
      { ...q("account_id", text()), required: true },
      { ...q("period", month), required: true },
    ],
  },
  {
    method: "post",
    path: "/api/v1/reconciliations",
    tag: "reconciliations",
    summary: "Set a month to what the provider billed (201; 200 for a dry run preview)",
    body: {
      schema: {
        type: "object",
        properties: {
          account_id: text(),
          period: month,
          amount: decimal,
          note: text(),
          api_key_suffix: text(),
          dry_run: { type: "boolean" },
        },
        required: ["account_id", "period", "amount"],
      },
    },
    status: 201,
  },
  {
    method: "post",
    path: "/api/v1/reconciliations/{id}/undo",
    tag: "reconciliations",
    summary: "Undo a reconciliation",
  },
];

/** Routes outside /api/v1 that the document also describes. */
const SERVICE_ROUTES: readonly RouteSpec[] = [
  {
    method: "get",
    path: "/healthz",
    tag: "service",
    summary: "Liveness and database check",
    public: true,
  },
  {
    method: "get",
    path: "/api/openapi.json",
    tag: "service",
    summary: "This document",
    public: true,
  },
];

const SAFE_METHODS = new Set<Method>(["get"]);

function operation(route: RouteSpec) {
  const pathParams: Parameter[] = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name: name ?? "",
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  const parameters = [...pathParams, ...(route.query ?? [])];
  const status = String(route.status ?? 200);
  const content: Record<string, { schema: JsonSchema }> = {
    "application/json": { schema: route.response ?? object },
  };
  for (const type of route.produces ?? []) content[type] ??= { schema: { type: "string" } };
  return {
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    operationId: `${route.method}${route.path
      .replace(/^\/api\/v1/, "")
      .replace(/\{(\w+)\}/g, "by-$1")
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((p) => p[0]?.toUpperCase() + p.slice(1))
      .join("")}`,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: !route.body.optional,
            content: { "application/json": { schema: route.body.schema } },
          },
        }
      : {}),
    ...(route.public
      ? { security: [] }
      : SAFE_METHODS.has(route.method)
        ? { security: [{ bearerAuth: [] }, { sessionCookie: [] }] }
        : { security: [{ bearerAuth: [] }, { sessionCookie: [], csrfHeader: [] }] }),
    responses: {
      [status]: { description: "success", content },
      default: { $ref: "#/components/responses/Error" },
    },
  };
}

function buildPaths(routes: readonly RouteSpec[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method] = operation(route);
  }
  return paths;
}

const confidenceShares: JsonSchema = {
  type: "object",
  properties: {
    level: { type: "string", enum: [...CONFIDENCE, "mixed", "none"] },
    label: text("Official, Estimated, Reconciled, Manual Entry, Mixed or No spend"),
    shares: {
      type: "array",
      items: {
        type: "object",
        properties: {
          confidence,
          label: text(),
          total_cost: decimal,
          share: { type: ["string", "null"], description: "fraction of the total, 4 decimals" },
        },
      },
    },
  },
  required: ["level", "label", "shares"],
};

const SCHEMAS: Record<string, JsonSchema> = {
  Decimal: {
    type: "string",
    pattern: "^-?\\d+\\.\\d+$",
    description: "An exact USD amount as a decimal string (never a JSON number)",
    examples: ["12.50", "0.000123"],
  },
  ErrorEnvelope: {
    type: "object",
    properties: {
      error: {
        type: "object",
        properties: {
          code: text("e.g. unauthorized, csrf_failed, validation_error, not_found"),
          message: text(),
          details: {
            type: "array",
            items: {
              type: "object",
              properties: { field: text(), message: text(), index: { type: "integer" } },
              required: ["field", "message"],
            },
          },
        },
        required: ["code", "message", "details"],
      },
    },
    required: ["error"],
  },
  SignIn: {
    type: "object",
    properties: { token: text("the admin token") },
    required: ["token"],
    additionalProperties: false,
  },
  SessionCreated: {
    type: "object",
    properties: {
      authenticated: { const: true },
      csrf_token: text(`send it as ${CSRF_HEADER} on POST, PUT, PATCH and DELETE`),
      expires_at: { type: "string", format: "date-time" },
    },
    required: ["authenticated", "csrf_token", "expires_at"],
  },
  SessionStatus: {
    type: "object",
    properties: {
      authenticated: { const: true },
      method: { type: "string", enum: ["bearer", "session"] },
      csrf_token: text("with a session only"),
      expires_at: { type: "string", format: "date-time", description: "with a session only" },
    },
    required: ["authenticated", "method"],
  },
  UsageRecord: {
    type: "object",
    description: "A usage record on the wire (docs/usage-records.md)",
    properties: {
      id: text(),
      account_id: text(),
      provider,
      timestamp: { type: "string", format: "date-time" },
      date,
      bucket: { type: "string", enum: ["request", "1m", "1h", "1d", "month"] },
      model: { type: ["string", "null"] },
      prompt_tokens: { type: "integer" },
      completion_tokens: { type: "integer" },
      total_tokens: { type: "integer" },
      total_cost: { oneOf: [decimal, { type: "null" }], description: "null when unpriced" },
      currency: { const: "USD" },
      confidence,
      source: text(),
      project: { type: ["string", "null"] },
      metadata: object,
      idempotency_key: text(),
    },
    additionalProperties: true,
  },
  Summary: {
    type: "object",
    properties: {
      from: { type: ["string", "null"] },
      to: { type: ["string", "null"] },
      group_by: { type: "array", items: text() },
      total_cost: decimal,
      currency: { const: "USD" },
      unpriced_records: { type: "integer" },
      records: { type: "integer" },
      confidence: ref("PeriodConfidence"),
      groups: { type: "array", items: object },
    },
  },
  PeriodConfidence: confidenceShares,
  Overview: {
    type: "object",
    properties: {
      currency: { const: "USD" },
      today: date,
      month,
      month_to_date: decimal,
      last_month: decimal,
      forecast_month_end: decimal,
      days_elapsed: { type: "integer" },
      days_in_month: { type: "integer" },
      providers: { type: "array", items: text() },
      daily: {
        type: "array",
        description: "every day from the 1st through today, days without spend included",
        items: {
          type: "object",
          properties: {
            date,
            providers: { type: "object", additionalProperties: decimal },
            total: decimal,
          },
          required: ["date", "providers", "total"],
        },
      },
      by_confidence: {
        allOf: [
          ref("PeriodConfidence"),
          {
            type: "object",
            properties: {
              totals: {
                type: "array",
                description: `one per level: ${CONFIDENCE.map((c) => CONFIDENCE_LABELS[c]).join(", ")}`,
                items: {
                  type: "object",
                  properties: {
                    confidence,
                    label: text(),
                    total_cost: decimal,
                    records: { type: "integer" },
                    unpriced_records: { type: "integer" },
                  },
                },
              },
            },
          },
        ],
      },
      top_models: {
        type: "array",
        items: {
          type: "object",
          properties: {
            model: { type: ["string", "null"] },
            provider: text(),
            total_cost: decimal,
            records: { type: "integer" },
            total_tokens: { type: "integer" },
          },
        },
      },
      top_projects: {
        type: "array",
        items: {
          type: "object",
          properties: {
            project: { type: ["string", "null"] },
            total_cost: decimal,
            records: { type: "integer" },
          },
        },
      },
      unpriced_records: { type: "integer" },
      records: { type: "integer" },
      sync_errors: {
        type: "array",
        items: {
          type: "object",
          properties: {
            account_id: text(),
            name: text(),
            provider: text(),
            error_class: text("auth, rate_limit, billing, transient, bad_response …"),
            message: { type: ["string", "null"] },
            since: { type: ["string", "null"], format: "date-time" },
            paused_reason: { type: ["string", "null"] },
          },
        },
      },
    },
  },
};

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "TokenLedger API",
    version: "1",
    description:
      'One ledger of AI API spend. JSON, snake_case; money is exact decimal strings in USD. Every error is `{"error":{"code","message","details"}}`.',
  },
  servers: [{ url: "/" }],
  tags: [
    "session",
    "accounts",
    "sync",
    "prices",
    "keys",
    "usage",
    "manual",
    "credits",
    "reports",
    "reconciliations",
    "transfer",
    "service",
  ].map((name) => ({ name })),
  paths: buildPaths([...ROUTES, ...SERVICE_ROUTES]),
  components: {
    securitySchemes: {
      bearerAuth: {
        type: "http",
        scheme: "bearer",
        description: "The admin token: Authorization: Bearer <token>. No CSRF token needed.",
      },
      sessionCookie: {
        type: "apiKey",
        in: "cookie",
        name: SESSION_COOKIE,
        description: "The dashboard session from POST /api/v1/session.",
      },
      csrfHeader: {
        type: "apiKey",
        in: "header",
        name: CSRF_HEADER,
        description:
          "With the session cookie, POST, PUT, PATCH and DELETE must send the session's CSRF token (also in the tl_csrf cookie); else 403 csrf_failed.",
      },
    },
    responses: {
      Error: {
        description:
          "An error: 400 validation_error, 401 unauthorized, 403 csrf_failed, 404 not_found, 409 conflict, 413 payload_too_large, 500 internal_error",
        content: { "application/json": { schema: ref("ErrorEnvelope") } },
      },
    },
    schemas: SCHEMAS,
  },
} as const;

/** GET /api/openapi.json, no auth. */
export function openApiRoutes() {
  return new Hono().get("/openapi.json", (c) => c.json(openApiDocument));
}
