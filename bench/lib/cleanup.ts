/**
 * Undo-on-exit for benchmarks: every resource a run creates (temp files, databases, servers,
 * child processes) registers how to release it, and all of them are released in reverse
 * order when the run ends, fails, or is interrupted.
 */

type Undo = () => Promise<void> | void;

export class Cleanup {
  private readonly steps: { label: string; undo: Undo }[] = [];
  private running: Promise<void> | undefined;

  /** Registers `undo`; returns a function that runs it now (once) and unregisters it. */
  add(label: string, undo: Undo): () => Promise<void> {
    const step = { label, undo };
    this.steps.push(step);
    return async () => {
      const index = this.steps.indexOf(step);
      if (index === -1) return;
      this.steps.splice(index, 1);
      await step.undo();
    };
  }

  /** Runs every registered step, newest first; a failing step is reported and the rest still run. */
  runAll(): Promise<void> {
    this.running ??= (async () => {
      while (this.steps.length > 0) {
        const step = this.steps.pop() as { label: string; undo: Undo };
        try {
          await step.undo();
        } catch (error) {
          console.error(`cleanup of ${step.label} failed:`, error);
        }
      }
    })();
    return this.running;
  }

  /** On SIGINT/SIGTERM: clean up, then exit with the conventional 128+signal status. */
  onSignals(): void {
    const handler = (signal: NodeJS.Signals) => {
      console.error(`\n${signal}: cleaning up`);
      void this.runAll().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
    };
    process.once("SIGINT", handler);
    process.once("SIGTERM", handler);
  }
}
