/** Starts `ingest-server.ts` in a child process and stops it cleanly (see that file). */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Cleanup } from "./cleanup.ts";
import type { ServerMessage } from "./ingest-server.ts";

const RUN_TS = fileURLToPath(new URL("../../bin/run-ts.js", import.meta.url));
const SERVER_ENTRY = fileURLToPath(new URL("./ingest-server.ts", import.meta.url));
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

export interface ServerProcess {
  url: string;
  pid: number;
  /** Stops the server; resolves with the rows the database holds and the server's peak RSS. */
  stop(): Promise<{ rows: number; peakRssBytes: number }>;
}

export async function startServerProcess(
  cleanup: Cleanup,
  databaseUrl: string,
  adminToken: string,
): Promise<ServerProcess> {
  const child = fork(RUN_TS, [SERVER_ENTRY], {
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl, BENCH_ADMIN_TOKEN: adminToken },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const kill = cleanup.add(`server process ${child.pid}`, () => terminate(child));
  let timer: NodeJS.Timeout | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error("the server did not start")), START_TIMEOUT_MS);
    child.once("exit", (code) => reject(new Error(`the server exited with ${code} on start`)));
    child.on("message", (message: ServerMessage) => {
      if (message.type === "listening") resolve(message.url);
      else if (message.type === "failed") {
        reject(new Error(`the server failed to start: ${message.message}`));
      }
    });
  })
    .catch(async (error: unknown) => {
      await kill();
      throw error;
    })
    .finally(() => clearTimeout(timer));

  return {
    url,
    pid: child.pid as number,
    async stop() {
      const stopped = await new Promise<{ rows: number; peakRssBytes: number }>(
        (resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error("the server did not stop")),
            STOP_TIMEOUT_MS,
          );
          child.on("message", (message: ServerMessage) => {
            if (message.type === "stopped") {
              clearTimeout(timer);
              resolve({ rows: message.rows, peakRssBytes: message.peakRssBytes });
            }
          });
          child.send({ type: "stop" });
        },
      ).finally(kill);
      return stopped;
    },
  };
}

/** Waits for the child to exit, then asks it (by its own pid) to stop, then forces it. */
function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const term = setTimeout(() => child.kill("SIGTERM"), 2_000);
    const kill = setTimeout(() => child.kill("SIGKILL"), 7_000);
    child.once("exit", () => {
      clearTimeout(term);
      clearTimeout(kill);
      resolve();
    });
    // Without its IPC channel the server exits by itself (see ingest-server.ts).
    if (child.connected) child.disconnect();
  });
}
