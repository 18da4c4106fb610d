/** Run by exit.test.ts: one call, then the process ends without flush() or shutdown(). */
import OpenAI from "openai";
import { withTokenLedger } from "../../packages/sdk/src/index.ts";

const [upstream, endpoint] = process.argv.slice(2);
const client = withTokenLedger(
  new OpenAI({ apiKey: "sk-test", baseURL: `${upstream}/v1`, maxRetries: 0 }),
  { endpoint: endpoint ?? "", key: "tl_test", account: "acc_exit", flushIntervalMs: 60_000 },
);
const completion = await client.chat.completions.create({
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "hi" }],
});
console.log(completion.id);
