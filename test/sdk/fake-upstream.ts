/**
 * A tiny provider upstream on a real port, answering what the official SDKs ask for:
 * `/v1/chat/completions`, `/v1/responses`, `/v1/embeddings` (OpenAI), `/openai/v1/chat/completions`
 * (Groq), `/perplexity/chat/completions` (Perplexity) and `/v1/messages` (Anthropic), as JSON
 * or as SSE. Header `x-fake-chunk-delay-ms` spaces the stream's events out.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  anthropicMessage,
  groqChat,
  openaiChat,
  openaiEmbedding,
  openaiResponse,
  perplexityChat,
  type SseEvent,
} from "./fake-answers.ts";

type Body = Record<string, unknown>;

export interface FakeUpstream {
  url: string;
  /** Request bodies, in arrival order. */
  requests: { path: string; body: Body }[];
  close(): Promise<void>;
}

export async function startUpstream(): Promise<FakeUpstream> {
  const requests: FakeUpstream["requests"] = [];
  let next = 0;
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Body;
    const path = (request.url ?? "").split("?")[0] ?? "";
    requests.push({ path, body });
    next += 1;
    const stream = body.stream === true;
    const includeUsage = (body.stream_options as Body | undefined)?.include_usage === true;
    const delayMs = Number(request.headers["x-fake-chunk-delay-ms"] ?? 0);
    const answer = answerFor(path, body, next, stream, includeUsage);
    if (answer === null) {
      response.writeHead(404, { "content-type": "application/json" });
      response.end(
        JSON.stringify({ error: { message: `no fake for ${path}`, type: "not_found" } }),
      );
      return;
    }
    if (!stream) {
      response.writeHead(200, {
        "content-type": "application/json",
        "x-request-id": `req_${next}`,
      });
      response.end(JSON.stringify(answer));
      return;
    }
    await sendEvents(response, answer as SseEvent[], delayMs, path !== "/v1/messages");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answerFor(path: string, body: Body, n: number, stream: boolean, includeUsage: boolean) {
  switch (path) {
    case "/v1/chat/completions":
      return openaiChat(`chatcmpl-fake${n}`, stream, includeUsage);
    case "/openai/v1/chat/completions":
      return groqChat(`chatcmpl-groq${n}`, stream);
    case "/perplexity/chat/completions":
      return perplexityChat(`ppl-${n}`, String(body.model), stream);
    case "/v1/messages":
      return anthropicMessage(`msg_fake${n}`, stream);
    case "/v1/responses":
      return openaiResponse(`resp_fake${n}`, stream);
    case "/v1/embeddings":
      return openaiEmbedding(body.encoding_format === "base64");
    default:
      return null;
  }
}

async function sendEvents(
  response: ServerResponse,
  events: SseEvent[],
  delayMs: number,
  done: boolean,
) {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const { event, data } of events) {
    if (response.destroyed) return;
    response.write(`${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  if (done) response.write("data: [DONE]\n\n");
  response.end();
}
