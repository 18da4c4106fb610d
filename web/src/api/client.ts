/**
 * The dashboard's only way to the server: same-origin `fetch` to /api/v1 with the session
 * cookie. State-changing calls echo the readable CSRF cookie in `x-tokenledger-csrf` (the
 * server's double-submit check); failures become `ApiError` with the server's own words.
 */

export const CSRF_COOKIE = "tl_csrf";
export const CSRF_HEADER = "x-tokenledger-csrf";

export interface ErrorDetail {
  field?: string;
  line?: number;
  message: string;
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The message for one input field, as the server named it (`field` or its last segment). */
  fieldMessage(field: string): string | undefined {
    return this.details.find((d) => d.field === field || d.field?.endsWith(`.${field}`))?.message;
  }
}

/** Listeners told when the server says the session is gone, so the app can show sign-in. */
const signedOutListeners = new Set<() => void>();
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

type Query = Record<string, string | number | boolean | null | undefined | readonly string[]>;

/** `/api/v1/<path>?<query>`, leaving out empty values. */
export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else params.set(key, String(value));
  }
  const search = params.toString();
  return `/api/v1/${path.replace(/^\//, "")}${search ? `?${search}` : ""}`;
}

async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as {
      error?: { code?: string; message?: string; details?: ErrorDetail[] };
    };
    if (body.error?.message) {
      return new ApiError(
        response.status,
        body.error.code ?? "error",
        body.error.message,
        body.error.details ?? [],
      );
    }
  } catch {
    // Not the JSON envelope (a proxy's HTML error page, say): fall through to the status text.
  }
  return new ApiError(
    response.status,
    "http_error",
    `The server answered ${response.status} ${response.statusText}`.trim(),
  );
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

/** A JSON request to /api/v1; resolves to the parsed body or rejects with ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET") {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers[CSRF_HEADER] = csrf;
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError(
      0,
      "network_error",
      "Could not reach the TokenLedger server. Is it running?",
    );
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 401 && path !== "session")
      for (const listener of signedOutListeners) listener();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
