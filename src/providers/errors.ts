/**
 * The provider error taxonomy. Every failure talking to a provider's API becomes one of these
 * classes; only rate limits and transient errors are retried, and an auth error pauses an
 * account's scheduled syncs until its credentials change.
 */
import { TokenLedgerError } from "../core/errors.ts";

export const PROVIDER_ERROR_CLASSES = [
  "auth",
  "rate_limit",
  "billing",
  "transient",
  "bad_response",
  "bad_request",
] as const;
export type ProviderErrorClass = (typeof PROVIDER_ERROR_CLASSES)[number];

/** Plain words for each class, for the CLI and dashboard. */
export const PROVIDER_ERROR_WORDS = {
  auth: "the provider refused the credentials",
  rate_limit: "the provider is rate limiting requests",
  billing: "the provider reports a billing problem or spend cap",
  transient: "the provider is temporarily unavailable",
  bad_response: "the provider sent a response TokenLedger could not read",
  bad_request: "the provider rejected the request",
} as const satisfies Record<ProviderErrorClass, string>;

export interface ProviderErrorInfo {
  provider: string;
  status?: number | undefined;
  /** The provider's own error type, e.g. "authentication_error". */
  providerType?: string | undefined;
  requestId?: string | undefined;
}

export abstract class ProviderError extends TokenLedgerError {
  abstract readonly errorClass: ProviderErrorClass;
  readonly status = 502;
  readonly info: ProviderErrorInfo;

  constructor(message: string, info: ProviderErrorInfo, options?: ErrorOptions) {
    super(message, [], options);
    this.info = info;
  }

  get code(): string {
    return `provider_${this.errorClass}`;
  }
}

/** Invalid, expired or revoked key, or a key without the needed permission. */
export class ProviderAuthError extends ProviderError {
  readonly errorClass = "auth";
  constructor(
    message: string,
    info: ProviderErrorInfo,
    readonly reason: "invalid_key" | "insufficient_permission",
    options?: ErrorOptions,
  ) {
    super(message, info, options);
  }
}

export class ProviderRateLimitError extends ProviderError {
  readonly errorClass = "rate_limit";
  constructor(
    message: string,
    info: ProviderErrorInfo,
    /** From `retry-after`, when the provider sent it. */
    readonly retryAfterMs: number | null,
    options?: ErrorOptions,
  ) {
    super(message, info, options);
  }
}

/** A spend cap or billing problem: retrying does not help. */
export class ProviderBillingError extends ProviderError {
  readonly errorClass = "billing";
}

/** Timeouts, connection errors, 5xx, overloaded. */
export class ProviderTransientError extends ProviderError {
  readonly errorClass = "transient";
}

/** A response that is not what the documented format says (malformed JSON, wrong shape). */
export class ProviderBadResponseError extends ProviderError {
  readonly errorClass = "bad_response";
}

/** The provider rejected the request itself (4xx other than auth and rate limits). */
export class ProviderBadRequestError extends ProviderError {
  readonly errorClass = "bad_request";
}

export function isRetryable(error: unknown): boolean {
  return error instanceof ProviderRateLimitError || error instanceof ProviderTransientError;
}
