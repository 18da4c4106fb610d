/**
 * One error hierarchy for the whole service. Every expected failure is one of these; the HTTP
 * layer maps `status` and `code` to the error envelope, the CLI to a message and an exit code.
 */
export interface ErrorDetail {
  /** Index of the offending record in a batch, when the error is about a batch. */
  index?: number;
  /** Dotted path of the offending field. */
  field?: string;
  message: string;
}

export abstract class TokenLedgerError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  readonly details: ErrorDetail[];

  constructor(message: string, details: ErrorDetail[] = [], options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
  }
}

/** Input that breaks the schema or an invariant. */
export class ValidationError extends TokenLedgerError {
  readonly code = "validation_error";
  readonly status = 400;
}

export class NotFoundError extends TokenLedgerError {
  readonly code = "not_found";
  readonly status = 404;
}

export class ConflictError extends TokenLedgerError {
  readonly code = "conflict";
  readonly status = 409;
}

/** Missing or wrong TokenLedger credentials. */
export class UnauthorizedError extends TokenLedgerError {
  readonly code = "unauthorized";
  readonly status = 401;
}

export class PayloadTooLargeError extends TokenLedgerError {
  readonly code = "payload_too_large";
  readonly status = 413;
}

/** Wrong configuration given at start-up (environment, data directory). */
export class ConfigError extends TokenLedgerError {
  readonly code = "config_error";
  readonly status = 500;
}
