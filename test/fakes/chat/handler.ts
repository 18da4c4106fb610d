/** Decides the answer to one request: route, auth, faults, validation, then the provider body. */
import type { IncomingHttpHeaders } from "node:http";
import { queryRecord } from "../http.ts";
import type { AnswerContext } from "./answer.ts";
import { buildMessage } from "./anthropic-messages.ts";
import { defaultErrorMessage, errorBody } from "./errors.ts";
import { buildChatCompletion } from "./openai-compatible.ts";
import type { CostNotation } from "./perplexity-cost.ts";
import { chatFaultLabel, route, takeChatFault } from "./routing.ts";
import { toJson } from "./sse.ts";
import type { ChatFlavour, ChatRequestLog, ChatUpstreamState, ServedChat } from "./types.ts";
import { type PlanOptions, planAnswer } from "./usage.ts";

export interface IncomingChat {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/** What the server writes: one JSON body, or SSE frames paced `chunkDelayMs` apart. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  frames: string[];
  stream: boolean;
  /** Held back this long before the status line. */
  delayMs: number;
  /** Destroy the socket after this many frames (JSON: after half the body). */
  cutAfterChunks: number | null;
  /** Runs as the last byte is handed to the socket. */
  onComplete: (() => void) | null;
}

export interface HandlerConfig extends PlanOptions {
  mounts: Readonly<Record<string, ChatFlavour>>;
  chunkCount: number;
  costNotation: CostNotation;
  now: () => Date;
  nextRequestId: () => string;
  nextSequence: () => number;
}

const AUTH_HEADERS = new Set(["authorization", "x-api-key"]);

/**
 * The provider key and how it came. OpenAI-compatible: `Authorization: Bearer`. Anthropic:
 * `x-api-key`, or `Authorization: Bearer`, which is what @anthropic-ai/sdk 1.x sends.
 */
function presentedKey(
  flavour: ChatFlavour | null,
  headers: IncomingHttpHeaders,
): { key: string; scheme: "bearer" | "x-api-key" } | null {
  const apiKey = headers["x-api-key"];
  const bearer = /^Bearer\s+(\S+)/i.exec(headers.authorization ?? "")?.[1];
  if (flavour !== "anthropic" && flavour !== null) {
    return bearer === undefined ? null : { key: bearer, scheme: "bearer" };
  }
  if (typeof apiKey === "string" && apiKey !== "") return { key: apiKey, scheme: "x-api-key" };
  return bearer === undefined ? null : { key: bearer, scheme: "bearer" };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function logEntry(
  incoming: IncomingChat,
  flavour: ChatFlavour | null,
  auth: ReturnType<typeof presentedKey>,
) {
  const headers: ChatRequestLog["headers"] = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (!AUTH_HEADERS.has(name)) headers[name] = value;
  }
  const body = parseJson(incoming.rawBody);
  const entry: ChatRequestLog = {
    time: new Date(),
    method: incoming.method,
    path: incoming.path,
    flavour,
    query: queryRecord(incoming.query),
    headers,
    hasAuth: auth !== null,
    authScheme: auth?.scheme ?? null,
    keySuffix: auth === null ? null : auth.key.slice(-4),
    rawBody: incoming.rawBody,
    body,
    stream: (body as { stream?: unknown } | undefined)?.stream === true,
    status: 0,
    fault: null,
    requestId: "",
    outcome: "pending",
  };
  return entry;
}

function idHeaders(flavour: ChatFlavour | null, requestId: string): Record<string, string> {
  if (flavour === "anthropic") return { "request-id": requestId };
  const headers: Record<string, string> = { "x-request-id": requestId };
  if (flavour === "groq") {
    Object.assign(headers, {
      "x-ratelimit-limit-requests": "14400",
      "x-ratelimit-limit-tokens": "6000",
      "x-ratelimit-remaining-requests": "14399",
      "x-ratelimit-remaining-tokens": "5900",
      "x-ratelimit-reset-requests": "6s",
      "x-ratelimit-reset-tokens": "1s",
    });
  }
  if (flavour === "openai") headers["openai-version"] = "2020-10-01";
  return headers;
}

/** Why a well-routed, authorized body cannot be answered, or null when it can. */
function invalidBody(flavour: ChatFlavour, body: unknown): string | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return "The request body is not a JSON object";
  }
  const fields = body as Record<string, unknown>;
  if (typeof fields.model !== "string" || fields.model === "") return "model: field required";
  if (!Array.isArray(fields.messages) || fields.messages.length === 0) {
    return "messages: at least one message is required";
  }
  if (flavour === "anthropic" && typeof fields.max_tokens !== "number") {
    return "max_tokens: Field required";
  }
  return null;
}

