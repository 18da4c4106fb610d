/**
 * The `tokenledger` command. Every command works straight on the database (no server needed)
 * and takes --json. Exit codes: 0 success, 1 a failure the message explains, 2 bad usage.
 */
import { Command, CommanderError } from "commander";
import { loadConfig } from "../config.ts";
import { TokenLedgerError } from "../core/errors.ts";
import { openRuntime, type Runtime } from "../runtime.ts";
import { registerAccounts } from "./commands/accounts.ts";
import { registerCredits } from "./commands/credits.ts";
import { registerKeys } from "./commands/keys.ts";
import { registerManual } from "./commands/manual.ts";
import { registerPrices } from "./commands/prices.ts";
import { registerReconcile } from "./commands/reconcile.ts";
import { registerReport } from "./commands/report.ts";
import { registerServe } from "./commands/serve.ts";
import { registerSync } from "./commands/sync.ts";
import { registerTransfer } from "./commands/transfer.ts";
import { type Io, processIo, reportError } from "./output.ts";

export interface CliDeps {
  io: Io;
  env: NodeJS.ProcessEnv;
  /** Opens the database for one command; the command closes it. */
  open(): Promise<Runtime>;
}

export function buildProgram(deps: CliDeps): Command {
  const program = new Command("tokenledger")
    .description("One ledger of what your organization spends on AI APIs.")
    .showHelpAfterError()
    .configureOutput({ writeOut: deps.io.stdout, writeErr: deps.io.stderr });
  registerServe(program, deps);
  registerAccounts(program, deps);
  registerReport(program, deps);
  registerPrices(program, deps);
  registerSync(program, deps);
  registerKeys(program, deps);
  registerManual(program, deps);
  registerCredits(program, deps);
  registerTransfer(program, deps);
  registerReconcile(program, deps);
  return program;
}

/** Runs the CLI and returns the exit code. */
export async function main(
  argv: string[],
  io: Io = processIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const json = argv.includes("--json");
  const deps: CliDeps = { io, env, open: () => openRuntime(loadConfig(env)) };
  const program = buildProgram(deps);
  program.exitOverride();
  for (const command of program.commands) exitOverrideDeep(command);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" ||
        error.code === "commander.version" ||
        error.exitCode === 0
        ? 0
        : 2;
    }
    if (error instanceof TokenLedgerError) return reportError(io, error, json);
    throw error;
  }
}

function exitOverrideDeep(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) exitOverrideDeep(sub);
}

/** Runs `work` with an open runtime and always closes it. */
export async function withRuntime<T>(
  deps: CliDeps,
  work: (runtime: Runtime) => Promise<T>,
): Promise<T> {
  const runtime = await deps.open();
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}
