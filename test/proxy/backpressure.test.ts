/**
 * A client that stops reading and then disconnects while the proxy waits for its socket to
 * drain: the wait must end, and the request must still be recorded (as partial).
 */
import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createLogger } from "../../src/logging/logger.ts";
import { createProxyHandler } from "../../src/proxy/handler.ts";
import type { Attributor } from "../../src/services/capture/attribution.ts";
import type { Recorder } from "../../src/services/capture/recorder.ts";
import { DEFAULT_SYNC_SETTINGS } from "../../src/services/context.ts";

const recorded: Record<string, unknown>[] = [];
let upstream: Server;
let proxy: Server;

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );

beforeAll(async () => {
  // An upstream that streams far more than any socket buffer holds.
  upstream = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    const chunk = `data: ${JSON.stringify({ id: "chatcmpl-1", model: "llama-3.1-8b-instant", choices: [{ delta: { content: "x".repeat(60_000) } }] })}\n\n`;
    let sent = 0;
    const pump = () => {
      while (sent < 400) {
        sent += 1;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
      res.end("data: [DONE]\n\n");
    };
    pump();
    res.on("close", () => {
      sent = 400;
    });
  });
  const upstreamPort = await listen(upstream);
  const recorder = {
    record: (r: Record<string, unknown>) => void recorded.push(r),
  } as unknown as Recorder;
  const attributor = {
    attribute: async () => ({ accountId: "acc_test", keySuffix: null }),
  } as unknown as Attributor;
  const handler = createProxyHandler({
    baseUrls: {
      ...DEFAULT_SYNC_SETTINGS.providerBaseUrls,
      groq: `http://127.0.0.1:${upstreamPort}`,
    },
    allowed: async (key) => key === "ok",
    attributor,
    recorder,
    logger: createLogger("silent"),
  });
  proxy = createServer((req, res) => void handler(req, res));
  await listen(proxy);
});

afterAll(async () => {
  proxy.closeAllConnections();
  upstream.closeAllConnections();
  await Promise.all([new Promise((r) => proxy.close(r)), new Promise((r) => upstream.close(r))]);
});

test("a client that stops reading and disconnects still leaves a partial record", async () => {
  const port = (proxy.address() as AddressInfo).port;
  const body = JSON.stringify({ model: "llama-3.1-8b-instant", stream: true, messages: [] });
  const socket = connect(port, "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.write(
    `POST /proxy/groq/openai/v1/chat/completions HTTP/1.1\r\nhost: x\r\nx-tokenledger-key: ok\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  // Read nothing until the proxy's socket buffer is full, then go away.
  socket.pause();
  await new Promise((resolve) => setTimeout(resolve, 500));
  socket.destroy();
  await expect.poll(() => recorded.length, { timeout: 5_000 }).toBe(1);
  expect(recorded[0]).toMatchObject({
    account_id: "acc_test",
    metadata: expect.objectContaining({ partial: true }),
  });
});
