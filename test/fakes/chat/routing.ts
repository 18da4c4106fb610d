/**
 * Which dialect a path is answered in. At the root each provider's real path picks its flavour,
 * so every provider's base URL can be the server's own URL; under a mount (default `/groq`,
 * `/perplexity`, `/anthropic`) the mount's flavour answers any chat path.
 */
import type { ChatFault, ChatFlavour } from "./types.ts";

/** The path each provider serves chat on, relative to its host (`https://api.groq.com` …). */
export const PROVIDER_PATHS: Readonly<Record<ChatFlavour, string>> = {
  groq: "/openai/v1/chat/completions",
  openai: "/v1/chat/completions",
  perplexity: "/chat/completions",
  anthropic: "/v1/messages",
};

export const DEFAULT_MOUNTS: Readonly<Record<string, ChatFlavour>> = {
  "/groq": "groq",
  "/perplexity": "perplexity",
  "/anthropic": "anthropic",
};

const COMPATIBLE_PATHS = new Set([
  PROVIDER_PATHS.groq,
  PROVIDER_PATHS.openai,
  PROVIDER_PATHS.perplexity,
]);

export interface Route {
  /** null: neither a provider path nor under a mount. */
  flavour: ChatFlavour | null;
  /** The path after the mount prefix. */
  providerPath: string;
  /** The flavour serves chat on `providerPath`. */
  served: boolean;
}

export function route(path: string, mounts: Readonly<Record<string, ChatFlavour>>): Route {
  for (const [prefix, flavour] of Object.entries(mounts)) {
    if (!path.startsWith(`${prefix}/`)) continue;
    const providerPath = path.slice(prefix.length);
    const served =
      flavour === "anthropic"
        ? providerPath === PROVIDER_PATHS.anthropic
        : COMPATIBLE_PATHS.has(providerPath);
    return { flavour, providerPath, served };
  }
  for (const [flavour, providerPath] of Object.entries(PROVIDER_PATHS)) {
    if (path === providerPath)
      return { flavour: flavour as ChatFlavour, providerPath, served: true };
  }
  return { flavour: null, providerPath: path, served: false };
}

/** Removes (or counts down) and returns the first queued fault that applies to the request. */
export function takeChatFault(
  queue: ChatFault[],
  flavour: ChatFlavour,
  providerPath: string,
  path: string,
): ChatFault | undefined {
  const index = queue.findIndex(
    (fault) =>
      (fault.flavour === undefined || fault.flavour === flavour) &&
      (fault.path === undefined || fault.path === providerPath || fault.path === path),
  );
  const fault = queue[index];
  if (fault === undefined) return undefined;
  const remaining = (fault.times ?? 1) - 1;
  if (remaining > 0) queue[index] = { ...fault, times: remaining };
  else queue.splice(index, 1);
  return fault;
}

export function chatFaultLabel(fault: ChatFault): string {
  if ("status" in fault) return String(fault.status);
  if ("cutAfterChunks" in fault) return `cut after ${fault.cutAfterChunks}`;
  return `delay ${fault.delayMs}ms`;
}
