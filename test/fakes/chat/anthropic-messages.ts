/** Anthropic Messages answers: a `message` JSON body, or the named SSE events of a stream. */
import type { AnswerContext, BuiltAnswer } from "./answer.ts";
import { eventFrame, toJson } from "./sse.ts";
import { splitText } from "./usage.ts";

/** `usage` with `input_tokens` = uncached input only; cache reads and writes beside it. */
function usageObject(context: AnswerContext, outputTokens: number) {
  const { tokens, serviceTier } = context.plan;
  const uncached =
    tokens.promptTokens -
    tokens.cacheReadTokens -
    tokens.cacheWrite5mTokens -
    tokens.cacheWrite1hTokens;
  return {
    input_tokens: uncached,
    cache_creation_input_tokens: tokens.cacheWrite5mTokens + tokens.cacheWrite1hTokens,
    cache_read_input_tokens: tokens.cacheReadTokens,
    cache_creation: {
      ephemeral_5m_input_tokens: tokens.cacheWrite5mTokens,
      ephemeral_1h_input_tokens: tokens.cacheWrite1hTokens,
    },
    output_tokens: outputTokens,
    // Thinking is a part of output_tokens, reported beside it only when there is some.
    ...(tokens.reasoningTokens > 0
      ? { output_tokens_details: { thinking_tokens: tokens.reasoningTokens } }
      : {}),
    service_tier: serviceTier,
  };
}

export function buildMessage(context: AnswerContext): BuiltAnswer {
  const { plan } = context;
  const id = `msg_fake${String(context.sequence).padStart(20, "0")}`;
  const stopReason = plan.hitLimit ? "max_tokens" : "end_turn";
  const usage = usageObject(context, plan.tokens.completionTokens);
  const head = { id, type: "message", role: "assistant", model: plan.model };
  const answer = { id, usageJson: toJson(usage), cost: null };
  if (!context.stream) {
    const body = {
      ...head,
      content: [{ type: "text", text: plan.text }],
      stop_reason: stopReason,
      stop_sequence: null,
      usage,
    };
    return { ...answer, frames: [toJson(body)] };
  }
  const frames = [
    eventFrame({
      type: "message_start",
      message: {
        ...head,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: usageObject(context, 1),
      },
    }),
    eventFrame({
      type: "content_block_start",
      index: 0,
      content_block: { type: "text", text: "" },
    }),
    eventFrame({ type: "ping" }),
    ...splitText(plan.text, context.chunkCount).map((text) =>
      eventFrame({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text } }),
    ),
    eventFrame({ type: "content_block_stop", index: 0 }),
    eventFrame({
      type: "message_delta",
      delta: { stop_reason: stopReason, stop_sequence: null },
      // Cumulative: the message's whole output so far.
      usage: { output_tokens: plan.tokens.completionTokens },
    }),
    eventFrame({ type: "message_stop" }),
  ];
  return { ...answer, frames };
}
