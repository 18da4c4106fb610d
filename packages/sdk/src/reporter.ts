/**
 * Delivery of usage records to `POST {endpoint}/api/v1/usage`, off the application's path:
 * buffered, batched, retried with backoff, bounded in memory. Nothing here throws to a caller.
 */
import { unwatchExit, watchExit } from "./exit.ts";
import { type Outcome, postBatch } from "./transport.ts";
import type {
  DropReason,
  TokenLedgerOptions,
  TokenLedgerStats,
  UsageRecordPayload,
} from "./types.ts";

type Mode = "full" | "all" | "final";

/** Warnings about configuration are said once for good; the others again after a delivery succeeds. */
const CONFIG_REASONS: readonly DropReason[] = ["no_account", "not_configured"];
const MAX_DELAY_MS = 30_000;

export class Reporter {
  readonly #url: string | null;
  readonly #key: string;
  readonly #fetch: typeof fetch;
  readonly #batchSize: number;
  readonly #intervalMs: number;
  readonly #maxBuffer: number;
  readonly #maxAttempts: number;
  readonly #retryDelayMs: number;
  readonly #timeoutMs: number;
  readonly #flushOnExit: boolean;
  readonly #onDrop: TokenLedgerOptions["onDrop"];
  readonly #abort = new AbortController();
  readonly #said = new Set<DropReason>();
  #buffer: UsageRecordPayload[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #soon: ReturnType<typeof setImmediate> | undefined;
  #sleeping: ReturnType<typeof setTimeout> | undefined;
  #sending: Promise<void> | undefined;
  #overflowed = 0;
  /** Set after a batch failed all its attempts: the next try waits for the flush timer. */
  #backingOff = false;
  #closed = false;
  #exiting = false;
  #delivered = 0;
  #lastError: string | null = null;
  readonly #dropped: Record<DropReason, number> = {
    buffer_full: 0,
    rejected: 0,
    undelivered: 0,
    no_account: 0,
    not_configured: 0,
  };

  constructor(options: Partial<TokenLedgerOptions>) {
    const endpoint = typeof options.endpoint === "string" ? options.endpoint.trim() : "";
    this.#url = endpoint && options.key ? `${endpoint.replace(/\/+$/, "")}/api/v1/usage` : null;
    this.#key = options.key ?? "";
    this.#fetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
    this.#batchSize = positive(options.batchSize, 20);
    this.#intervalMs = positive(options.flushIntervalMs, 1_000);
    this.#maxBuffer = positive(options.maxBuffer, 1_000);
    this.#maxAttempts = positive(options.maxAttempts, 4);
    this.#retryDelayMs = positive(options.retryDelayMs, 250);
    this.#timeoutMs = positive(options.timeoutMs, 10_000);
    this.#flushOnExit = options.flushOnExit !== false;
    this.#onDrop = options.onDrop;
  }

  /** Queues one record; sends when a batch is full or the interval elapses. */
  add(record: UsageRecordPayload): void {
    if (!this.#url) {
      this.drop(1, "not_configured", "the `endpoint` and `key` options are required");
      return;
    }
    if (this.#closed) {
      this.drop(1, "undelivered", "a usage record arrived after shutdown()");
      return;
    }
    this.#buffer.push(record);
    const excess = this.#buffer.length - this.#maxBuffer;
    if (excess > 0) this.#overflow(this.#buffer.splice(0, excess).length);
    if (this.#flushOnExit) watchExit(this);
    if (this.#buffer.length >= this.#batchSize) this.#kick();
    else this.#arm();
  }

  async flush(): Promise<void> {
    await this.#settle("all");
  }

  async shutdown(options: { timeoutMs?: number } = {}): Promise<void> {
    this.#closed = true;
    this.#disarm();
    const work = this.#settle("final");
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), positive(options.timeoutMs, 5_000));
    });
    const timedOut = await Promise.race([work.then(() => false), expired]);
    clearTimeout(timer);
    if (timedOut) {
      this.#lastError = `shutdown() gave up after ${positive(options.timeoutMs, 5_000)} ms (${this.#lastError ?? "no answer"})`;
      this.#abort.abort();
      await work;
    }
  }

  /** Delivers what is left as the process exits; `true` when there was something to do. */
  exitFlush(): boolean {
    if (this.#exiting || (this.#buffer.length === 0 && !this.#sending)) return false;
    this.#exiting = true;
    this.#disarm();
    this.#sleeping?.ref();
    void this.#settle("final").finally(() => {
      this.#exiting = false;
    });
    return true;
  }

  stats(): TokenLedgerStats {
    return {
      buffered: this.#buffer.length,
      delivered: this.#delivered,
      dropped: { ...this.#dropped },
      lastError: this.#lastError,
    };
  }

  /** Counts dropped records and says so once per reason (until the next delivery). */
  drop(count: number, reason: DropReason, detail: string): void {
    this.#dropped[reason] += count;
    this.#say(count, reason, detail);
  }

  #say(count: number, reason: DropReason, detail: string): void {
    if (this.#said.has(reason)) return;
    this.#said.add(reason);
    const message = `[tokenledger] dropped ${count} usage record${count === 1 ? "" : "s"} (${reason}): ${detail}`;
    try {
      if (this.#onDrop) this.#onDrop(count, reason, message);
      else console.warn(message);
    } catch {
      // A failing callback must not break delivery.
    }
  }

  /** Overflow drops of one burst are told together, on the next turn of the event loop. */
  #overflow(count: number): void {
    this.#dropped.buffer_full += count;
    if (this.#said.has("buffer_full")) return;
    this.#overflowed += count;
    if (this.#overflowed > count) return;
    setImmediate(() => {
      const total = this.#overflowed;
      this.#overflowed = 0;
      this.#say(
        total,
        "buffer_full",
        `the buffer of ${this.#maxBuffer} records is full (last delivery error: ${this.#lastError ?? "none"}); the oldest records are dropped first`,
      );
    }).unref();
  }

  async #settle(mode: Mode): Promise<void> {
    try {
      while (this.#sending) await this.#sending;
      await this.#pump(mode);
    } catch {
      // Delivery never throws to its caller.
    }
  }

  #kick(): void {
    if (this.#backingOff) {
      this.#arm();
      return;
    }
    this.#soon ??= setImmediate(() => {
      this.#soon = undefined;
      void this.#pump("full");
    }).unref();
  }

  #arm(): void {
    if (this.#timer || this.#closed || this.#exiting) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#pump("all");
    }, this.#intervalMs).unref();
  }

  #disarm(): void {
    clearTimeout(this.#timer);
    clearImmediate(this.#soon);
    this.#timer = undefined;
    this.#soon = undefined;
  }

  #pump(mode: Mode): Promise<void> {
    this.#sending ??= this.#drain(mode)
      .catch(() => {})
      .finally(() => {
        this.#sending = undefined;
        if (this.#buffer.length === 0) unwatchExit(this);
        else if (this.#buffer.length >= this.#batchSize && !this.#closed) this.#kick();
        else this.#arm();
      });
    return this.#sending;
  }

  async #drain(mode: Mode): Promise<void> {
    const least = mode === "full" ? this.#batchSize : 1;
    while (this.#buffer.length >= least) {
      const batch = this.#buffer.splice(0, this.#batchSize);
      if (await this.#deliver(batch, mode === "final")) continue;
      if (mode === "final") {
        const lost = batch.length + this.#buffer.splice(0).length;
        this.drop(lost, "undelivered", `not delivered: ${this.#lastError}`);
        return;
      }
      // Back to the front, oldest first; the bound still holds.
      this.#backingOff = true;
      this.#buffer.unshift(...batch);
      const excess = this.#buffer.length - this.#maxBuffer;
      if (excess > 0) this.#overflow(this.#buffer.splice(0, excess).length);
      return;
    }
  }

  /** True when the batch is settled (accepted, or refused for good); false to try again later. */
  async #deliver(batch: UsageRecordPayload[], final: boolean): Promise<boolean> {
    const body = JSON.stringify({ records: batch });
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#post(body);
      if (outcome.kind === "ok") {
        this.#delivered += batch.length;
        this.#backingOff = false;
        for (const reason of this.#said)
          if (!CONFIG_REASONS.includes(reason)) this.#said.delete(reason);
        return true;
      }
      if (outcome.kind === "rejected") {
        this.drop(
          batch.length,
          "rejected",
          `TokenLedger refused the batch (${outcome.error}); resending it cannot help`,
        );
        return true;
      }
      if (attempt >= this.#maxAttempts || this.#abort.signal.aborted) return false;
      const backoff = this.#retryDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
      await this.#sleep(Math.min(Math.max(backoff, outcome.afterMs), MAX_DELAY_MS), final);
    }
  }

  async #post(body: string): Promise<Outcome> {
    const signal = AbortSignal.any([this.#abort.signal, AbortSignal.timeout(this.#timeoutMs)]);
    const outcome = await postBatch(this.#fetch, this.#url ?? "", this.#key, body, signal);
    if (outcome.kind !== "ok" && !this.#abort.signal.aborted) this.#lastError = outcome.error;
    return outcome;
  }

  #sleep(ms: number, keepAlive: boolean): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.#abort.signal;
      const done = () => {
        clearTimeout(this.#sleeping);
        this.#sleeping = undefined;
        signal.removeEventListener("abort", done);
        resolve();
      };
      this.#sleeping = setTimeout(done, ms);
      if (!keepAlive && !this.#exiting) this.#sleeping.unref();
      signal.addEventListener("abort", done, { once: true });
    });
  }
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0
    ? Math.ceil(value)
    : fallback;
}
