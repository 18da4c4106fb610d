/** Runs the CLI in-process with captured output and a pinned environment. */
import { main } from "../../src/cli/main.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function cliRunner(env: Record<string, string>, stdin = "") {
  return async (...args: string[]): Promise<CliRun> => {
    let stdout = "";
    let stderr = "";
    const io = {
      stdout: (t: string) => {
        stdout += t;
      },
      stderr: (t: string) => {
        stderr += t;
      },
      isTty: false,
      readStdin: async () => stdin,
    };
    const code = await main(["node", "tokenledger", ...args], io, {
      TZ: "UTC",
      NO_COLOR: "1",
      ...env,
    });
    return { code, stdout, stderr };
  };
}
