/**
 * Requests to the Anthropic Admin API (providers.md §1): URLs, auth headers, the page loop and
 * what an error answer means. Every page goes through the connection's policy, so retries and
 * the circuit breaker apply per page, not per sync.
 */
import type { z } from "zod";
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

export const ANTHROPIC_VERSION = "2023-06-01";
export const USAGE_PATH = "/v1/organizations/usage_report/messages";
export const COST_PATH = "/v1/organizations/cost_report";
const PROVIDER = "anthropic";

/** Every usage dimension the report can split by, so no two rows are summed together. */
const USAGE_GROUPS = ["model", "workspace_id", "api_key_id", "service_tier", "context_window"];
const COST_GROUPS = ["workspace_id", "description"];

export type Query = [name: string, value: string][];

export interface PageRequest<P> {
  path: string;
  query: Query;
  schema: z.ZodType<P>;
}

interface Paged {
  has_more?: boolean | null | undefined;
  next_page?: string | null | undefined;
}

export function usageQuery(window: SyncWindow): Query {
  return [
    ["starting_at", window.start],
    ["ending_at", window.end],
    ["bucket_width", "1h"],
    ["limit", "168"],
    ...USAGE_GROUPS.map((group): [string, string] => ["group_by[]", group]),
  ];
}

export function costQuery(window: SyncWindow): Query {
  return [
    ["starting_at", window.start],
    ["ending_at", window.end],
    ["bucket_width", "1d"],
    ["limit", "31"],
    ...COST_GROUPS.map((group): [string, string] => ["group_by[]", group]),
  ];
}

/** The cheapest authenticated question: yesterday's usage as one daily bucket. */
export function verifyQuery(now: Date = new Date()): Query {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return [
    ["starting_at", new Date(today - 86_400_000).toISOString()],
    ["ending_at", new Date(today).toISOString()],
    ["bucket_width", "1d"],
    ["limit", "1"],
  ];
}

export function adminHeaders(key: string): Record<string, string> {
  return { "x-api-key": key, "anthropic-version": ANTHROPIC_VERSION, accept: "application/json" };
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
        classify: (response) => classifyAnthropicError(response, connection.adminKey),
        timeoutMs: connection.timeoutMs,
        signal,
        preprocess: quoteAmounts,
        requestIdHeader: "request-id",
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
 * Quotes bare numeric `amount` values so JSON.parse never turns them into floats; the cost
 * report documents strings, this keeps a number exact too.
 */
export function quoteAmounts(text: string): string {
  return text.replace(/("amount"\s*:\s*)(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g, '$1"$2"');
}

/** Maps a non-2xx answer to the error taxonomy (providers.md §1.4). */
export function classifyAnthropicError(response: HttpErrorResponse, key: string): ProviderError {
  const parsed = errorBodySchema.safeParse(response.body);
  const body = parsed.success ? parsed.data : undefined;
  const info: ProviderErrorInfo = {
    provider: PROVIDER,
    status: response.status,
    providerType: body?.error?.type ?? undefined,
    requestId: response.headers.get("request-id") ?? body?.request_id ?? undefined,
  };
  const said = describe(response, info, body?.error?.message, key);
  const { status } = response;
  if (status === 401) {
    return new ProviderAuthError(
      `Anthropic rejected the Admin API key: it is invalid, expired or revoked (${said}). Create a new one in the Claude Console → Settings → Admin keys.`,
      info,
      "invalid_key",
    );
  }
  if (status === 403) {
    return new ProviderAuthError(
      `Anthropic refused access (${said}). The Usage & Cost API needs an Admin API key (sk-ant-admin01-…) of an organization.`,
      info,
      "insufficient_permission",
    );
  }
  if (status === 402) {
    return new ProviderBillingError(`Anthropic reports a billing problem (${said})`, info);
  }
  if (status === 429) {
    const wait = retryAfterMs(response.headers);
    const spendCap = body?.error?.details?.error_code === "enforced_spend_limit_reached";
    // A spend cap is a 429 without retry-after: waiting does not lift it.
    if (spendCap && wait === null) {
      return new ProviderBillingError(
        `Anthropic reports the organization's spend limit is reached (${said})`,
        info,
      );
    }
    return new ProviderRateLimitError(`Anthropic is rate limiting requests (${said})`, info, wait);
  }
  if (status >= 500 || status === 408) {
    return new ProviderTransientError(`Anthropic is temporarily unavailable (${said})`, info);
  }
  return new ProviderBadRequestError(`Anthropic rejected the request (${said})`, info);
}

function describe(
  response: HttpErrorResponse,
  info: ProviderErrorInfo,
  message: string | null | undefined,
  key: string,
): string {
  const type = info.providerType ? ` ${info.providerType}` : "";
  const text =
    message != null
      ? `: ${redact(message, key).slice(0, 300)}`
      : response.body == null
        ? ` (a body that is not JSON, ${response.text.length} bytes)`
        : "";
  const id = info.requestId ? `; request id ${info.requestId}` : "";
  return `HTTP ${response.status}${type}${text}${id}`;
}

/** Keeps keys out of messages, even if an upstream ever echoed one back. */
function redact(text: string, key: string): string {
  const withoutKey = key.length >= 8 ? text.split(key).join("[redacted]") : text;
  return withoutKey.replace(/sk-ant-[A-Za-z0-9_-]{12,}/g, "sk-ant-…");
}
