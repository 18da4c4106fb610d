/**
 * POSTs prepared JSON bodies to a server with autocannon: a few keep-alive connections, each
 * request a different body (so every request carries new idempotency keys), exactly one
 * request per body. Responses are checked: every one must be 2xx, and the `inserted` counts
 * they report are summed so the caller can verify nothing was dropped.
 */
import autocannon from "autocannon";

export interface HttpLoadOptions {
  url: string;
  path: string;
  headers: Record<string, string>;
  bodies: readonly string[];
  connections: number;
  timeoutSeconds?: number;
}

export interface HttpLoadResult {
  requests: number;
  /** From starting the load to the last response. */
  ms: number;
  /** Sum of `inserted` over 2xx responses. */
  inserted: number;
  failures: number;
  firstFailure: string | null;
  latencyMs: { p50: number; p99: number; max: number };
}

export async function postBodies(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const { bodies } = options;
  let next = 0;
  let inserted = 0;
  let failures = 0;
  let firstFailure: string | null = null;
  let lastResponseAt = 0;
  const started = performance.now();
  const result = await autocannon({
    url: options.url,
    // autocannon notices the end of an `amount` run only on its sampling tick (default 1 s), so
    // its own duration is quantized; the elapsed time below runs to the last response instead.
    sampleInt: 20,
    connections: Math.min(options.connections, bodies.length),
    amount: bodies.length,
    timeout: options.timeoutSeconds ?? 60,
    requests: [
      {
        method: "POST",
        path: options.path,
        headers: { "content-type": "application/json", ...options.headers },
        // Called once per request sent (autocannon clones this spec per connection).
        setupRequest: (request) => {
          const body = bodies[next];
          next += 1;
          if (body === undefined) throw new Error("autocannon asked for more bodies than given");
          return { ...request, body };
        },
        onResponse: (status, body) => {
          lastResponseAt = performance.now();
          if (status >= 200 && status < 300) {
            inserted += (JSON.parse(body) as { inserted: number }).inserted;
          } else {
            failures += 1;
            firstFailure ??= `HTTP ${status}: ${body.slice(0, 500)}`;
          }
        },
      },
    ],
  });
  const ms = (lastResponseAt || performance.now()) - started;
  failures += result.errors;
  if (result.errors > 0) firstFailure ??= `${result.errors} connection errors or timeouts`;
  return {
    requests: result.requests.total,
    ms,
    inserted,
    failures,
    firstFailure,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  };
}
