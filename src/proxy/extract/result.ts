/** Turning a reading into the capture the proxy records, and the JSON parsing both paths share. */
import { quoteCostLiterals } from "./exact-numbers.ts";
import { asObject } from "./fields.ts";
import type {
  CaptureStatus,
  CapturedUsage,
  Json,
  ParseJson,
  Reading,
  RequestFacts,
} from "./types.ts";

/** The JSON parser of a format: cost literals quoted first when it asks for exact costs. */
export function jsonParser(exactCosts: boolean): ParseJson {
  return (text) => {
    try {
      return asObject(JSON.parse(exactCosts ? quoteCostLiterals(text) : text));
    } catch {
      return null;
    }
  };
}

/** The capture for a reading (null when nothing could be read); `notes` join the metadata. */
export function captured(
  reading: Reading | null,
  status: CaptureStatus,
  request: RequestFacts,
  notes: Json = {},
): CapturedUsage {
  const tokens = reading?.tokens;
  return {
    model: reading?.model ?? request.model,
    prompt_tokens: tokens?.prompt_tokens ?? 0,
    completion_tokens: tokens?.completion_tokens ?? 0,
    cache_read_tokens: tokens?.cache_read_tokens ?? 0,
    cache_write_5m_tokens: tokens?.cache_write_5m_tokens ?? 0,
    cache_write_1h_tokens: tokens?.cache_write_1h_tokens ?? 0,
    reasoning_tokens: tokens?.reasoning_tokens ?? 0,
    search_queries: tokens?.search_queries ?? 0,
    service_tier: reading?.serviceTier ?? null,
    provider_cost: reading?.providerCost ?? null,
    request_id: reading?.requestId ?? null,
    metadata: { ...reading?.metadata, ...notes },
    status,
  };
}

/** What the request body tells about the response, read defensively. */
export function requestFacts(requestBody: unknown): RequestFacts {
  const body = asObject(requestBody);
  const model = body?.model;
  return {
    model: typeof model === "string" && model !== "" ? model : null,
    stream: body?.stream === true,
    includeUsage: asObject(body?.stream_options)?.include_usage === true,
  };
}
