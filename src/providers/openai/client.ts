/**
 * Requests to the OpenAI organization Usage and Costs API (providers.md §2): its paths, queries
 * in Unix seconds, the admin key header, and what its error answers mean. The page loop and
 * the status ladder are shared.
 */
import { ValidationError } from "../../core/errors.ts";
import type { ProviderErrorInfo } from "../errors.ts";
import type { AdminApi, PageRequest } from "../shared/admin-api.ts";
import type { ErrorReading } from "../shared/classify.ts";
import { type HttpErrorResponse, quoteNumbers } from "../shared/http.ts";
import { type Query, type ReportShape, reportQuery, yesterday } from "../shared/query.ts";
import type { SyncWindow } from "../types.ts";
import {
  type CostPage,
  costPageSchema,
  errorBodySchema,
  type UsagePage,
  usagePageSchema,
} from "./schema.ts";

export const USAGE_PATH = "/v1/organization/usage/completions";
export const COSTS_PATH = "/v1/organization/costs";

/** Hourly, a week a page, by every dimension that changes a price, so no two are summed. */
const USAGE: ReportShape = {
  bucketWidth: "1h",
  limit: 168,
  groups: ["model", "project_id", "api_key_id", "batch", "service_tier"],
};
const COSTS: ReportShape = { bucketWidth: "1d", limit: 180, groups: ["project_id", "line_item"] };
/** The cheapest authenticated question: one daily bucket. */
const VERIFY: ReportShape = { bucketWidth: "1d", limit: 1 };

/**
 * Quotes bare numeric `"value"` fields so JSON.parse never turns dollars into floats:
 * `"value": 0.1234567891234` becomes `"value": "0.1234567891234"`, digit for digit.
 */
const quoteValues = quoteNumbers("value");

function unixSeconds(timestamp: string, field: string): string {
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) {
    throw new ValidationError(`the sync window ${field} is not a timestamp: "${timestamp}"`);
  }
  return String(Math.floor(ms / 1000));
}

function queryOf(window: SyncWindow, shape: ReportShape): Query {
  const times: Query = [
    ["start_time", unixSeconds(window.start, "start")],
    ["end_time", unixSeconds(window.end, "end")],
  ];
  return reportQuery(times, "group_by", shape);
}

export function usageRequest(window: SyncWindow): PageRequest<UsagePage> {
  return { path: USAGE_PATH, query: queryOf(window, USAGE), schema: usagePageSchema };
}

/** Only the costs carry dollars, so only they are quoted before parsing. */
export function costsRequest(window: SyncWindow): PageRequest<CostPage> {
  return {
    path: COSTS_PATH,
    query: queryOf(window, COSTS),
    schema: costPageSchema,
    preprocess: quoteValues,
  };
}

/** Yesterday's usage as one daily bucket. */
export function verifyRequest(now: Date = new Date()): PageRequest<UsagePage> {
  return { path: USAGE_PATH, query: queryOf(yesterday(now), VERIFY), schema: usagePageSchema };
}

/** Reads the error envelope `{"error":{"message","type","code","param"}}`. */
function readError(response: HttpErrorResponse, info: ProviderErrorInfo): ErrorReading {
  const parsed = errorBodySchema.safeParse(response.body);
  const error = parsed.success ? parsed.data.error : undefined;
  const code = error?.code == null ? undefined : String(error.code);
  // Out of credit or over budget: a 429 that waiting does not fix.
  const quota =
    response.status === 429 &&
    (code === "insufficient_quota" || error?.type === "insufficient_quota");
  return {
    info: { ...info, providerType: code ?? error?.type ?? undefined },
    kinds: [error?.type, code ?? error?.type],
    message: error?.message,
    billing: quota ? "the quota is exhausted" : null,
  };
}

export const OPENAI_API: AdminApi = {
  provider: "openai",
  name: "OpenAI",
  headers: (key) => ({ authorization: `Bearer ${key}`, accept: "application/json" }),
  requestIdHeader: "x-request-id",
  keyName: "Admin key",
  newKey: "Create one at platform.openai.com → Settings → Organization → Admin keys.",
  keyNeeded: "Organization usage and costs need an Admin key (sk-admin-…).",
  // OpenAI masks keys it echoes; this holds if one ever did not.
  keyShape: { pattern: /sk-[A-Za-z0-9_-]{20,}/g, mask: "sk-…" },
  readError,
};
