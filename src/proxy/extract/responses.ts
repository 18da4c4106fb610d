/**
 * The Responses format (OpenAI `/v1/responses`, Perplexity's Agent API). A stream's usage is in
 * its terminal event (`response.completed`, `.incomplete` or `.failed`), which carries the
 * whole response; `response.created` names the model and id early.
 */
import { asArray, asObject } from "./fields.ts";
import type {
  Json,
  ParseJson,
  Reading,
  ResponseFormat,
  StreamDecoder,
  StreamEnd,
  StreamSummary,
} from "./types.ts";

const TERMINAL = new Set(["response.completed", "response.incomplete", "response.failed"]);
/** The event type inside the data, for streams that send no `event:` line. */
const RESPONSE_EVENT = /"type"\s*:\s*"(response\.(?:created|completed|incomplete|failed))"/;
/** The fields of a response that a reader needs; the rest (instructions, tools, content) is dropped. */
const KEPT_FIELDS = ["id", "model", "status", "usage", "service_tier", "incomplete_details"];

export function responsesFormat(
  read: (body: Json) => Reading,
  exactCosts: boolean,
): ResponseFormat {
  return { exactCosts, read, stream: () => new ResponsesStream() };
}

class ResponsesStream implements StreamDecoder {
  #body: Json | null = null;
  #terminated = false;
  #usageFinal = false;

  event(type: string | undefined, data: string, parse: ParseJson): void {
    const kind = type?.startsWith("response.") ? type : RESPONSE_EVENT.exec(data)?.[1];
    if (kind === undefined || (kind !== "response.created" && !TERMINAL.has(kind))) return;
    const response = asObject(parse(data)?.response);
    if (response === null) return;
    this.#body = { ...this.#body, ...summarize(response) };
    if (TERMINAL.has(kind)) {
      this.#terminated = true;
      this.#usageFinal = asObject(response.usage) !== null;
    }
  }

  end(_parse: ParseJson, how: StreamEnd): StreamSummary {
    return {
      body: this.#body,
      usageFinal: this.#usageFinal,
      terminated: this.#terminated || how.done,
      finished: this.#terminated,
      expectsUsage: true,
    };
  }

  retainedChars(): number {
    return JSON.stringify(this.#body ?? {}).length;
  }
}

/** The kept fields of a response, its output reduced to the item types (for counting tool calls). */
function summarize(response: Json): Json {
  const kept: Json = {};
  for (const key of KEPT_FIELDS) {
    if (response[key] !== null && response[key] !== undefined) kept[key] = response[key];
  }
  const output = asArray(response.output);
  if (output !== null) kept.output = output.map((item) => ({ type: asObject(item)?.type }));
  return kept;
}

/** How many output items of a response have the given type. */
export function countOutputItems(body: Json, type: string): number {
  return (asArray(body.output) ?? []).filter((item) => asObject(item)?.type === type).length;
}
