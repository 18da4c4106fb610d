/**
 * Requests to the OpenAI organization Usage and Costs API (providers.md §2): URLs, the admin
 * key header, the page loop and what an error answer means. Every page goes through the
 * connection's policy, so retries and the circuit breaker apply per page.
 */
import type { z } from "zod";
import { ValidationError } from "../../core/errors.ts";
import {
  ProviderAuthError,
  ProviderBadRequestError,
  ProviderBadResponseError,
  ProviderBillingError,
  type ProviderError,
  type ProviderErrorInfo,
  ProviderRateLimitError,
  ProviderTransientError,
} from "../errors.ts";
import { getJson, type HttpErrorResponse, retryAfterMs } from "../shared/http.ts";
import type { AdminConnection, SyncWindow } from "../types.ts";
import { errorBodySchema } from "./schema.ts";

export const USAGE_PATH = "/v1/organization/usage/completions";
export const COSTS_PATH = "/v1/organization/costs";
const PROVIDER = "openai";

/** Every dimension that changes a price, so no two differently priced rows are summed. */
const USAGE_GROUPS = ["model", "project_id", "api_key_id", "batch", "service_tier"];
const COST_GROUPS = ["project_id", "line_item"];

export type Query = [name: string, value: string][];

export interface PageRequest<P> {
  path: string;
  query: Query;
  schema: z.ZodType<P>;
  preprocess?: (text: string) => string;
}

interface Paged {
  has_more?: boolean | null | undefined;
  next_page?: string | null | undefined;
}

function unixSeconds(timestamp: string, field: string): string {
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) {
    throw new ValidationError(`the sync window ${field} is not a timestamp: "${timestamp}"`);
  }
  return String(Math.floor(ms / 1000));
}

function windowQuery(window: SyncWindow): Query {
  return [
    ["start_time", unixSeconds(window.start, "start")],
    ["end_time", unixSeconds(window.end, "end")],
  ];
}

export function usageQuery(window: SyncWindow): Query {
  return [
    ...windowQuery(window),
    ["bucket_width", "1h"],
    ["limit", "168"],
    ...USAGE_GROUPS.map((group): [string, string] => ["group_by", group]),
  ];
}

export function costsQuery(window: SyncWindow): Query {
  return [
    ...windowQuery(window),
    ["bucket_width", "1d"],
    ["limit", "180"],
    ...COST_GROUPS.map((group): [string, string] => ["group_by", group]),
  ];
}

/** The cheapest authenticated question: yesterday's usage as one daily bucket. */
export function verifyQuery(now: Date = new Date()): Query {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) / 1000;
  return [
    ["start_time", String(today - 86_400)],
    ["end_time", String(today)],
    ["bucket_width", "1d"],
    ["limit", "1"],
  ];
}

