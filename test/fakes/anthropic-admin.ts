/**
 * A fake Anthropic Admin API (providers.md §1): the Usage and Cost reports over real HTTP, with
 * the documented auth, errors, pagination and late data. Tests seed and mutate `state`.
 */

import {
  type AnthropicCostRow,
  type AnthropicUsageRow,
  costReport,
  usageReport,
} from "./anthropic-reports.ts";
import { BadRequest } from "./buckets.ts";
import { type Fault, faultLabel, takeFault, truncateBody } from "./faults.ts";
import {
  type FakeRequest,
  type FakeResponse,
  jsonResponse,
  type LoggedRequest,
  queryRecord,
  requestIds,
  startFakeServer,
} from "./http.ts";

export type { AnthropicCostRow, AnthropicUsageRow } from "./anthropic-reports.ts";

export const ANTHROPIC_USAGE_PATH = "/v1/organizations/usage_report/messages";
export const ANTHROPIC_COST_PATH = "/v1/organizations/cost_report";
export const DEFAULT_ANTHROPIC_ADMIN_KEY = "sk-ant-admin01-test-0000000000000000000000000000";

/** HTTP status → `error.type` (providers.md §1.4). */
const ERROR_TYPES = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  405: "invalid_request_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
} as const;
type ErrorStatus = keyof typeof ERROR_TYPES;

export type AnthropicFault = Fault<ErrorStatus>;

export interface FakeAnthropicState {
  /** Keys that pass auth; `revokeKey` removes one. */
  adminKeys: string[];
  usage: AnthropicUsageRow[];
  costs: AnthropicCostRow[];
  faults: AnthropicFault[];
  requests: LoggedRequest[];
  revokeKey(key: string): void;
}

export interface FakeAnthropicOptions {
  adminKeys?: string[];
  usage?: AnthropicUsageRow[];
  costs?: AnthropicCostRow[];
  /** The clock that stands in for a missing `ending_at` (default: the real time). */
  now?: () => Date;
}

export interface FakeAnthropicAdmin {
  url: string;
  state: FakeAnthropicState;
  close(): Promise<void>;
}

export async function startFakeAnthropicAdmin(
  options: FakeAnthropicOptions = {},
): Promise<FakeAnthropicAdmin> {
  const state: FakeAnthropicState = {
    adminKeys: options.adminKeys ?? [DEFAULT_ANTHROPIC_ADMIN_KEY],
    usage: options.usage ?? [],
    costs: options.costs ?? [],
    faults: [],
    requests: [],
    revokeKey(key) {
      state.adminKeys = state.adminKeys.filter((candidate) => candidate !== key);
    },
  };
  const now = options.now ?? (() => new Date());
  const nextId = requestIds();
  const server = await startFakeServer((request) => {
    const requestId = nextId();
    const entry: LoggedRequest = {
      method: request.method,
      path: request.path,
      query: queryRecord(request.query),
      time: now(),
      authorized: false,
      status: 0,
      fault: null,
    };
    state.requests.push(entry);
    const response = answer(request, state, entry, now());
    entry.status = response.status;
    response.headers["request-id"] = requestId;
    // Every error body carries the same id as the header (providers.md §1.4).
    if (response.status >= 400) {
      response.body = JSON.stringify({ ...JSON.parse(response.body), request_id: requestId });
    }
    return response;
  });
  return { url: server.url, state, close: server.close };
}

function answer(
  request: FakeRequest,
  state: FakeAnthropicState,
  entry: LoggedRequest,
  now: Date,
): FakeResponse {
  const key = request.headers["x-api-key"];
  if (typeof key !== "string" || key === "") {
    return error(401, "x-api-key header is required");
  }
  if (!state.adminKeys.includes(key)) {
    return key.startsWith("sk-ant-api")
      ? error(403, "This endpoint requires an Admin API key (sk-ant-admin…); got a normal API key")
      : error(401, "invalid x-api-key");
  }
  if (request.headers["anthropic-version"] === undefined) {
    return error(400, "anthropic-version: header is required");
  }
  entry.authorized = true;
  const report =
    request.path === ANTHROPIC_USAGE_PATH
      ? () => usageReport(request.query, state.usage, now)
      : request.path === ANTHROPIC_COST_PATH
        ? () => costReport(request.query, state.costs, now)
        : undefined;
  if (report === undefined) return error(404, `Not found: ${request.path}`);
  if (request.method !== "GET") return error(405, `Method ${request.method} not allowed`);
  const fault = takeFault(state.faults, request.path);
  if (fault !== undefined) entry.fault = faultLabel(fault);
  if (fault !== undefined && "status" in fault) return faultError(fault);
  if (fault !== undefined && "wrongShape" in fault) {
    return jsonResponse(200, { object: "list", items: [{ usage: "n/a" }], has_more: "no" });
  }
  let body: unknown;
  try {
    body = report();
  } catch (cause) {
    if (cause instanceof BadRequest) return error(400, cause.message);
    throw cause;
  }
  const response = jsonResponse(200, body);
  if (fault !== undefined && "malformedJson" in fault) response.body = truncateBody(response.body);
  if (fault !== undefined && "delayMs" in fault) response.delayMs = fault.delayMs;
  return response;
}

function error(
  status: ErrorStatus,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): FakeResponse {
  return jsonResponse(
    status,
    { type: "error", error: { type: ERROR_TYPES[status], message, ...extra } },
    headers,
  );
}

function faultError(fault: Extract<AnthropicFault, { status: ErrorStatus }>): FakeResponse {
  if (fault.status === 429 && fault.spendCap) {
    // A spend cap looks like a rate limit but never carries retry-after (providers.md §1.4).
    return error(429, fault.message ?? "Your organization has reached its spend limit", {
      details: { error_code: "enforced_spend_limit_reached" },
    });
  }
  const headers: Record<string, string> =
    fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) };
  return error(fault.status, fault.message ?? defaultMessage(fault.status), {}, headers);
}

function defaultMessage(status: ErrorStatus): string {
  if (status === 429) return "Number of requests has exceeded your rate limit";
  if (status === 529) return "Overloaded";
  if (status === 504) return "Request timed out";
  return `Injected ${ERROR_TYPES[status]}`;
}
