/** What a provider builder hands the server: the frames to send and what they billed. */
import type { CostNotation } from "./perplexity-cost.ts";
import type { AnswerPlan } from "./usage.ts";

export interface AnswerContext {
  plan: AnswerPlan;
  /** The response header request id (Groq's `x_groq.id` too). */
  requestId: string;
  /** A per-server sequence number for body ids. */
  sequence: number;
  /** Unix seconds. */
  created: number;
  stream: boolean;
  /** The request asked for `stream_options.include_usage`. */
  includeUsage: boolean;
  /** Content deltas per stream. */
  chunkCount: number;
  costNotation: CostNotation;
}

export interface BuiltAnswer {
  /** JSON: one element, the body. Streams: one SSE frame each. */
  frames: string[];
  id: string;
  usageJson: string | null;
  cost: Record<string, string> | null;
}
