/**
 * The capture proxy's request handler (plain Node, on the hot path). It authenticates,
 * resolves the target and the account, forwards the request with undici, and streams the
 * response back chunk by chunk as it arrives while an extractor reads usage from the passing
 * bytes. The record is handed to the recorder after the response ends — off the response path.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Agent, type Dispatcher } from "undici";
import { TokenLedgerError } from "../core/errors.ts";
import type { Logger } from "../logging/logger.ts";
import type { ProviderId } from "../providers/registry.ts";
import type { Attributor } from "../services/capture/attribution.ts";
import type { Recorder } from "../services/capture/recorder.ts";
import { createExtractor } from "./extract/index.ts";
import { jsonParser } from "./extract/result.ts";
import { downstreamHeaders, headerValue, providerKeyOf, upstreamHeaders } from "./headers.ts";
import { toRecord } from "./record.ts";
import { resolveTarget } from "./upstream.ts";

const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface ProxyDeps {
  baseUrls: Readonly<Record<ProviderId, string>>;
  allowed: (presented: string | null) => Promise<boolean>;
  attributor: Attributor;
  recorder: Recorder;
  logger: Logger;
  maxBodyBytes?: number;
  dispatcher?: Dispatcher;
}

export function createProxyHandler(deps: ProxyDeps) {
  const dispatcher = deps.dispatcher ?? new Agent({ keepAliveTimeout: 30_000, connections: 256 });
  const maxBody = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = new Date();
    const started = performance.now();
    try {
      const resolved = resolveTarget(req.url ?? "/", deps.baseUrls);
      if (!resolved.ok) return refuse(res, resolved.status, "proxy_bad_target", resolved.message);
      if (!(await deps.allowed(headerValue(req.headers, "x-tokenledger-key")))) {
        return refuse(
          res,
          401,
          "unauthorized",
          "send x-tokenledger-key: a TokenLedger key with the ingest scope (or the admin token)",
        );
      }
      const { target } = resolved;
      const declared = Number(req.headers["content-length"] ?? 0);
      if (declared > maxBody)
        return refuse(res, 413, "payload_too_large", `the request body exceeds ${maxBody} bytes`);
      const body = await readBody(req, maxBody);
      if (body === null)
        return refuse(res, 413, "payload_too_large", `the request body exceeds ${maxBody} bytes`);

      const providerKey = providerKeyOf(req.headers);
      const attribution = await deps.attributor.attribute(
        target.provider,
        headerValue(req.headers, "x-tokenledger-account"),
        providerKey,
      );
      const requestJson = parseJson(body, req.headers["content-type"]);

      const upstream = await dispatcher.request({
        origin: target.url.origin,
        path: `${target.url.pathname}${target.url.search}`,
        method: (req.method ?? "GET") as Dispatcher.HttpMethod,
        headers: upstreamHeaders(req.headers),
        body: body.length > 0 ? body : null,
      });
      const ttfbMs = performance.now() - started;
      const contentType = headerValue(upstream.headers as NodeJS.Dict<string>, "content-type");
      const extractor =
        upstream.statusCode < 400
          ? createExtractor({
              provider: target.provider,
              path: target.apiPath,
              contentType,
              requestBody: requestJson,
            })
          : null;
      res.writeHead(upstream.statusCode, downstreamHeaders(upstream.headers));
      res.flushHeaders();

      let clientGone = false;
      res.once("close", () => {
        if (!res.writableFinished) {
          clientGone = true;
          upstream.body.destroy();
        }
      });
      let ended = true;
      try {
        for await (const chunk of upstream.body as AsyncIterable<Buffer>) {
          extractor?.push(chunk);
          if (!res.write(chunk)) await drainedOrClosed(res);
        }
      } catch (error) {
        // Recorded as partial; the cause goes to the log, not the ledger.
        deps.logger.debug({ err: error, path: target.apiPath }, "upstream stream ended early");
        ended = false;
      }
      if (clientGone) ended = false;
      if (!res.writableEnded) res.end();

      const usage = extractor?.finish(ended) ?? null;
      deps.recorder.record(
        toRecord({
          provider: target.provider,
          accountId: attribution.accountId,
          keySuffix: attribution.keySuffix,
          project: headerValue(req.headers, "x-tokenledger-project"),
          apiPath: target.apiPath,
          startedAt,
          requestedModel: typeof requestJson?.model === "string" ? requestJson.model : null,
          upstreamStatus: upstream.statusCode,
          latencyMs: Math.round(performance.now() - started),
          ttfbMs: Math.round(ttfbMs),
          stream: requestJson?.stream === true,
          usage,
        }),
      );
    } catch (error) {
      if (error instanceof TokenLedgerError)
        return refuse(res, error.status, error.code, error.message);
      deps.logger.warn({ err: error, path: req.url?.split("?")[0] }, "proxy request failed");
      if (!res.headersSent)
        return refuse(res, 502, "upstream_unreachable", "the provider could not be reached");
      res.destroy();
    }
  };
}

/**
 * Waits for a full socket buffer to drain. A client that disconnects meanwhile never drains:
 * the wait ends on close too, so the request is still recorded (as partial).
 */
function drainedOrClosed(res: ServerResponse): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code, message, details: [] } });
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return null;
    chunks.push(chunk);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}

const parseRequestJson = jsonParser(false);

/** The request's JSON object, when it sent one (what the extractor reads the model from). */
function parseJson(body: Buffer, contentType: string | undefined): Record<string, unknown> | null {
  if (body.length === 0 || !contentType?.includes("json")) return null;
  return parseRequestJson(body.toString("utf8"));
}
