/**
 * Requests to the Anthropic Admin API (providers.md §1): its paths, queries and auth headers,
 * and what its error answers mean. The page loop and the status ladder are shared.
 */
import type { ProviderErrorInfo } from "../errors.ts";
import type { AdminApi, PageRequest } from "../shared/admin-api.ts";
import type { ErrorReading } from "../shared/classify.ts";
import { type HttpErrorResponse, quoteNumbers, retryAfterMs } from "../shared/http.ts";
import { type Query, type ReportShape, reportQuery, yesterday } from "../shared/query.ts";
import type { SyncWindow } from "../types.ts";
import {
  type CostPage,
  costPageSchema,
  errorBodySchema,
  type UsagePage,
  usagePageSchema,
} from "./schema.ts";

export const ANTHROPIC_VERSION = "2023-06-01";
export const USAGE_PATH = "/v1/organizations/usage_report/messages";
export const COST_PATH = "/v1/organizations/cost_report";

/** Hourly, a week a page, by every usage dimension so no two rows are summed together. */
const USAGE: ReportShape = {
  bucketWidth: "1h",
  limit: 168,
  groups: ["model", "workspace_id", "api_key_id", "service_tier", "context_window"],
};
const COST: ReportShape = { bucketWidth: "1d", limit: 31, groups: ["workspace_id", "description"] };
/** The cheapest authenticated question: one daily bucket. */
const VERIFY: ReportShape = { bucketWidth: "1d", limit: 1 };

/**
 * Quotes bare numeric `amount` values so JSON.parse never turns them into floats; the cost
 * report documents strings, this keeps a number exact too.
 */
const quoteAmounts = quoteNumbers("amount");

function queryOf(window: SyncWindow, shape: ReportShape): Query {
  const times: Query = [
    ["starting_at", window.start],
    ["ending_at", window.end],
  ];
  return reportQuery(times, "group_by[]", shape);
}

/** Every Anthropic request quotes amounts, so no response can lose digits. */
function request<P>(path: string, query: Query, schema: PageRequest<P>["schema"]): PageRequest<P> {
  return { path, query, schema, preprocess: quoteAmounts };
}

export function usageRequest(window: SyncWindow): PageRequest<UsagePage> {
  return request(USAGE_PATH, queryOf(window, USAGE), usagePageSchema);
}

export function costRequest(window: SyncWindow): PageRequest<CostPage> {
  return request(COST_PATH, queryOf(window, COST), costPageSchema);
}

/** Yesterday's usage as one daily bucket. */
export function verifyRequest(now: Date = new Date()): PageRequest<UsagePage> {
  return request(USAGE_PATH, queryOf(yesterday(now), VERIFY), usagePageSchema);
}

/** Reads the error envelope (providers.md §1.4); the body may carry the request id too. */
function readError(response: HttpErrorResponse, info: ProviderErrorInfo): ErrorReading {
  const parsed = errorBodySchema.safeParse(response.body);
  const body = parsed.success ? parsed.data : undefined;
  const error = body?.error;
  // A spend cap is a 429 without retry-after: waiting does not lift it.
  const spendCap =
    response.status === 429 &&
    error?.details?.error_code === "enforced_spend_limit_reached" &&
    retryAfterMs(response.headers) === null;
  return {
    info: {
      ...info,
      providerType: error?.type ?? undefined,
      requestId: info.requestId ?? body?.request_id ?? undefined,
    },
    kinds: [error?.type],
    message: error?.message,
    billing:
      response.status === 402
        ? "a billing problem"
        : spendCap
          ? "the organization's spend limit is reached"
          : null,
  };
}

export const ANTHROPIC_API: AdminApi = {
  provider: "anthropic",
  name: "Anthropic",
  headers: (key) => ({
    "x-api-key": key,
    "anthropic-version": ANTHROPIC_VERSION,
    accept: "application/json",
  }),
  requestIdHeader: "request-id",
  keyName: "Admin API key",
  newKey: "Create a new one in the Claude Console → Settings → Admin keys.",
  keyNeeded: "The Usage & Cost API needs an Admin API key (sk-ant-admin01-…) of an organization.",
  keyShape: { pattern: /sk-ant-[A-Za-z0-9_-]{12,}/g, mask: "sk-ant-…" },
  readError,
};
