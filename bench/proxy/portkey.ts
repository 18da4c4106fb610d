/**
 * The Portkey AI gateway (`@portkey-ai/gateway`, its own Node build `build/start-server.js`,
 * unmodified), as a self-hosted user runs it: `--headless`, default settings. Callers point it
 * at an upstream per request with `x-portkey-provider: groq` and `x-portkey-custom-host:
 * <upstream>/openai/v1` (127.0.0.1 is among its default trusted custom hosts), and call
 * `POST /v1/chat/completions` with their Groq key in `authorization`.
 *
 * Two adjustments, both outside the gateway's code:
 *
 * - Its start script listens on every interface at `--port` and has no host option: this
 *   wrapper makes that listen bind 127.0.0.1 on an ephemeral port instead, and reads the port
 *   back. Its console output (a banner, a spinner) is dropped.
 * - Compatibility shim for streaming. The gateway's bundled `@hono/node-server` (1.19) replaces
 *   the global `Response` with a lighter class which, built from a `fetch()` response, keeps
 *   that response's headers object — immutable on Node 20 — and the gateway then appends its
 *   `x-portkey-*` headers to it: every streaming request fails with `TypeError: immutable`
 *   and a 500. The shim hands the gateway each upstream response re-wrapped in a native
 *   `Response` with the same status and a mutable copy of the headers, body untouched (a few
 *   microseconds per request).
 *
 * Runs as a child process (see child.ts).
 */
import { type AddressInfo, Server } from "node:net";
import { runChild } from "./child.ts";

runChild("Portkey gateway", async () => {
  const servers: Server[] = [];
  const listen = Server.prototype.listen;
  // biome-ignore lint/suspicious/noExplicitAny: listen's overloads, forwarded as they come
  Server.prototype.listen = function (this: Server, ...args: any[]) {
    if (typeof args[0] === "number" && typeof args[1] !== "string") {
      // serve({ port }) calls listen(port, undefined, callback): bind loopback only.
      args.splice(1, args[1] === undefined ? 1 : 0, "127.0.0.1");
    }
    servers.push(this);
    return listen.apply(this, args as Parameters<typeof listen>);
  } as typeof listen;

  const NativeResponse = globalThis.Response;
  const nativeFetch = globalThis.fetch;
  globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
    const response = await nativeFetch(...args);
    return new NativeResponse(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers: new Headers(response.headers),
    });
  };

  process.argv = [process.argv[0] ?? "node", "start-server.js", "--port=0", "--headless"];
  for (const method of ["log", "info", "clear"] as const) console[method] = () => undefined;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  await import("@portkey-ai/gateway/build/start-server.js");
  Server.prototype.listen = listen;

  const server = servers[0];
  if (!server) throw new Error("the gateway did not listen");
  if (!server.listening) await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        const http = server as Server & { closeAllConnections?: () => void };
        http.closeAllConnections?.();
      }),
  };
});
