/**
 * The parent side of child.ts: forks `node bin/run-ts.js bench/proxy/<entry>.ts`, waits for
 * its URL, asks it for counts, stops it gracefully, and reads its memory from /proc.
 */
import { type ChildProcess, fork } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Cleanup } from "../lib/cleanup.ts";
import type { ChildMessage, LedgerCount, LoopDelay, ParentMessage } from "./child.ts";

const RUN_TS = fileURLToPath(new URL("../../bin/run-ts.js", import.meta.url));
const START_TIMEOUT_MS = 60_000;
const REPLY_TIMEOUT_MS = 30_000;

export interface TargetProcess {
  name: string;
  url: string;
  pid: number;
  info: Record<string, string>;
  /** Stores what is pending and counts the ledger (TokenLedger only). */
  count(): Promise<LedgerCount>;
  /** Starts measuring how late the event loop runs, afresh. */
  loopReset(): Promise<void>;
  /** How late the event loop ran since `loopReset`. */
  loopDelay(): Promise<LoopDelay>;
  /** Graceful stop; resolves once the process has exited. */
  stop(): Promise<void>;
}

export async function startTarget(
  cleanup: Cleanup,
  name: string,
  entry: string,
  env: Record<string, string>,
  execArgv: string[] = [],
): Promise<TargetProcess> {
  const child = fork(RUN_TS, [fileURLToPath(new URL(`./${entry}`, import.meta.url))], {
    env: { ...process.env, ...env },
    execArgv,
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const kill = cleanup.add(`${name} (pid ${child.pid})`, () => terminate(child));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const reply = <T extends ChildMessage["type"]>(type: T, timeoutMs: number) =>
    new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name}: no "${type}" within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
      const onExit = (code: number | null) => {
        if (type === "stopped") return;
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code}) while waiting for "${type}"`));
      };
      const onMessage = (message: ChildMessage) => {
        if (message.type !== type && message.type !== "failed") return;
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
        if (message.type === "failed") reject(new Error(message.message));
        else resolve(message as Extract<ChildMessage, { type: T }>);
      };
      child.on("message", onMessage);
      child.once("exit", onExit);
    });
  const ask = (message: ParentMessage) => child.send(message);

  let listening: Extract<ChildMessage, { type: "listening" }>;
  try {
    listening = await reply("listening", START_TIMEOUT_MS);
  } catch (error) {
    await kill();
    throw error;
  }
  return {
    name,
    url: listening.url,
    pid: child.pid as number,
    info: listening.info,
    async count() {
      const answer = reply("count", REPLY_TIMEOUT_MS);
      ask({ type: "count" });
      return (await answer).count;
    },
    async loopReset() {
      const answer = reply("loop-reset", REPLY_TIMEOUT_MS);
      ask({ type: "loop-reset" });
      await answer;
    },
    async loopDelay() {
      const answer = reply("loop", REPLY_TIMEOUT_MS);
      ask({ type: "loop" });
      return (await answer).delayMs;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const stopped = reply("stopped", REPLY_TIMEOUT_MS);
      ask({ type: "stop" });
      try {
        await stopped;
        await exited;
      } finally {
        await kill();
      }
    },
  };
}

/**
 * Peak resident set size of a process (VmHWM), in bytes, and a reset of that peak to its
 * current RSS (writing 5 to clear_refs), so each measured run reports its own peak.
 */
export const memory = {
  peakBytes(pid: number): number {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
    if (!kib) throw new Error(`no VmHWM in /proc/${pid}/status`);
    return Number(kib) * 1024;
  },
  /** Returns false when the kernel does not allow it (the peak then spans the process's life). */
  resetPeak(pid: number): boolean {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, "5");
      return true;
    } catch {
      return false;
    }
  },
};

/** Lets the child exit by itself (IPC closed), then asks it to stop, then forces it. */
function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const term = setTimeout(() => child.kill("SIGTERM"), 2_000);
    const force = setTimeout(() => child.kill("SIGKILL"), 7_000);
    child.once("exit", () => {
      clearTimeout(term);
      clearTimeout(force);
      resolve();
    });
    if (child.connected) child.disconnect();
  });
}
