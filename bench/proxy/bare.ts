/**
 * The ceiling: a bare forwarder with the same shape as TokenLedger's proxy and nothing else.
 * node:http in, undici out (an Agent with the capture proxy's settings), the request body read
 * and sent on, the response piped back chunk by chunk as it arrives. No authentication, no parsing, no usage
 * extraction, no recording. `/proxy/groq/<path>` goes to `<BENCH_UPSTREAM_URL>/<path>`.
 * Runs as a child process (see child.ts); listens on 127.0.0.1 only.
 */
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, type Dispatcher } from "undici";
import { runChild } from "./child.ts";

const PREFIX = "/proxy/groq";
/** Hop-by-hop headers: never forwarded either way. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade"]);
/** Set by undici for the upstream connection and body. */
const SET_BY_CLIENT = new Set([...HOP_BY_HOP, "host", "content-length"]);

function without(
  headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>,
  dropped: ReadonlySet<string>,
) {
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined && !dropped.has(name)) out[name] = value;
  }
  return out;
}

runChild("bare forwarder", async () => {
  const upstream = new URL(process.env.BENCH_UPSTREAM_URL ?? "");
  // The same settings as src/proxy/handler.ts.
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 256 });
  const server = createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
      const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      const url = req.url ?? "/";
      const answer = await dispatcher.request({
        origin: upstream.origin,
        path: url.startsWith(`${PREFIX}/`) ? url.slice(PREFIX.length) : url,
        method: (req.method ?? "GET") as Dispatcher.HttpMethod,
        headers: without(req.headers, SET_BY_CLIENT),
        body: body.length > 0 ? body : null,
      });
      res.writeHead(answer.statusCode, without(answer.headers, HOP_BY_HOP));
      // The capture proxy's own loop, minus the usage extractor. (stream.pipeline would add an
      // AbortController whose abort() builds a DOMException with a stack trace per response.)
      for await (const chunk of answer.body as AsyncIterable<Buffer>) {
        if (!res.write(chunk)) await once(res, "drain");
      }
      res.end();
    } catch {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await dispatcher.close();
    },
  };
});
