import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { TokenLedgerError } from "../../src/core/errors.ts";
import type { Logger } from "../../src/logging/logger.ts";
import { errorHandler } from "../../src/server/errors.ts";

/**
 * The app's own error handler, which also prints unexpected errors: the log stays silent (as
 * measured), yet a run whose requests fail with 500 still says why.
 */
export function errorHandlerPrintingUnexpected(logger: Logger) {
  const handle = errorHandler(logger);
  return (error: Error, c: Context) => {
    if (!(error instanceof TokenLedgerError) && !(error instanceof HTTPException)) {
      console.error(`ingest server: ${c.req.method} ${c.req.path} failed:`, error);
    }
    return handle(error, c);
  };
}
