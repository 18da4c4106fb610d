/**
 * The load: autocannon (programmatic) with keep-alive connections, every request the same
 * prepared body, and a fixed number of requests per run — so that no request is ever cut off
 * in flight when a run ends and the number of answers a proxy gave is exactly the number the
 * load counted. The caller sizes each run from the target's measured rate so that it lasts
 * about as long as wanted; a hard time cap stops a run that takes far longer.
 *
 * Latency is each request's own time as autocannon measures it (sending to the end of the
 * response, in float milliseconds: autocannon's own histogram keeps whole milliseconds only).
 * The time-to-first-byte sampler sends sequential requests with undici and times the first
 * body chunk of each.
 */
import type { EventEmitter } from "node:events";
import autocannon from "autocannon";
import { Agent, type Dispatcher } from "undici";

export interface RequestSpec {
  url: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadResult {
  /** Responses received. */
  responses: number;
  /** Responses with a 2xx status. */
  ok: number;
  /** Non-2xx responses, connection errors and timeouts. */
  failures: number;
  firstFailure: string | null;
  /** From starting the load to the last response. */
  ms: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** True when the time cap stopped the run (requests in flight were then cut off). */
  capped: boolean;
}

export async function runLoad(
  spec: RequestSpec,
  options: { amount: number; connections: number; capSeconds: number },
): Promise<LoadResult> {
  const connections = Math.min(options.connections, options.amount);
  const latencies = new Float64Array(options.amount);
  let responses = 0;
  let ok = 0;
  let failures = 0;
  let firstFailure: string | null = null;
  let lastResponseAt = 0;
  const started = performance.now();
  const instance = autocannon({
    url: spec.url,
    connections,
    amount: options.amount,
    // An `amount` run ends on autocannon's sampling tick (default 1 s): tick often, and time
    // the run to its last response anyway.
    sampleInt: 20,
    timeout: 30,
    method: "POST",
    requests: [{ method: "POST", path: spec.path, headers: spec.headers, body: spec.body }],
  });
  // autocannon's run is an EventEmitter: one "response" event per response received.
  const events = instance as unknown as EventEmitter;
  events.on(
    "response",
    (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      lastResponseAt = performance.now();
      if (responses < latencies.length) latencies[responses] = responseTime;
      responses += 1;
      if (statusCode >= 200 && statusCode < 300) ok += 1;
      else {
        failures += 1;
        firstFailure ??= `HTTP ${statusCode}`;
      }
    },
  );
  let capped = false;
  const cap = setTimeout(() => {
    capped = true;
    instance.stop();
  }, options.capSeconds * 1000);
  const result = await instance;
  clearTimeout(cap);
  const errors = result.errors + result.timeouts;
  if (errors > 0) {
    failures += errors;
    firstFailure ??= `${result.errors} connection errors, ${result.timeouts} timeouts`;
  }
  const ms = (lastResponseAt || performance.now()) - started;
  const sorted = latencies.subarray(0, Math.min(responses, latencies.length)).sort();
  return {
    responses,
    ok,
    failures,
    firstFailure,
    ms,
    requestsPerSecond: (responses / ms) * 1000,
    latencyMs: {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : 0,
    },
    capped,
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

export interface StreamTiming {
  status: number;
  /** From sending the request to the first body chunk. */
  ttfbMs: number;
  /** From sending the request to the end of the body. */
  totalMs: number;
}

/** One keep-alive connection per target, for sequential requests. */
export function createSampler(spec: RequestSpec) {
  const dispatcher = new Agent({ connections: 1, keepAliveTimeout: 60_000 });
  const origin = new URL(spec.url).origin;
  return {
    async send(): Promise<StreamTiming> {
      const started = performance.now();
      const response = await dispatcher.request({
        origin,
        path: spec.path,
        method: "POST" as Dispatcher.HttpMethod,
        headers: spec.headers,
        body: spec.body,
      });
      let ttfbMs = -1;
      for await (const _chunk of response.body) {
        if (ttfbMs < 0) ttfbMs = performance.now() - started;
      }
      const totalMs = performance.now() - started;
      return { status: response.statusCode, ttfbMs: ttfbMs < 0 ? totalMs : ttfbMs, totalMs };
    },
    close: () => dispatcher.close(),
  };
}
