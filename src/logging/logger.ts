/**
 * Structured logs (pino). Anything that could hold a secret is redacted by path, and request
 * logs carry method, path and status only — never headers or bodies.
 */
import { pino, type Logger } from "pino";

export const REDACTED_PATHS = [
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  'headers["x-api-key"]',
  'headers["x-tokenledger-key"]',
  "token",
  "*.token",
  "admin_key",
  "*.admin_key",
  "api_key",
  "*.api_key",
  "password",
  "*.password",
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "tokenledger" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export type { Logger };
