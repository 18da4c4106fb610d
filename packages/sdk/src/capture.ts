/**
 * One wrapped `create` call: pass it through untouched (bar OpenAI's stream usage option),
 * observe the parsed result without altering it, and queue a usage record. Everything the
 * wrapper does on its own is guarded: its failures cost a record, never the application's call.
 */
import { type Attribution, toRecord } from "./records.ts";
import type { Reporter } from "./reporter.ts";
import {
  anthropicTap,
  chatTap,
  observeStream,
  responsesTap,
  type StreamEnd,
  type Tap,
} from "./streams.ts";
import type { Provider } from "./types.ts";
import {
  type Dict,
  dict,
  fromAnthropicMessage,
  fromChatCompletion,
  fromResponse,
  type Observation,
} from "./usage.ts";

export type Endpoint = "chat.completions" | "responses" | "embeddings" | "messages";

export interface CaptureContext {
  reporter: Reporter;
  provider: Provider;
  /** True when the provider was not given nor recognised from the base URL. */
  guessed: boolean;
  account: string | null;
  project: string | null;
  apiKeySuffix: string | null;
  includeStreamUsage: boolean;
}

interface Call {
  ctx: CaptureContext;
  endpoint: Endpoint;
  startedAt: number;
  started: number;
  stream: boolean;
  injected: boolean;
}

export function capture(
  ctx: CaptureContext,
  endpoint: Endpoint,
  create: (...args: unknown[]) => unknown,
  self: unknown,
  args: unknown[],
): unknown {
  const call: Call = {
    ctx,
    endpoint,
    startedAt: Date.now(),
    started: performance.now(),
    stream: false,
    injected: false,
  };
  let sent = args;
  try {
    const body = dict(args[0]);
    call.stream = body?.stream === true;
    if (body && wantsInjectedUsage(ctx, endpoint, body)) {
      sent = [
        { ...body, stream_options: { ...dict(body.stream_options), include_usage: true } },
        ...args.slice(1),
      ];
      call.injected = true;
    }
  } catch {
    sent = args;
  }
  const result = Reflect.apply(create, self, sent);
  try {
    return observe(result, (data) => settle(call, data));
  } catch {
    return result;
  }
}

function wantsInjectedUsage(ctx: CaptureContext, endpoint: Endpoint, body: Dict): boolean {
  return (
    ctx.includeStreamUsage &&
    ctx.provider === "openai" &&
    endpoint === "chat.completions" &&
    body.stream === true &&
    dict(body.stream_options)?.include_usage === undefined
  );
}

/**
 * Stainless `APIPromise`s are observed with their own `_thenUnwrap`, which returns another
 * `APIPromise` (so `.withResponse()` still works) and runs only when the app reads the result
 * (so `.asResponse()` still gets an unread body). Other thenables are observed on the side.
 */
function observe(result: unknown, see: (data: unknown) => void): unknown {
  const promise = result as {
    _thenUnwrap?: (transform: (data: unknown) => unknown) => unknown;
    then?: (ok: (data: unknown) => void, failed: () => void) => unknown;
  };
  const guarded = (data: unknown) => {
    try {
      see(data);
    } catch {
      // The record is lost; the application's result is not.
    }
    return data;
  };
  if (typeof promise?._thenUnwrap === "function") return promise._thenUnwrap(guarded);
  if (typeof promise?.then === "function") promise.then(guarded, () => {});
  return result;
}

function settle(call: Call, data: unknown): void {
  if (call.stream && data !== null && typeof data === "object") {
    const tap = tapFor(call);
    observeStream(data, tap, (end) => finish(call, tap.response(), end));
    return;
  }
  const body = dict(data);
  if (body) finish(call, body, null);
}

function tapFor(call: Call): Tap {
  if (call.endpoint === "messages") return anthropicTap();
  if (call.endpoint === "responses") return responsesTap();
  return chatTap(call.injected);
}

function finish(call: Call, body: Dict, end: StreamEnd | null): void {
  try {
    const { ctx } = call;
    if (!ctx.account) {
      ctx.reporter.drop(1, "no_account", "set the `account` option of withTokenLedger()");
      return;
    }
    const seen = read(call, body);
    const who: Attribution = {
      account: ctx.account,
      project: ctx.project,
      apiKeySuffix: ctx.apiKeySuffix,
    };
    const metadata: Dict = {
      endpoint: call.endpoint,
      latency_ms: Math.round(performance.now() - call.started),
      stream: end !== null,
      partial: end?.partial ?? false,
    };
    if (end) {
      metadata.first_chunk_ms = end.firstChunkMs;
      metadata.chunks = end.chunks;
    }
    ctx.reporter.add(toRecord(who, seen, new Date(call.startedAt).toISOString(), metadata));
  } catch {
    // Never let reporting reach the application.
  }
}

function read(call: Call, body: Dict): Observation {
  const { ctx } = call;
  if (call.endpoint === "messages") return fromAnthropicMessage(body);
  if (call.endpoint === "responses") return fromResponse(body, ctx.provider);
  return fromChatCompletion(body, ctx.provider, ctx.guessed);
}
