/** One `POST /api/v1/usage` and what to do about its answer. */

export type Outcome =
  | { kind: "ok" }
  /** A 4xx other than 408/429: the batch can never succeed. */
  | { kind: "rejected"; error: string }
  /** A network error, a timeout, 408, 429 or 5xx: worth trying again. */
  | { kind: "retry"; afterMs: number; error: string };

export async function postBatch(
  fetcher: typeof fetch,
  url: string,
  key: string,
  body: string,
  signal: AbortSignal,
): Promise<Outcome> {
  let response: Response;
  try {
    response = await fetcher(url, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body,
      signal,
    });
  } catch (error) {
    return { kind: "retry", afterMs: 0, error: describe(error) };
  }
  const text = await response.text().catch(() => "");
  if (response.ok) return { kind: "ok" };
  const { status } = response;
  const error = `HTTP ${status}${envelopeMessage(text)}`;
  if (status === 408 || status === 429 || status >= 500) {
    return { kind: "retry", afterMs: retryAfterMs(response.headers.get("retry-after")), error };
  }
  return { kind: "rejected", error };
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from now. */
function retryAfterMs(header: string | null): number {
  if (!header) return 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1_000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? 0 : Math.max(0, date - Date.now());
}

/** `: code: message` from TokenLedger's `{"error":{"code","message"}}` envelope, when there is one. */
function envelopeMessage(text: string): string {
  try {
    const error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
    if (typeof error?.message === "string") {
      return `: ${String(error.code ?? "error")}: ${error.message}`;
    }
  } catch {
    // Not JSON: the status says enough.
  }
  return "";
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = cause?.code ?? cause?.message;
  return detail ? `${error.message} (${String(detail)})` : error.message;
}
