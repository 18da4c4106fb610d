/**
 * Serves the built dashboard (`web/dist`, made by `npm run build:web`) at `/`.
 *
 * - Files under `assets/` carry content hashes in their names: cached for a year, immutable.
 *   A missing asset is a 404 (never the HTML page, which a browser would try to run as code).
 * - `index.html` answers `/` and, as the single-page app's fallback, every other GET path
 *   without a file, except the server's own: `/api`, `/proxy`, `/healthz`, `/metrics`.
 *   It is revalidated on every load so a new build shows at once.
 * - Without a build, every dashboard path answers 200 with a short page saying how to build it.
 * - Paths are decoded segment by segment; `..`, `.`, encoded slashes or NUL bytes are refused
 *   with 400, and the resolved file (symlinks followed) must lie inside the dist directory.
 */
import { readFile, realpath, stat } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Context, MiddlewareHandler } from "hono";
import { errorBody } from "./errors.ts";

/** `web/dist` of this checkout, relative to this file (src/server/static.ts). */
export const DEFAULT_DIST_DIR = new URL("../../web/dist/", import.meta.url);

/** First path segments that belong to the server, never to the dashboard. */
const SERVER_PREFIXES = new Set(["api", "proxy", "healthz", "metrics"]);

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".wasm": "application/wasm",
};

const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "no-cache";

/** For HTML: the dashboard loads only its own scripts and talks only to its own origin. */
const HTML_HEADERS = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
};

export interface DashboardOptions {
  /** The built dashboard; defaults to DEFAULT_DIST_DIR. Injectable for tests. */
  distDir?: string | URL;
}

/** The GET handler for `*`: mount it after every other route. */
export function serveDashboard(options: DashboardOptions = {}): MiddlewareHandler {
  const dir = options.distDir ?? DEFAULT_DIST_DIR;
  const root = resolve(typeof dir === "string" ? dir : fileURLToPath(dir));

  return async (c, next) => {
    const pathname = new URL(c.req.url).pathname;
    if (isServerPath(pathname)) return next();
    const segments = pathSegments(pathname);
    if (segments === null) return c.json(errorBody("bad_request", "invalid path"), 400);

    const index = await fileIn(root, "index.html");
    if (!index) return notBuilt(c);
    if (segments.length > 0) {
      const file = await fileIn(root, segments.join("/"));
      const isAsset = segments[0] === "assets";
      if (file) return send(c, file, isAsset ? IMMUTABLE : REVALIDATE);
      if (isAsset || segments.some((s) => s.startsWith("."))) {
        return c.json(errorBody("not_found", `no file ${c.req.path}`), 404);
      }
    }
    return send(c, index, REVALIDATE);
  };
}

/** Paths the server answers itself (its 404 stays a JSON error, not the dashboard). */
function isServerPath(pathname: string): boolean {
  const first = pathname.split("/").find((s) => s !== "") ?? "";
  let decoded = first;
  try {
    decoded = decodeURIComponent(first);
  } catch {
    // Left as it is: the segment check refuses it.
  }
  return SERVER_PREFIXES.has(first) || SERVER_PREFIXES.has(decoded);
}

/**
 * The decoded, non-empty segments of a URL path, or null for a path that tries to leave its
 * directory or smuggle separators (`..`, `.`, `%2f`, `%5c`, NUL, bad percent-encoding).
 */
export function pathSegments(pathname: string): string[] | null {
  const segments: string[] = [];
  for (const raw of pathname.split("/")) {
    if (raw === "") continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === "." || segment === ".." || /[/\\\0]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments;
}

interface FoundFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** A regular file at `relative` inside `root` (after resolving symlinks), or null. */
async function fileIn(root: string, relative: string): Promise<FoundFile | null> {
  const candidate = resolve(root, relative);
  if (!isInside(root, candidate)) return null;
  try {
    const [real, realRoot] = await Promise.all([realpath(candidate), realpath(root)]);
    if (!isInside(realRoot, real)) return null;
    const info = await stat(real);
    return info.isFile() ? { path: real, size: info.size, mtimeMs: info.mtimeMs } : null;
  } catch {
    return null;
  }
}

function isInside(root: string, path: string): boolean {
  return path.startsWith(root.endsWith(sep) ? root : root + sep);
}

async function send(c: Context, file: FoundFile, cacheControl: string) {
  const type = CONTENT_TYPES[extname(file.path).toLowerCase()] ?? "application/octet-stream";
  const etag = `W/"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`;
  const headers: Record<string, string> = {
    "content-type": type,
    "cache-control": cacheControl,
    etag,
    "x-content-type-options": "nosniff",
    ...(type.startsWith("text/html") ? HTML_HEADERS : {}),
  };
  if (c.req.header("if-none-match") === etag) return c.body(null, 304, headers);
  const body = await readFile(file.path);
  return c.body(new Uint8Array(body), 200, headers);
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>TokenLedger</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>TokenLedger</h1>
<p>The dashboard is not built yet. Build it from the repository root with</p>
<pre>npm run build:web</pre>
<p>and reload this page. The API is running: see <a href="/api/openapi.json">/api/openapi.json</a>
and <a href="/healthz">/healthz</a>.</p>
</body>
</html>
`;

function notBuilt(c: Context) {
  return c.body(NOT_BUILT_PAGE, 200, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...HTML_HEADERS,
  });
}
