/**
 * One page of an admin report API. An adapter describes its provider as an `AdminApi` — auth
 * headers, the request-id header, its error dialect — and this does the rest. Every page goes
 * through the connection's policy, so retries and the circuit breaker apply per page, not per
 * sync.
 */
import type { z } from "zod";
import type { ProviderId } from "../registry.ts";
import type { AdminConnection } from "../types.ts";
import { classifyAnswer, type ErrorDialect } from "./classify.ts";
import { getJson } from "./http.ts";
import { pageUrl, type Query } from "./query.ts";

export interface AdminApi extends ErrorDialect {
  /** The provider id, in error info and in messages about the response. */
  provider: ProviderId;
  headers(key: string): Record<string, string>;
  /** Header carrying the provider's request id. */
  requestIdHeader: string;
}

export interface PageRequest<P> {
  path: string;
  query: Query;
  schema: z.ZodType<P>;
  /** Rewrites the body text before parsing, e.g. to keep decimal amounts exact. */
  preprocess?: (text: string) => string;
}

/** Fetches one page (`page` is the cursor, null for the first) through the connection's policy. */
export function getPage<P>(
  api: AdminApi,
  connection: AdminConnection,
  request: PageRequest<P>,
  page: string | null = null,
): Promise<P> {
  const url = pageUrl(connection.baseUrl, request.path, request.query, page);
  return connection.policy.execute(
    (signal) =>
      getJson({
        provider: api.provider,
        url,
        headers: api.headers(connection.adminKey),
        schema: request.schema,
        classify: (response, info) => classifyAnswer(api, response, info, connection.adminKey),
        timeoutMs: connection.timeoutMs,
        signal,
        ...(request.preprocess ? { preprocess: request.preprocess } : {}),
        requestIdHeader: api.requestIdHeader,
      }),
    connection.signal,
  );
}
