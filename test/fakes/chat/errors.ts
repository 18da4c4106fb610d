/** Error bodies in each provider's own format (providers.md §1.4, §3; OpenAI's documented shape). */
import type { ChatFlavour } from "./types.ts";

/** Anthropic `error.type` by status (providers.md §1.4). */
const ANTHROPIC_TYPES: Readonly<Record<number, string>> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  503: "overloaded_error",
  504: "timeout_error",
  529: "overloaded_error",
};

/** OpenAI-compatible `error.type` and `error.code` by status. */
const COMPATIBLE_TYPES: Readonly<Record<number, [type: string, code: string | null]>> = {
  400: ["invalid_request_error", null],
  401: ["invalid_request_error", "invalid_api_key"],
  403: ["permission_error", null],
  404: ["invalid_request_error", "unknown_url"],
  429: ["requests", "rate_limit_exceeded"],
  498: ["capacity_exceeded", "capacity_exceeded"],
  500: ["server_error", null],
  503: ["server_error", "service_unavailable"],
};

const DEFAULT_MESSAGES: Readonly<Record<number, string>> = {
  401: "Invalid API Key",
  429: "Rate limit reached: please try again later",
  498: "Flex tier capacity exceeded. This is a temporary condition; please retry later.",
  500: "The server had an error while processing your request",
  503: "Service unavailable",
  529: "Overloaded",
};

export function defaultErrorMessage(status: number): string {
  return DEFAULT_MESSAGES[status] ?? `Error ${status}`;
}

/** The error body a provider sends for `status`. */
export function errorBody(
  flavour: ChatFlavour,
  status: number,
  message: string,
  requestId: string,
): unknown {
  if (flavour === "anthropic") {
    const type = ANTHROPIC_TYPES[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
    return { type: "error", error: { type, message }, request_id: requestId };
  }
  const [type, code] =
    COMPATIBLE_TYPES[status] ??
    (status >= 500 ? ["server_error", null] : ["invalid_request_error", null]);
  if (flavour === "openai") return { error: { message, type, param: null, code } };
  return { error: { message, type, code } };
}
