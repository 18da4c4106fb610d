/** The plumbing every fake provider shares: a real HTTP server on 127.0.0.1 and a request log. */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

export interface FakeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Hold the response back this long before sending it. */
  delayMs?: number;
}

export interface FakeServer {
  url: string;
  close(): Promise<void>;
}

/** One entry per request. The key is never stored, only whether it was accepted. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string[]>;
  time: Date;
  authorized: boolean;
  status: number;
  /** Which injected fault answered, if one did. */
  fault: string | null;
}

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): FakeResponse {
  return {
    status,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  };
}

/** All values of every query parameter, in order. */
export function queryRecord(query: URLSearchParams): Record<string, string[]> {
  const record: Record<string, string[]> = {};
  for (const key of new Set(query.keys())) record[key] = query.getAll(key);
  return record;
}

/** Returns a generator of ids like `req_fake000000000001`, one sequence per fake. */
export function requestIds(): () => string {
  let next = 0;
  return () => {
    next += 1;
    return `req_fake${String(next).padStart(12, "0")}`;
  };
}

/** Starts a server on an ephemeral port; `close` also drops kept-alive and delayed connections. */
export async function startFakeServer(
  handle: (request: FakeRequest) => FakeResponse,
): Promise<FakeServer> {
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    req.resume();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let response: FakeResponse;
    try {
      response = handle({
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
      });
    } catch (error) {
      // A bug in the fake or in a test's seed data: make it loud rather than a silent hang.
      response = { status: 500, headers: {}, body: `fake server failure: ${String(error)}` };
    }
    const send = () => {
      res.writeHead(response.status, response.headers);
      res.end(response.body);
    };
    if (!response.delayMs) return send();
    const timer = setTimeout(() => {
      timers.delete(timer);
      send();
    }, response.delayMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
