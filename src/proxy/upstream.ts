/**
 * Where a proxied request goes. Only the configured base URL of a known provider can be
 * reached: the provider comes from a closed list, the path is appended to that base, and the
 * result must keep the base's origin — so no path, encoding or header can steer the proxy to
 * another host. It is never an open relay.
 */
import type { ProviderId } from "../providers/registry.ts";

/** Providers whose API traffic the proxy captures. */
const CAPTURE_PROVIDERS = [
  "groq",
  "perplexity",
  "openai",
  "anthropic",
] as const satisfies readonly ProviderId[];
export type CaptureProvider = (typeof CAPTURE_PROVIDERS)[number];

export interface ProxyTarget {
  provider: CaptureProvider;
  /** The upstream URL. */
  url: URL;
  /** The path after `/proxy/<provider>`, as the provider's API sees it relative to its base. */
  apiPath: string;
}

export type TargetResult =
  | { ok: true; target: ProxyTarget }
  | { ok: false; status: 400 | 404; message: string };

// The provider segment is letters only; the rest is a plain path (percent-escapes allowed,
// checked again after decoding below).
const PROXY_PATH = /^\/proxy\/([a-z]+)(\/[^?#]*)?$/;

export function resolveTarget(
  rawUrl: string,
  baseUrls: Readonly<Record<ProviderId, string>>,
): TargetResult {
  const queryAt = rawUrl.indexOf("?");
  const path = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  const query = queryAt === -1 ? "" : rawUrl.slice(queryAt);
  const match = PROXY_PATH.exec(path);
  if (!match)
    return {
      ok: false,
      status: 404,
      message: "use /proxy/<provider>/<API path>, e.g. /proxy/groq/openai/v1/chat/completions",
    };
  const provider = match[1] as string;
  if (!(CAPTURE_PROVIDERS as readonly string[]).includes(provider)) {
    return {
      ok: false,
      status: 404,
      message: `unknown provider "${provider}"; the proxy serves ${CAPTURE_PROVIDERS.join(", ")}`,
    };
  }
  const apiPath = match[2] ?? "/";
  let decoded: string;
  try {
    decoded = decodeURIComponent(apiPath);
  } catch {
    return { ok: false, status: 400, message: "the path is not valid percent-encoding" };
  }
  // Dot segments, backslashes, encoded slashes or an authority in the path could change what
  // the URL parser resolves to; none is needed by any provider API.
  if (
    /(^|\/)\.\.?(\/|$)/.test(decoded) ||
    decoded.includes("\\") ||
    decoded.includes("//") ||
    /%2f|%5c/i.test(apiPath) ||
    decoded.includes("@") ||
    hasControlCharacter(decoded)
  ) {
    return {
      ok: false,
      status: 400,
      message: "the path may not contain dot segments, encoded slashes, backslashes or @",
    };
  }
  const base = new URL(baseUrls[provider as CaptureProvider]);
  const url = new URL(base.href);
  url.pathname = `${base.pathname.replace(/\/+$/, "")}${apiPath}`;
  url.search = query;
  if (url.origin !== base.origin)
    return { ok: false, status: 400, message: "the path would leave the provider's host" };
  return { ok: true, target: { provider: provider as CaptureProvider, url, apiPath } };
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}
