/**
 * The child side of a benchmark process (the fake upstream and each proxy under test): it
 * starts its server on 127.0.0.1, reports `{ type: "listening", url }` over IPC and answers
 * the parent's requests. A process of its own per server, so the load generator never shares
 * its event loop. It exits when the parent asks it to stop or goes away.
 */

import { monitorEventLoopDelay } from "node:perf_hooks";

/** What the parent can ask of a child. */
export type ParentMessage =
  | { type: "stop" }
  | { type: "count" }
  | { type: "loop-reset" }
  | { type: "loop" };

/** How late the child's event loop ran timers (a blocked loop delays every request). */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/** What the ledger holds (TokenLedger only), after everything captured was stored. */
export interface LedgerCount {
  records: number;
  requests: number;
  promptTokens: number;
  completionTokens: number;
}

export type ChildMessage =
  | { type: "listening"; url: string; info: Record<string, string> }
  | { type: "count"; count: LedgerCount }
  | { type: "loop-reset" }
  | { type: "loop"; delayMs: LoopDelay }
  | { type: "stopped" }
  | { type: "failed"; message: string };

export interface ChildServer {
  url: string;
  /** Anything else the parent needs to call it (e.g. a key). */
  info?: Record<string, string>;
  /** Stores everything pending and counts the ledger (TokenLedger only). */
  count?: () => Promise<LedgerCount>;
  /** Closes gracefully: in-flight requests finish, captured records are stored. */
  stop: () => Promise<void>;
}

export function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) resolve();
    else process.send(message, undefined, undefined, () => resolve());
  });
}

/** Runs `start`, reports the URL, serves the parent's requests until it says stop. */
export function runChild(name: string, start: () => Promise<ChildServer>): void {
  // Without its parent (crashed, killed) nobody would ever stop it.
  process.on("disconnect", () => process.exit(1));
  // A timer every 5 ms; how late each one fires, as a histogram (nanoseconds).
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  start()
    .then(async (server) => {
      process.on("message", async (message: ParentMessage) => {
        try {
          if (message?.type === "loop-reset") {
            loop.reset();
            await send({ type: "loop-reset" });
          } else if (message?.type === "loop") {
            const ms = (ns: number) => Math.round(ns / 1e4) / 100;
            const delayMs = {
              p50: ms(loop.percentile(50)),
              p99: ms(loop.percentile(99)),
              max: ms(loop.max),
            };
            await send({ type: "loop", delayMs });
          } else if (message?.type === "count") {
            if (!server.count) throw new Error(`${name} keeps no ledger`);
            await send({ type: "count", count: await server.count() });
          } else if (message?.type === "stop") {
            await server.stop();
            await send({ type: "stopped" });
            // A normal exit, so that `--cpu-prof` writes its profile.
            process.exit(0);
          }
        } catch (error) {
          await send({ type: "failed", message: `${name}: ${errorText(error)}` });
        }
      });
      await send({ type: "listening", url: server.url, info: server.info ?? {} });
    })
    .catch(async (error: unknown) => {
      console.error(`${name} failed to start:`, error);
      await send({ type: "failed", message: `${name}: ${errorText(error)}` });
      process.exit(1);
    });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
