/**
 * `withTokenLedger(client, options)`: a Proxy over an `openai`, `groq-sdk` or
 * `@anthropic-ai/sdk` client whose usage-bearing `create` methods report usage. Everything else
 * passes straight through, so the application's code and types stay as they were.
 */
import { type CaptureContext, capture, type Endpoint } from "./capture.ts";
import { keySuffix } from "./records.ts";
import { Reporter } from "./reporter.ts";
import type { Provider, TokenLedger, TokenLedgerOptions } from "./types.ts";

type Route = { readonly [key: string]: Route | Endpoint };
type Shape = "openai" | "anthropic";
type Fn = (...args: unknown[]) => unknown;

const ROUTES: Record<Shape, Route> = {
  openai: {
    chat: { completions: { create: "chat.completions" } },
    responses: { create: "responses" },
    embeddings: { create: "embeddings" },
  },
  anthropic: { messages: { create: "messages" } },
};

const handles = new WeakMap<object, TokenLedger>();
let warnedShape = false;

export type WithTokenLedger<T> = T & { readonly tokenLedger: TokenLedger };

export function withTokenLedger<T extends object>(
  client: T,
  options: TokenLedgerOptions,
): WithTokenLedger<T> {
  const reporter = new Reporter(options ?? {});
  const handle: TokenLedger = {
    flush: () => reporter.flush(),
    shutdown: (settings) => reporter.shutdown(settings),
    stats: () => reporter.stats(),
  };
  return build(client, options ?? {}, reporter, handle) as WithTokenLedger<T>;
}

/** Awaits delivery of what `client` (a wrapped client) has buffered; a no-op for other objects. */
export function flush(client: object): Promise<void> {
  return handles.get(client)?.flush() ?? Promise.resolve();
}

/** Flushes and stops the reporting of a wrapped client; a no-op for other objects. */
export function shutdown(client: object, options?: { timeoutMs?: number }): Promise<void> {
  return handles.get(client)?.shutdown(options) ?? Promise.resolve();
}

function build(
  client: object,
  options: Partial<TokenLedgerOptions>,
  reporter: Reporter,
  handle: TokenLedger,
): object {
  let ctx: CaptureContext | null = null;
  let route: Route = {};
  try {
    const shape = shapeOf(client);
    if (shape) {
      ctx = contextOf(client, shape, options, reporter);
      route = ROUTES[shape];
    } else if (!warnedShape) {
      warnedShape = true;
      console.warn(
        "[tokenledger] not an openai, groq-sdk or @anthropic-ai/sdk client: usage is not reported",
      );
    }
  } catch {
    ctx = null;
  }
  const cache = new Map<PropertyKey, { source: unknown; value: unknown }>();
  const root: object = new Proxy(client, {
    get(target, prop) {
      if (prop === "tokenLedger") return handle;
      const value = Reflect.get(target, prop, target);
      const sub = typeof prop === "string" && Object.hasOwn(route, prop) ? route[prop] : undefined;
      return memo(cache, prop, value, () => {
        if (ctx && typeof sub === "object" && isObject(value)) {
          return resource(value, sub, ctx, { client, root });
        }
        if (typeof value !== "function") return value;
        // Client methods may use private fields: they run on the client itself.
        if (prop !== "withOptions") return value.bind(target);
        return (...args: unknown[]) => {
          const copy = Reflect.apply(value, target, args);
          return isObject(copy) ? build(copy, options, reporter, handle) : copy;
        };
      });
    },
  });
  handles.set(root, handle);
  return root;
}

/**
 * A resource (`chat`, `chat.completions`, `messages` …). Its methods run with the proxy as
 * `this` and see the wrapped client as `this._client`, so the SDKs' helpers
 * (`messages.stream()`, `chat.completions.stream()`, `.parse()` …) go through the wrapped `create`.
 */
function resource(
  target: object,
  route: Route,
  ctx: CaptureContext,
  clients: { client: object; root: object },
): object {
  const cache = new Map<PropertyKey, { source: unknown; value: unknown }>();
  return new Proxy(target, {
    get(self, prop, receiver) {
      const value = Reflect.get(self, prop, receiver);
      if (prop === "_client" && value === clients.client) return clients.root;
      const sub = typeof prop === "string" && Object.hasOwn(route, prop) ? route[prop] : undefined;
      if (sub === undefined) return value;
      return memo(cache, prop, value, () => {
        if (typeof sub === "string" && typeof value === "function") {
          return (...args: unknown[]) => capture(ctx, sub, value as Fn, self, args);
        }
        if (typeof sub === "object" && isObject(value)) return resource(value, sub, ctx, clients);
        return value;
      });
    },
  });
}

function shapeOf(client: object): Shape | null {
  const c = client as {
    chat?: { completions?: { create?: unknown } };
    messages?: { create?: unknown };
  };
  if (typeof c.chat?.completions?.create === "function") return "openai";
  if (typeof c.messages?.create === "function") return "anthropic";
  return null;
}

function contextOf(
  client: object,
  shape: Shape,
  options: Partial<TokenLedgerOptions>,
  reporter: Reporter,
): CaptureContext {
  const detected =
    shape === "anthropic" ? { provider: "anthropic" as const, guessed: false } : providerOf(client);
  return {
    reporter,
    provider: options.provider ?? detected.provider,
    guessed: !options.provider && detected.guessed,
    account: options.account || null,
    project: options.project || null,
    apiKeySuffix: keySuffix((client as { apiKey?: unknown }).apiKey),
    includeStreamUsage: options.includeStreamUsage !== false,
  };
}

/** OpenAI-compatible clients: the provider from the base URL's host, else from the class. */
function providerOf(client: object): { provider: Provider; guessed: boolean } {
  const { baseURL } = client as { baseURL?: unknown };
  let host = "";
  try {
    host = new URL(String(baseURL)).hostname;
  } catch {
    host = "";
  }
  if (/(^|\.)groq\.com$/.test(host)) return { provider: "groq", guessed: false };
  if (/(^|\.)perplexity\.ai$/.test(host)) return { provider: "perplexity", guessed: false };
  if (/(^|\.)openai\.com$/.test(host)) return { provider: "openai", guessed: false };
  if (client.constructor?.name === "Groq") return { provider: "groq", guessed: false };
  return { provider: "openai", guessed: true };
}

function memo(
  cache: Map<PropertyKey, { source: unknown; value: unknown }>,
  prop: PropertyKey,
  source: unknown,
  make: () => unknown,
): unknown {
  if (!isObject(source) && typeof source !== "function") return source;
  const hit = cache.get(prop);
  if (hit && hit.source === source) return hit.value;
  const value = make();
  cache.set(prop, { source, value });
  return value;
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === "object";
}
