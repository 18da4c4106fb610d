/**
 * Delivery at exit. Timers are `unref()`'d so that reporting never keeps a process alive; in
 * exchange, when the event loop empties (`beforeExit`), reporters with records left deliver them.
 * `beforeExit` is not emitted on `process.exit()` or on signals: call `shutdown()` there.
 */

interface Flushable {
  /** Starts a final delivery; false when there is nothing to deliver. */
  exitFlush(): boolean;
}

const pending = new Set<Flushable>();
let hooked = false;

export function watchExit(reporter: Flushable): void {
  pending.add(reporter);
  if (hooked || typeof process === "undefined" || typeof process.on !== "function") return;
  hooked = true;
  process.on("beforeExit", () => {
    for (const waiting of pending) {
      try {
        if (!waiting.exitFlush()) pending.delete(waiting);
      } catch {
        pending.delete(waiting);
      }
    }
  });
}

export function unwatchExit(reporter: Flushable): void {
  pending.delete(reporter);
}
