/**
 * A fake inference upstream over real HTTP: OpenAI, Groq and Perplexity chat completions and
 * Anthropic Messages on one server, answered so the official SDKs accept them unmodified.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { requestIds } from "../http.ts";
import { type HandlerConfig, handleChat, type Reply } from "./handler.ts";
import type { CostNotation } from "./perplexity-cost.ts";
import { DEFAULT_MOUNTS } from "./routing.ts";
import type { ChatFlavour, ChatRequestLog, ChatUpstreamState } from "./types.ts";
import { DATED_MODELS, DEFAULT_COMPLETION_TOKENS } from "./usage.ts";

export interface ChatUpstreamOptions {
  /** Keys that pass auth (default null: any non-empty key). */
  validKeys?: string[] | null;
  /** Pause between SSE frames (default 5 ms). */
  chunkDelayMs?: number;
  /** Content deltas per stream (default 4). */
  chunkCount?: number;
  /** Completion tokens unless the request's `max_tokens` is lower (default 16). */
  defaultCompletionTokens?: number;
  /** Extra requested-alias → answered-model pairs, over `DATED_MODELS`. */
  modelAliases?: Record<string, string>;
  /** Path prefix → flavour (default `DEFAULT_MOUNTS`: `/groq`, `/perplexity`, `/anthropic`). */
  mounts?: Record<string, ChatFlavour>;
  /** Perplexity cost literals: "plain" (`0.000037`, default) or "python" (`3.7e-05`). */
  costNotation?: CostNotation;
  /** The clock behind `created` (default: the real time). */
  now?: () => Date;
}

export interface FakeChatUpstream {
  /** `http://127.0.0.1:<port>`: the base URL of every provider (see README.md). */
  url: string;
  state: ChatUpstreamState;
  close(): Promise<void>;
}

export async function startFakeChatUpstream(
  options: ChatUpstreamOptions = {},
): Promise<FakeChatUpstream> {
  const state: ChatUpstreamState = {
    validKeys: options.validKeys ?? null,
    nextUsage: [],
    faults: [],
    requests: [],
    served: [],
  };
  let sequence = 0;
  const config: HandlerConfig = {
    mounts: options.mounts ?? DEFAULT_MOUNTS,
    chunkCount: options.chunkCount ?? 4,
    costNotation: options.costNotation ?? "plain",
    defaultCompletionTokens: options.defaultCompletionTokens ?? DEFAULT_COMPLETION_TOKENS,
    modelAliases: { ...DATED_MODELS, ...options.modelAliases },
    now: options.now ?? (() => new Date()),
    nextRequestId: requestIds(),
    nextSequence: () => {
      sequence += 1;
      return sequence;
    },
  };
  const chunkDelayMs = options.chunkDelayMs ?? 5;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      let answer: { entry: ChatRequestLog; reply: Reply };
      try {
        answer = handleChat(
          {
            method: req.method ?? "GET",
            path: url.pathname,
            query: url.searchParams,
            headers: req.headers,
            rawBody: Buffer.concat(chunks).toString("utf8"),
          },
          state,
          config,
        );
      } catch (error) {
        // A bug in the fake or in a test's usage override: loud, not a silent hang.
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(`fake chat upstream failure: ${String(error)}`);
        return;
      }
      const { entry, reply } = answer;
      res.on("close", () => {
        if (entry.outcome === "pending") entry.outcome = "client closed";
      });
      later(reply.delayMs, () => send(res, reply, entry, chunkDelayMs, later));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Writes the reply; SSE frames one by one with a real pause, so streaming can be observed. */
function send(
  res: ServerResponse,
  reply: Reply,
  entry: ChatRequestLog,
  chunkDelayMs: number,
  later: (ms: number, run: () => void) => void,
): void {
  if (res.destroyed) return;
  res.writeHead(reply.status, reply.headers);
  const cut = () => {
    entry.outcome = "cut";
    res.destroy();
  };
  if (!reply.stream) {
    const body = reply.frames.join("");
    if (reply.cutAfterChunks !== null) {
      res.write(body.slice(0, Math.max(1, Math.floor(body.length / 2))), cut);
      return;
    }
    reply.onComplete?.();
    entry.outcome = "completed";
    res.end(body);
    return;
  }
  // The status line and headers go out at once, before the first frame.
  res.flushHeaders();
  const writeFrom = (index: number) => {
    if (res.destroyed) return;
    if (reply.cutAfterChunks !== null && index >= reply.cutAfterChunks) return cut();
    const frame = reply.frames[index];
    if (frame === undefined) {
      reply.onComplete?.();
      entry.outcome = "completed";
      res.end();
      return;
    }
    res.write(frame);
    later(chunkDelayMs, () => writeFrom(index + 1));
  };
  writeFrom(0);
}
