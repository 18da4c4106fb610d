/**
 * Which headers cross the proxy. Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection
 * and are never forwarded; TokenLedger's own headers stay with TokenLedger; `host` is set by
 * the upstream connection. Everything else — including the client's provider key — passes
 * through untouched.
 */
import type { IncomingHttpHeaders } from "node:http";

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

const NOT_FORWARDED = new Set([
  "host",
  "content-length",
  "x-forwarded-host",
  "x-forwarded-proto",
  "forwarded",
]);

/** Headers to send upstream. */
export function upstreamHeaders(incoming: IncomingHttpHeaders): Record<string, string | string[]> {
  const listed = connectionListed(incoming.connection);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    if (
      HOP_BY_HOP.has(name) ||
      NOT_FORWARDED.has(name) ||
      listed.has(name) ||
      name.startsWith("x-tokenledger-")
    )
      continue;
    headers[name] = value;
  }
  return headers;
}

/** Headers to send back to the client. */
export function downstreamHeaders(
  upstream: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const listed = connectionListed(upstream.connection);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.has(name)) continue;
    headers[name] = value;
  }
  return headers;
}

function connectionListed(value: string | string[] | undefined): Set<string> {
  const text = Array.isArray(value) ? value.join(",") : (value ?? "");
  return new Set(
    text
      .split(",")
      .map((v) => v.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** The provider key the client sent (Bearer token, or Anthropic's x-api-key). */
export function providerKeyOf(headers: IncomingHttpHeaders): string | null {
  const apiKey = headers["x-api-key"];
  if (typeof apiKey === "string" && apiKey.trim()) return apiKey.trim();
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? "");
  return match?.[1] ?? null;
}

/** A single header value, or null. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  if (Array.isArray(value)) return value[0] ?? null;
  return value?.trim() || null;
}