export function adminHeaders(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}`, accept: "application/json" };
}

function urlOf(baseUrl: string, path: string, query: Query, page: string | null): URL {
  const url = new URL(`${baseUrl.replace(/\/+$/, "")}${path}`);
  for (const [name, value] of query) url.searchParams.append(name, value);
  if (page !== null) url.searchParams.set("page", page);
  return url;
}

/** Fetches one page through the connection's retry and breaker policy. */
export function getPage<P>(
  connection: AdminConnection,
  request: PageRequest<P>,
  page: string | null = null,
): Promise<P> {
  const url = urlOf(connection.baseUrl, request.path, request.query, page);
  return connection.policy.execute(
    (signal) =>
      getJson({
        provider: PROVIDER,
        url,
        headers: adminHeaders(connection.adminKey),
        schema: request.schema,
        classify: (response) => classifyOpenAIError(response, connection.adminKey),
        timeoutMs: connection.timeoutMs,
        signal,
        ...(request.preprocess ? { preprocess: request.preprocess } : {}),
        requestIdHeader: "x-request-id",
      }),
    connection.signal,
  );
}

/** Every page of a report, following `next_page` while `has_more`. */
export async function* allPages<P extends Paged>(
  connection: AdminConnection,
  request: PageRequest<P>,
): AsyncGenerator<P> {
  const seen = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: P = await getPage(connection, request, cursor);
    yield page;
    const more = page.has_more ?? Boolean(page.next_page);
    if (more && !page.next_page) {
      throw new ProviderBadResponseError(
        `${PROVIDER} said a page of ${request.path} has more data but sent no next_page cursor`,
        { provider: PROVIDER },
      );
    }
    cursor = more ? (page.next_page ?? null) : null;
    // A cursor that comes back would loop forever; stop with a clear error instead.
    if (cursor !== null && seen.has(cursor)) {
      throw new ProviderBadResponseError(
        `${PROVIDER} sent the same next_page cursor twice for ${request.path}`,
        { provider: PROVIDER },
      );
    }
    if (cursor !== null) seen.add(cursor);
  } while (cursor !== null);
}

/**
 * Quotes bare numeric `"value"` fields so JSON.parse never turns dollars into floats:
 * `"value": 0.1234567891234` becomes `"value": "0.1234567891234"`, digit for digit.
 */
export function quoteValues(text: string): string {
  return text.replace(/("value"\s*:\s*)(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g, '$1"$2"');
}

/** Maps a non-2xx answer to the error taxonomy. */
export function classifyOpenAIError(response: HttpErrorResponse, key: string): ProviderError {
  const parsed = errorBodySchema.safeParse(response.body);
  const error = parsed.success ? parsed.data.error : undefined;
  const code = error?.code == null ? undefined : String(error.code);
  const info: ProviderErrorInfo = {
    provider: PROVIDER,
    status: response.status,
    providerType: code ?? error?.type ?? undefined,
    requestId: response.headers.get("x-request-id") ?? undefined,
  };
  const said = describe(response, info, error?.type, error?.message, key);
  const { status } = response;
  if (status === 401) {
    return new ProviderAuthError(
      `OpenAI rejected the Admin key: it is invalid, expired or revoked (${said}). Create one at platform.openai.com → Settings → Organization → Admin keys.`,
      info,
      "invalid_key",
    );
  }
  if (status === 403) {
    return new ProviderAuthError(
      `OpenAI refused access (${said}). Organization usage and costs need an Admin key (sk-admin-…).`,
      info,
      "insufficient_permission",
    );
  }
  if (status === 429) {
    // Out of credit or over budget: a 429 that waiting does not fix.
    if (code === "insufficient_quota" || error?.type === "insufficient_quota") {
      return new ProviderBillingError(`OpenAI reports the quota is exhausted (${said})`, info);
    }
    const wait = retryAfterMs(response.headers);
    return new ProviderRateLimitError(`OpenAI is rate limiting requests (${said})`, info, wait);
  }
  if (status >= 500 || status === 408) {
    return new ProviderTransientError(`OpenAI is temporarily unavailable (${said})`, info);
  }
  return new ProviderBadRequestError(`OpenAI rejected the request (${said})`, info);
}

function describe(
  response: HttpErrorResponse,
  info: ProviderErrorInfo,
  type: string | null | undefined,
  message: string | null | undefined,
  key: string,
): string {
  const kind = [type, info.providerType].filter((part, i, all) => part && all.indexOf(part) === i);
  const label = kind.length > 0 ? ` ${kind.join("/")}` : "";
  const text =
    message != null
      ? `: ${redact(message, key).slice(0, 300)}`
      : response.body == null
        ? ` (a body that is not JSON, ${response.text.length} bytes)`
        : "";
  const id = info.requestId ? `; request id ${info.requestId}` : "";
  return `HTTP ${response.status}${label}${text}${id}`;
}

/** Keeps keys out of messages (OpenAI masks keys it echoes; this holds if one ever did not). */
function redact(text: string, key: string): string {
  const withoutKey = key.length >= 8 ? text.split(key).join("[redacted]") : text;
  return withoutKey.replace(/sk-[A-Za-z0-9_-]{20,}/g, "sk-…");
}
