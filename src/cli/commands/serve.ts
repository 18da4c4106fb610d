import type { Command } from "commander";
import { createLogger } from "../../logging/logger.ts";
import { startServer } from "../../server/serve.ts";
import type { CliDeps } from "../main.ts";

export function registerServe(program: Command, deps: CliDeps): void {
  program
    .command("serve")
    .description("Serve the API (and dashboard) on TOKENLEDGER_HOST:TOKENLEDGER_PORT")
    .option("--json", "log as JSON lines (always the case; accepted for symmetry)")
    .action(async () => {
      const runtime = await deps.open();
      const logger = createLogger(runtime.config.logLevel);
      const server = await startServer(runtime, logger);
      if (server.generatedAdminToken) {
        // Shown exactly once; only its hash is stored. Written to the terminal, not to the log.
        deps.io.stderr(
          `\nTokenLedger admin token (shown once, store it now):\n\n  ${server.generatedAdminToken}\n\n` +
            "Use it as 'Authorization: Bearer <token>'. Set TOKENLEDGER_ADMIN_TOKEN to choose your own.\n\n",
        );
      }
      deps.io.stderr(
        `TokenLedger listening on ${server.url} (database: ${runtime.ctx.store.description})\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off("SIGTERM", stop);
          process.off("SIGINT", stop);
          server.close().then(resolve, resolve);
        };
        process.on("SIGTERM", stop);
        process.on("SIGINT", stop);
      });
    });
}
