/**
 * One error envelope for every failure: `{"error":{"code","message","details"}}`. Expected
 * errors keep their status and words; anything else is a 500 that says nothing internal.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type ErrorDetail, TokenLedgerError } from "../core/errors.ts";
import type { Logger } from "../logging/logger.ts";

export interface ErrorEnvelope {
  error: { code: string; message: string; details: ErrorDetail[] };
}

export function errorBody(
  code: string,
  message: string,
  details: ErrorDetail[] = [],
): ErrorEnvelope {
  return { error: { code, message, details } };
}

export function errorHandler(logger: Logger) {
  return (error: Error, c: Context) => {
    if (error instanceof TokenLedgerError) {
      return c.json(
        errorBody(error.code, error.message, error.details),
        error.status as ContentfulStatusCode,
      );
    }
    if (error instanceof HTTPException) {
      const code =
        error.status === 413
          ? "payload_too_large"
          : error.status === 400
            ? "bad_request"
            : "http_error";
      return c.json(errorBody(code, error.message || "request failed"), error.status);
    }
    logger.error({ err: error, method: c.req.method, path: c.req.path }, "unexpected error");
    return c.json(
      errorBody("internal_error", "an unexpected error occurred; see the server log"),
      500,
    );
  };
}
