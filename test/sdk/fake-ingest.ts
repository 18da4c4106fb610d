/**
 * A tiny TokenLedger ingest endpoint (`POST /api/v1/usage`) on a real port: records every
 * batch it accepts and can be told to fail (5xx, 429, 4xx), to hang, or to be down.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type WireRecord = Record<string, unknown>;

export interface IngestBatch {
  authorization: string | undefined;
  records: WireRecord[];
}

interface Failure {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface FakeIngest {
  url: string;
  /** Accepted batches, in arrival order. */
  batches: IngestBatch[];
  /** Every request, accepted or not. */
  attempts: number;
  records(): WireRecord[];
  /** Answers the next `times` requests with `status` and TokenLedger's error envelope. */
  fail(times: number, status: number, headers?: Record<string, string>): void;
  /** While set, requests are read and never answered. */
  hang(on: boolean): void;
  /** Resolves once `count` records were accepted. */
  waitForRecords(count: number, timeoutMs?: number): Promise<WireRecord[]>;
  close(): Promise<void>;
}

export async function startIngest(): Promise<FakeIngest> {
  const failures: Failure[] = [];
  const held: ServerResponse[] = [];
  let hanging = false;
  const fake: Omit<FakeIngest, "url"> = {
    batches: [],
    attempts: 0,
    records: () => fake.batches.flatMap((batch) => batch.records),
    fail(times, status, headers = {}) {
      const body = {
        error: { code: `http_${status}`, message: `injected ${status}`, details: [] },
      };
      for (let i = 0; i < times; i++) failures.push({ status, headers, body });
    },
    hang(on) {
      hanging = on;
    },
    waitForRecords: (count, timeoutMs = 5_000) =>
      waitFor(() => (fake.records().length >= count ? fake.records() : null), timeoutMs),
    close: async () => {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    fake.attempts += 1;
    if (hanging) {
      held.push(response);
      return;
    }
    const failure = failures.shift();
    if (failure) {
      response.writeHead(failure.status, {
        "content-type": "application/json",
        ...failure.headers,
      });
      response.end(JSON.stringify(failure.body));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { records: WireRecord[] };
    fake.batches.push({ authorization: request.headers.authorization, records: body.records });
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ received: body.records.length }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, { url: `http://127.0.0.1:${port}` });
}

/** A URL where nothing listens: connections are refused. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export async function waitFor<T>(probe: () => T | null, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
