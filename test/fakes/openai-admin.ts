/**
 * A fake OpenAI organization Usage and Costs API (providers.md §2) over real HTTP, with admin-key
 * auth, OpenAI's error envelope, pagination and late data. Tests seed and mutate `state`.
 */
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
import {
  completionsUsage,
  type OpenAICostRow,
  type OpenAIUsageRow,
  organizationCosts,
  serializeCosts,
} from "./openai-reports.ts";

export type { OpenAICostRow, OpenAIUsageRow } from "./openai-reports.ts";

export const OPENAI_USAGE_PATH = "/v1/organization/usage/completions";
export const OPENAI_COSTS_PATH = "/v1/organization/costs";
export const DEFAULT_OPENAI_ADMIN_KEY = "sk-admin-test-000000000000000000000000000000000000";

type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 429 | 500 | 502 | 503;
export type OpenAIFault = Fault<ErrorStatus>;

interface OpenAIError {
  message: string;
  type: string;
  code: string | null;
  param?: string | null;
}

export interface FakeOpenAIState {
  /** Keys that pass auth; `revokeKey` removes one. */
  adminKeys: string[];
  usage: OpenAIUsageRow[];
  costs: OpenAICostRow[];
  faults: OpenAIFault[];
  requests: LoggedRequest[];
  revokeKey(key: string): void;
}

export interface FakeOpenAIOptions {
  adminKeys?: string[];
  usage?: OpenAIUsageRow[];
  costs?: OpenAICostRow[];
  /** The clock that stands in for a missing `end_time` (default: the real time). */
  now?: () => Date;
}

export interface FakeOpenAIAdmin {
  url: string;
  state: FakeOpenAIState;
  close(): Promise<void>;
}

export async function startFakeOpenAIAdmin(
  options: FakeOpenAIOptions = {},
): Promise<FakeOpenAIAdmin> {
  const state: FakeOpenAIState = {
    adminKeys: options.adminKeys ?? [DEFAULT_OPENAI_ADMIN_KEY],
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
    response.headers["x-request-id"] = nextId();
    return response;
  });
  return { url: server.url, state, close: server.close };
}

function answer(
  request: FakeRequest,
  state: FakeOpenAIState,
  entry: LoggedRequest,
  now: Date,
): FakeResponse {
  const key = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
  if (key === undefined) {
    return error(401, {
      message: "You didn't provide an API key. Send it as 'Authorization: Bearer <key>'.",
      type: "invalid_request_error",
      code: null,
    });
  }
  if (!state.adminKeys.includes(key)) {
    // A project or service-account key is a real key, just not allowed here.
    return /^sk-(proj|svcacct)-/.test(key)
      ? error(403, {
          message:
            "You have insufficient permissions for this operation. Organization usage and costs need an admin key (sk-admin-…).",
          type: "invalid_request_error",
          code: "insufficient_permissions",
        })
      : error(401, {
          message: "Incorrect API key provided.",
          type: "invalid_request_error",
          code: "invalid_api_key",
        });
  }
  entry.authorized = true;
  const report =
    request.path === OPENAI_USAGE_PATH
      ? () => JSON.stringify(completionsUsage(request.query, state.usage, now))
      : request.path === OPENAI_COSTS_PATH
        ? () => serializeCosts(organizationCosts(request.query, state.costs, now))
        : undefined;
  if (report === undefined) {
    return error(404, {
      message: `Invalid URL (${request.method} ${request.path})`,
      type: "invalid_request_error",
      code: null,
    });
  }
  if (request.method !== "GET") {
    return error(405, {
      message: `Method ${request.method} not allowed`,
      type: "invalid_request_error",
      code: null,
    });
  }
  const fault = takeFault(state.faults, request.path);
  if (fault !== undefined) entry.fault = faultLabel(fault);
  if (fault !== undefined && "status" in fault) return faultError(fault);
  if (fault !== undefined && "wrongShape" in fault) {
    return jsonResponse(200, { object: "list", data: "n/a", has_more: "no" });
  }
  let body: string;
  try {
    body = report();
  } catch (cause) {
    if (!(cause instanceof BadRequest)) throw cause;
    return error(400, {
      message: cause.message,
      type: "invalid_request_error",
      code: "invalid_value",
      param: cause.param,
    });
  }
  const response: FakeResponse = {
    status: 200,
    headers: { "content-type": "application/json" },
    body,
  };
  if (fault !== undefined && "malformedJson" in fault) response.body = truncateBody(body);
  if (fault !== undefined && "delayMs" in fault) response.delayMs = fault.delayMs;
  return response;
}

function error(
  status: ErrorStatus,
  body: OpenAIError,
  headers: Record<string, string> = {},
): FakeResponse {
  return jsonResponse(status, { error: { param: null, ...body } }, headers);
}

function faultError(fault: Extract<OpenAIFault, { status: ErrorStatus }>): FakeResponse {
  if (fault.status === 429 && fault.spendCap) {
    // Out of credit or over the budget: a 429 that waiting does not fix.
    return error(429, {
      message: fault.message ?? "You exceeded your current quota, please check your plan.",
      type: "insufficient_quota",
      code: "insufficient_quota",
    });
  }
  const headers: Record<string, string> =
    fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) };
  const [type, code, message] = FAULT_ERRORS[fault.status];
  return error(fault.status, { message: fault.message ?? message, type, code }, headers);
}

const FAULT_ERRORS = {
  400: ["invalid_request_error", null, "Invalid request"],
  401: ["invalid_request_error", "invalid_api_key", "Incorrect API key provided."],
  403: ["invalid_request_error", "insufficient_permissions", "Insufficient permissions"],
  404: ["invalid_request_error", null, "Not found"],
  405: ["invalid_request_error", null, "Method not allowed"],
  429: ["requests", "rate_limit_exceeded", "Rate limit reached for requests"],
  500: ["server_error", null, "The server had an error while processing your request."],
  502: ["server_error", null, "Bad gateway."],
  503: ["server_error", null, "The server is overloaded or not ready yet."],
} as const satisfies Record<ErrorStatus, readonly [string, string | null, string]>;
