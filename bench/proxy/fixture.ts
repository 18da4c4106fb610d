/** What every proxy in the benchmark is asked, and what the fake upstream answers. */

/** Groq's OpenAI-compatible chat completions path, as the fake upstream serves it. */
export const CHAT_PATH = "/openai/v1/chat/completions";
/** Token counts of every answer: the ledger's sums must be these times its records. */
export const PROMPT_TOKENS = 24;
export const COMPLETION_TOKENS = 12;
/** A model name ending so makes the upstream wait `PACE_MS` between stream frames. */
export const PACED_SUFFIX = "-paced";
export const PACE_MS = 2;
/** The provider key the client sends (passes through every proxy; never checked upstream). */
export const GROQ_KEY = "gsk_bench_0123456789abcdefghijklmnopqrstuv";
export const MODEL = "llama-3.1-8b-instant";

export type Mode = "json" | "stream";
export const MODES: readonly Mode[] = ["json", "stream"];

/** The request body of a mode (the same bytes for every request and every proxy). */
export function chatBody(mode: Mode, model = MODEL): string {
  return JSON.stringify({
    model,
    messages: [{ role: "user", content: "Say hello in one short sentence." }],
    max_tokens: 32,
    ...(mode === "stream" ? { stream: true } : {}),
  });
}
