/**
 * @tokenledger/sdk — reports the usage of `openai`, `groq-sdk` and `@anthropic-ai/sdk`
 * clients to a TokenLedger server, without changing application code and without dependencies.
 *
 * ```ts
 * const openai = withTokenLedger(new OpenAI(), { endpoint, key, account: "acc_…" });
 * await openai.chat.completions.create({ … }); // as before; one usage record is queued
 * await openai.tokenLedger.shutdown();          // on exit: deliver what is buffered
 * ```
 */
export { decimalFromFloat } from "./decimal.ts";
export type {
  DropReason,
  Provider,
  TokenLedger,
  TokenLedgerOptions,
  TokenLedgerStats,
  UsageRecordPayload,
} from "./types.ts";
export { flush, shutdown, type WithTokenLedger, withTokenLedger } from "./wrap.ts";
