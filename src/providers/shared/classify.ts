/**
 * What an error answer of an admin API means. Both providers share the status ladder — 401 and
 * 403 are auth errors, 429 a rate limit, 408 and 5xx transient, any other 4xx a bad request —
 * and the message layout; what differs is the error envelope and how each signals a billing
 * problem, which an adapter describes as an `ErrorDialect`.
 */
import {
  ProviderAuthError,
  ProviderBadRequestError,
  ProviderBillingError,
  type ProviderError,
  type ProviderErrorInfo,
  ProviderRateLimitError,
  ProviderTransientError,
} from "../errors.ts";
import { type HttpErrorResponse, retryAfterMs } from "./http.ts";
import { type KeyShape, redactKeys } from "./redact.ts";

/** What an adapter read from one error answer. */
export interface ErrorReading {
  /** `info` completed from the body: the provider's error type, a request id it carried. */
  info: ProviderErrorInfo;
  /** Error types and codes to name in the message; empty ones and repeats are skipped. */
  kinds: readonly (string | null | undefined)[];
  message: string | null | undefined;
  /** A billing problem the answer signals (spend cap, exhausted quota), in words; else null. */
  billing: string | null;
}

/** How a provider speaks about errors. */
export interface ErrorDialect {
  /** The provider's name in messages, e.g. "Anthropic". */
  name: string;
  /** The key in words, e.g. "Admin API key". */
  keyName: string;
  /** Said after a 401: where to create a new key. */
  newKey: string;
  /** Said after a 403: which key the API needs. */
  keyNeeded: string;
  keyShape: KeyShape;
  readError(response: HttpErrorResponse, info: ProviderErrorInfo): ErrorReading;
}

/** Maps a non-2xx answer to the error taxonomy; `key` is the caller's, kept out of messages. */
export function classifyAnswer(
  dialect: ErrorDialect,
  response: HttpErrorResponse,
  info: ProviderErrorInfo,
  key: string,
): ProviderError {
  const reading = dialect.readError(response, info);
  const said = describe(response, reading, dialect.keyShape, key);
  const { name } = dialect;
  const { status } = response;
  if (status === 401) {
    return new ProviderAuthError(
      `${name} rejected the ${dialect.keyName}: it is invalid, expired or revoked (${said}). ${dialect.newKey}`,
      reading.info,
      "invalid_key",
    );
  }
  if (status === 403) {
    return new ProviderAuthError(
      `${name} refused access (${said}). ${dialect.keyNeeded}`,
      reading.info,
      "insufficient_permission",
    );
  }
  if (reading.billing !== null) {
    return new ProviderBillingError(`${name} reports ${reading.billing} (${said})`, reading.info);
  }
  if (status === 429) {
    const wait = retryAfterMs(response.headers);
    return new ProviderRateLimitError(
      `${name} is rate limiting requests (${said})`,
      reading.info,
      wait,
    );
  }
  if (status >= 500 || status === 408) {
    return new ProviderTransientError(`${name} is temporarily unavailable (${said})`, reading.info);
  }
  return new ProviderBadRequestError(`${name} rejected the request (${said})`, reading.info);
}

/** `HTTP 529 overloaded_error: Overloaded; request id req_…`, at most 300 characters of message. */
function describe(
  response: HttpErrorResponse,
  reading: ErrorReading,
  shape: KeyShape,
  key: string,
): string {
  const kinds = reading.kinds.filter((kind, i, all) => kind && all.indexOf(kind) === i);
  const label = kinds.length > 0 ? ` ${kinds.join("/")}` : "";
  const text =
    reading.message != null
      ? `: ${redactKeys(reading.message, key, shape).slice(0, 300)}`
      : response.body === undefined
        ? ` (a body that is not JSON, ${response.text.length} bytes)`
        : "";
  const id = reading.info.requestId ? `; request id ${reading.info.requestId}` : "";
  return `HTTP ${response.status}${label}${text}${id}`;
}
