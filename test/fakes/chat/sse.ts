/** JSON with verbatim number literals, and the two SSE framings the providers use. */

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const MARK = "@@raw-number@@";
const MARKED = new RegExp(`"${MARK}([^"]*)${MARK}"`, "g");

/** A number printed exactly as `literal` by `toJson` (e.g. "0.006123", "3.7e-05", "0.0"). */
export class RawNumber {
  constructor(readonly literal: string) {
    if (!JSON_NUMBER.test(literal)) throw new Error(`"${literal}" is not a JSON number literal`);
  }
  toJSON(): string {
    return `${MARK}${this.literal}${MARK}`;
  }
}

/** `JSON.stringify`, except that every `RawNumber` appears as its literal. */
export function toJson(value: unknown): string {
  return JSON.stringify(value).replace(MARKED, "$1");
}

/** An OpenAI-compatible frame: `data: {…}` and a blank line. */
export function dataFrame(value: unknown): string {
  return `data: ${toJson(value)}\n\n`;
}

export const DONE_FRAME = "data: [DONE]\n\n";

/** An Anthropic frame: `event: <type>`, `data: {…}` and a blank line. */
export function eventFrame(value: { type: string; [field: string]: unknown }): string {
  return `event: ${value.type}\ndata: ${toJson(value)}\n\n`;
}
