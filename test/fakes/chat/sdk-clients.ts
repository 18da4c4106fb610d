/** The official SDKs pointed at a fake chat upstream, for the fake's self-tests and proxy tests. */
import Anthropic from "@anthropic-ai/sdk";
import Groq from "groq-sdk";
import OpenAI from "openai";
import type { FakeChatUpstream } from "./server.ts";
import type { ServedChat } from "./types.ts";

export const TEST_KEYS = {
  openai: "sk-proj-test-000000000000000000a1b2",
  groq: "gsk_test_0000000000000000000000c3d4",
  perplexity: "pplx-test-00000000000000000000e5f6",
  anthropic: "sk-ant-api03-test-000000000000g7h8",
} as const;

export const QUESTION = [{ role: "user" as const, content: "What is a ledger?" }];
/** `QUESTION`'s derived prompt tokens: 3 + 4 + ⌈17 / 4⌉. */
export const QUESTION_PROMPT_TOKENS = 12;

/** `baseURL` is the SDK's own base: OpenAI's includes `/v1`; Groq's and Anthropic's the host. */
export const openaiClient = (baseURL: string, apiKey: string = TEST_KEYS.openai) =>
  new OpenAI({ apiKey, baseURL, maxRetries: 0 });
export const groqClient = (baseURL: string, apiKey: string = TEST_KEYS.groq) =>
  new Groq({ apiKey, baseURL, maxRetries: 0 });
export const anthropicClient = (baseURL: string, apiKey: string = TEST_KEYS.anthropic) =>
  new Anthropic({ apiKey, baseURL, maxRetries: 0 });

/** Every item of a stream, in order. */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

/** The `index`-th served answer (negative: from the end), or a thrown error. */
export function served(fake: FakeChatUpstream, index = -1): ServedChat {
  const record = fake.state.served.at(index);
  if (record === undefined) throw new Error(`no served answer at ${index}`);
  return record;
}

/** The usage object a served answer printed, parsed, or null when it sent none. */
export function servedUsage(fake: FakeChatUpstream, index = -1): unknown {
  const json = served(fake, index).usageJson;
  return json === null ? null : JSON.parse(json);
}

/** Empties the queues and logs between tests. */
export function resetUpstream(fake: FakeChatUpstream): void {
  Object.assign(fake.state, {
    validKeys: null,
    nextUsage: [],
    faults: [],
    requests: [],
    served: [],
  });
}

/** The error a call rejected with (an SDK `APIError` has `status` and `headers`). */
export function rejection(call: Promise<unknown>): Promise<{ status?: number; headers?: Headers }> {
  return call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error as { status?: number; headers?: Headers },
  );
}
