/**
 * The embeddings format. Embeddings never stream, and their bodies can be far larger than the
 * JSON buffer (thousands of vectors); the usage and model come last, so an oversize body is
 * read from its tail.
 */
import type { CountReader } from "./fields.ts";
import type { Json, ParseJson, Reading, ResponseFormat, TokenCounts } from "./types.ts";

export function embeddingsFormat(
  read: (body: Json) => Reading,
  exactCosts: boolean,
): ResponseFormat {
  return {
    exactCosts,
    read,
    readTail: (tail, parse) => {
      const usage = lastObjectOf(tail, "usage", parse);
      if (usage === null) return null;
      const model = lastStringOf(tail, "model");
      return read(model === null ? { usage } : { model, usage });
    },
  };
}

/** Embedding usage: input only. */
export function embeddingTokens(usage: Json, counts: CountReader): TokenCounts {
  return {
    prompt_tokens: counts.read(usage.prompt_tokens, "prompt_tokens"),
    completion_tokens: 0,
    cache_read_tokens: 0,
    cache_write_5m_tokens: 0,
    cache_write_1h_tokens: 0,
    reasoning_tokens: 0,
    search_queries: 0,
  };
}

/** The last `"key": { … }` object of a JSON fragment, parsed; null when absent or cut. */
function lastObjectOf(text: string, key: string, parse: ParseJson): Json | null {
  const start = lastMatch(text, new RegExp(String.raw`"${key}"\s*:\s*\{`, "g"));
  if (start === null) return null;
  const open = start.index + start[0].length - 1;
  const close = matchingBrace(text, open);
  return close === null ? null : parse(text.slice(open, close + 1));
}

function lastStringOf(text: string, key: string): string | null {
  const match = lastMatch(text, new RegExp(String.raw`"${key}"\s*:\s*("(?:[^"\\]|\\.)*")`, "g"));
  if (match?.[1] === undefined) return null;
  try {
    const value: unknown = JSON.parse(match[1]);
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

function lastMatch(text: string, pattern: RegExp): RegExpExecArray | null {
  let last: RegExpExecArray | null = null;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) last = match;
  return last;
}

/** The index of the brace closing the one at `open`, skipping braces inside strings. */
function matchingBrace(text: string, open: number): number | null {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{") depth += 1;
    else if (char === "}") {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return null;
}
