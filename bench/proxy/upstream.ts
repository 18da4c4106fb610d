/**
 * A minimal, fast, deterministic fake of Groq's OpenAI-compatible chat completions endpoint
 * (`POST /openai/v1/chat/completions`), the upstream of every proxy in the benchmark.
 *
 * - Without `stream`: one small JSON body with `usage` and `x_groq.id`, with a content-length.
 * - With `"stream": true`: an SSE stream of 5 frames — the role chunk (with `x_groq.id`), two
 *   content chunks, the finish chunk carrying the usage in `x_groq.usage` (as Groq sends it),
 *   and `data: [DONE]` — each written on its own turn of the event loop, so a proxy receives
 *   them as separate chunks. A model name ending in `PACED_SUFFIX` waits `PACE_MS` between frames
 *   (used by the time-to-first-byte sampler to tell a streaming proxy from a buffering one).
 *
 * Every answer carries the same token counts (`PROMPT_TOKENS`, `COMPLETION_TOKENS`) and a new
 * id, so each request is one ledger record and the ledger's token sums can be checked exactly.
 * Runs as a child process (see child.ts); listens on 127.0.0.1 only.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { runChild } from "./child.ts";
import { CHAT_PATH, COMPLETION_TOKENS, PACE_MS, PACED_SUFFIX, PROMPT_TOKENS } from "./fixture.ts";

const USAGE = {
  queue_time: 0.012345,
  prompt_tokens: PROMPT_TOKENS,
  prompt_time: 0.00048,
  completion_tokens: COMPLETION_TOKENS,
  completion_time: 0.024,
  total_tokens: PROMPT_TOKENS + COMPLETION_TOKENS,
  total_time: 0.02448,
};
const ANSWER = ["Hello! ", "How can I help you today?"];

let sequence = 0;
const runTag = `${process.pid.toString(36)}${Date.now().toString(36)}`;

function answer(res: ServerResponse, body: Buffer): void {
  let request: { model?: unknown; stream?: unknown };
  try {
    request = JSON.parse(body.toString("utf8")) as typeof request;
  } catch {
    res.writeHead(400, { "content-type": "application/json" });
    res.end('{"error":{"message":"invalid JSON"}}');
    return;
  }
  sequence += 1;
  const id = `chatcmpl-${runTag}-${sequence}`;
  const requestId = `req_${runTag}_${sequence}`;
  const model = typeof request.model === "string" ? request.model : "llama-3.1-8b-instant";
  const created = 1_764_000_000;
  const base = { id, object: "chat.completion.chunk", created, model, system_fingerprint: "fp_b" };

  if (request.stream !== true) {
    const json = JSON.stringify({
      id,
      object: "chat.completion",
      created,
      model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: ANSWER.join("") },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: USAGE,
      system_fingerprint: "fp_b",
      x_groq: { id: requestId },
    });
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(json),
    });
    res.end(json);
    return;
  }

  const chunk = (delta: object, finish: string | null, extra: object = {}) =>
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra })}\n\n`;
  const frames = [
    chunk({ role: "assistant", content: "" }, null, { x_groq: { id: requestId } }),
    ...ANSWER.map((content) => chunk({ content }, null)),
    chunk({}, "stop", { x_groq: { id: requestId, usage: USAGE } }),
    "data: [DONE]\n\n",
  ];
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
  });
  const paced = model.endsWith(PACED_SUFFIX);
  let next = 0;
  const write = () => {
    if (res.destroyed) return;
    const frame = frames[next++] as string;
    if (next === frames.length) res.end(frame);
    else {
      res.write(frame);
      if (paced) setTimeout(write, PACE_MS);
      else setImmediate(write);
    }
  };
  write();
}

runChild("fake upstream", async () => {
  const server = createServer((req, res) => {
    if (req.method !== "POST" || req.url !== CHAT_PATH) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end('{"error":{"message":"not found"}}');
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => answer(res, Buffer.concat(chunks)));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
});