/** Why a routed request is turned away before any fault or answer: [status, message], or null. */
function refusal(
  incoming: IncomingChat,
  flavour: ChatFlavour,
  auth: ReturnType<typeof presentedKey>,
  state: ChatUpstreamState,
): [number, string] | null {
  const anthropic = flavour === "anthropic";
  if (incoming.method !== "POST") {
    return [405, `Method ${incoming.method} not allowed on ${incoming.path}`];
  }
  if (auth === null) {
    return [401, `${anthropic ? "x-api-key" : "Authorization: Bearer"} header is required`];
  }
  if (state.validKeys !== null && !state.validKeys.includes(auth.key)) {
    return [401, anthropic ? "invalid x-api-key" : "Invalid API Key"];
  }
  if (anthropic && incoming.headers["anthropic-version"] === undefined) {
    return [400, "anthropic-version: header is required"];
  }
  return null;
}

export function handleChat(
  incoming: IncomingChat,
  state: ChatUpstreamState,
  config: HandlerConfig,
): { entry: ChatRequestLog; reply: Reply } {
  const { flavour, providerPath, served } = route(incoming.path, config.mounts);
  const auth = presentedKey(flavour, incoming.headers);
  const entry = logEntry(incoming, flavour, auth);
  entry.requestId = config.nextRequestId();
  state.requests.push(entry);
  const dialect = flavour ?? (incoming.path.endsWith("/messages") ? "anthropic" : "openai");
  const headers = {
    "content-type": "application/json",
    ...idHeaders(flavour, entry.requestId),
  };
  const reply = (status: number, frames: string[], extra: Partial<Reply> = {}): Reply => {
    entry.status = status;
    return {
      status,
      headers,
      frames,
      stream: false,
      delayMs: 0,
      cutAfterChunks: null,
      onComplete: null,
      ...extra,
    };
  };
  const fail = (status: number, message: string, extra: Record<string, string> = {}): Reply => {
    Object.assign(headers, extra);
    return reply(status, [toJson(errorBody(dialect, status, message, entry.requestId))]);
  };
  const done = (reply: Reply) => ({ entry, reply });
  if (flavour === null || !served) {
    return done(fail(404, `Unknown request URL: ${incoming.method} ${incoming.path}`));
  }
  const refused = refusal(incoming, flavour, auth, state);
  if (refused !== null) return done(fail(...refused));
  const fault = takeChatFault(state.faults, flavour, providerPath, incoming.path);
  if (fault !== undefined) entry.fault = chatFaultLabel(fault);
  if (fault !== undefined && "status" in fault) {
    const retryAfter: Record<string, string> =
      fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) };
    return done(fail(fault.status, fault.message ?? defaultErrorMessage(fault.status), retryAfter));
  }
  const problem = invalidBody(flavour, entry.body);
  if (problem !== null) return done(fail(400, problem));

  const body = entry.body as Record<string, unknown>;
  const plan = planAnswer(flavour, body, state.nextUsage.shift() ?? {}, config);
  const streamOptions = body.stream_options as { include_usage?: unknown } | undefined;
  const context: AnswerContext = {
    plan,
    requestId: entry.requestId,
    sequence: config.nextSequence(),
    created: Math.floor(config.now().getTime() / 1000),
    stream: entry.stream,
    includeUsage: streamOptions?.include_usage === true,
    chunkCount: config.chunkCount,
    costNotation: config.costNotation,
  };
  const built = flavour === "anthropic" ? buildMessage(context) : buildChatCompletion(context);
  const record: ServedChat = {
    flavour,
    requestId: entry.requestId,
    id: built.id,
    requestedModel: plan.requestedModel,
    model: plan.model,
    stream: entry.stream,
    keySuffix: entry.keySuffix,
    serviceTier: plan.serviceTier,
    tokens: plan.tokens,
    usageJson: built.usageJson,
    cost: built.cost,
  };
  if (entry.stream) {
    headers["content-type"] = "text/event-stream; charset=utf-8";
    Object.assign(headers, { "cache-control": "no-cache" });
  }
  return done(
    reply(200, built.frames, {
      stream: entry.stream,
      delayMs: fault !== undefined && "delayMs" in fault ? fault.delayMs : 0,
      cutAfterChunks:
        fault !== undefined && "cutAfterChunks" in fault ? fault.cutAfterChunks : null,
      onComplete: () => {
        state.served.push(record);
      },
    }),
  );
}
