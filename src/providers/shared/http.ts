/**
 * GET a provider's JSON API with a timeout, classifying every failure into the provider error
 * taxonomy. The provider-specific part — what an error body means — is the `classify` function
 * each adapter passes in.
 */
import type { z } from "zod";
import {
  ProviderBadResponseError,
  type ProviderError,
  type ProviderErrorInfo,
  ProviderTransientError,
} from "../errors.ts";

export interface HttpErrorResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or undefined when it was not JSON (a JSON `null` stays null). */
  body: unknown;
  text: string;
}

export interface GetJsonOptions<T> {
  provider: string;
  url: URL;
  headers: Record<string, string>;
  schema: z.ZodType<T>;
  /**
   * Maps a non-2xx answer to an error of the taxonomy; `info` already holds the provider, the
   * status and the request id from `requestIdHeader`.
   */
  classify: (response: HttpErrorResponse, info: ProviderErrorInfo) => ProviderError;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Rewrites the body text before parsing, e.g. to keep decimal amounts exact. */
  preprocess?: (text: string) => string;
  /** Header carrying the provider's request id, kept in error messages. */
  requestIdHeader?: string;
}

export async function getJson<T>(options: GetJsonOptions<T>): Promise<T> {
  const signals = [
    AbortSignal.timeout(options.timeoutMs),
    ...(options.signal ? [options.signal] : []),
  ];
  let response: Response;
  let text: string;
  try {
    response = await fetch(options.url, {
      headers: options.headers,
      signal: AbortSignal.any(signals),
    });
    text = await response.text();
  } catch (error) {
    const timedOut =
      error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new ProviderTransientError(
      timedOut
        ? `${options.provider} did not answer within ${options.timeoutMs} ms`
        : `could not reach ${options.provider} at ${options.url.origin}: ${describeCause(error)}`,
      { provider: options.provider },
      { cause: error },
    );
  }
  const info: ProviderErrorInfo = {
    provider: options.provider,
    status: response.status,
    requestId: response.headers.get(options.requestIdHeader ?? "request-id") ?? undefined,
  };
  if (!response.ok) {
    const answer = {
      status: response.status,
      headers: response.headers,
      body: tryParse(text),
      text,
    };
    throw options.classify(answer, info);
  }
  const body = tryParse(options.preprocess ? options.preprocess(text) : text);
  if (body === undefined) {
    throw new ProviderBadResponseError(
      `${options.provider} sent a response that is not valid JSON (${text.length} bytes)${requestIdNote(info)}`,
      info,
    );
  }
  const parsed = options.schema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join(".") || "(body)"}: ${first.message}` : "unknown";
    throw new ProviderBadResponseError(
      `${options.provider} sent a response of an unexpected shape (${where})${requestIdNote(info)}`,
      info,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

/** The parsed JSON, or undefined when `text` is not JSON (JSON has no undefined, so no clash). */
function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeCause(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

function requestIdNote(info: ProviderErrorInfo): string {
  return info.requestId ? ` (request id ${info.requestId})` : "";
}

/** Seconds from a `retry-after` header (delta-seconds or an HTTP date), in milliseconds. */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | null {
  const value = headers.get("retry-after");
  if (value === null) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * Quotes bare numeric values of `field` (a plain key name) so JSON.parse never turns them into floats:
 * `"amount": 0.1234567891234` becomes `"amount": "0.1234567891234"`, digit for digit.
 */
export function quoteNumbers(field: string): (text: string) => string {
  const bare = new RegExp(`("${field}"\\s*:\\s*)(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)`, "g");
  return (text) => text.replace(bare, '$1"$2"');
}
