/**
 * Writes captured records off the response path, in batches, without losing one that was
 * acknowledged. Each record is appended to a local journal (one write per event-loop turn for
 * all records of that turn) before it is queued; batches are upserted into the ledger every
 * `flushMs`; a journal segment is deleted once every record in it is stored. On start the
 * journal is replayed (upserts are idempotent, so a replayed record is never counted twice),
 * and on shutdown everything pending is flushed.
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ValidationError } from "../../core/errors.ts";
import type { Logger } from "../../logging/logger.ts";
import type { ServiceContext } from "../context.ts";
import { ingestRecords } from "../ingest.ts";

export interface RecorderOptions {
  /** Folder of journal segments; null keeps records in memory only (tests, benchmarks). */
  journalDir: string | null;
  flushMs?: number;
  maxBatch?: number;
  logger: Logger;
}

export interface Recorder {
  record(record: Record<string, unknown>): void;
  /** Writes everything pending now. */
  flush(): Promise<void>;
  close(): Promise<void>;
  readonly stats: { recorded: number; stored: number; rejected: number };
}

interface Segment {
  file: string | null;
  records: Record<string, unknown>[];
}

export async function createRecorder(
  ctx: ServiceContext,
  options: RecorderOptions,
): Promise<Recorder> {
  const flushMs = options.flushMs ?? 100;
  const maxBatch = options.maxBatch ?? 2_000;
  const stats = { recorded: 0, stored: 0, rejected: 0 };
  let sequence = 0;
  let current: Segment = openSegment();
  let unjournaled: string[] = [];
  let journalScheduled = false;
  let flushing: Promise<void> = Promise.resolve();
  let closed = false;

  if (options.journalDir) {
    mkdirSync(options.journalDir, { recursive: true });
    await replay(options.journalDir);
  }
  const timer = setInterval(() => void flush(), flushMs);
  timer.unref();

  function openSegment(): Segment {
    sequence += 1;
    const file = options.journalDir
      ? join(
          options.journalDir,
          `${Date.now()}-${process.pid}-${String(sequence).padStart(6, "0")}.jsonl`,
        )
      : null;
    return { file, records: [] };
  }

  function writeJournal(): void {
    journalScheduled = false;
    if (!current.file || unjournaled.length === 0) return;
    appendFileSync(current.file, unjournaled.join(""));
    unjournaled = [];
  }

  function record(value: Record<string, unknown>): void {
    if (closed) {
      recordAfterClose(value);
      return;
    }
    stats.recorded += 1;
    current.records.push(value);
    if (current.file) {
      unjournaled.push(`${JSON.stringify(value)}\n`);
      if (!journalScheduled) {
        journalScheduled = true;
        setImmediate(writeJournal);
      }
    }
    if (current.records.length >= maxBatch) void flush();
  }

  /**
   * A request still finishing when the server shut down (cut after its grace period) is
   * written straight to a journal segment of its own, which the next start replays.
   */
  function recordAfterClose(value: Record<string, unknown>): void {
    const { file } = openSegment();
    if (!file) throw new Error("recorder is closed and has no journal to keep the record in");
    appendFileSync(file, `${JSON.stringify(value)}\n`);
    stats.recorded += 1;
    options.logger.warn({ file }, "captured record after shutdown kept in the journal");
  }

  function flush(): Promise<void> {
    // A failed flush (database down) must not stop later ones: chain on settlement.
    flushing = flushing
      .catch(() => undefined)
      .then(async () => {
        if (current.records.length === 0) return;
        writeJournal();
        const segment = current;
        current = openSegment();
        await store(segment.records);
        if (segment.file) rmSync(segment.file, { force: true });
      });
    return flushing;
  }

  /**
   * Stores a batch; a record the ledger refuses is logged and dropped, never the whole batch.
   * A refusal names at most 1,000 bad records, so the rest are tried again until none is
   * refused (what an earlier attempt stored comes back unchanged: upserts are idempotent).
   */
  async function store(records: Record<string, unknown>[]): Promise<void> {
    let pending = records;
    while (pending.length > 0) {
      try {
        await ingestRecords(ctx, pending);
        stats.stored += pending.length;
        return;
      } catch (error) {
        if (!(error instanceof ValidationError)) {
          // The database is unavailable: keep the records (and their journal) for the next flush.
          options.logger.error(
            { err: error, records: pending.length },
            "could not store captured records; will retry",
          );
          current.records.unshift(...pending);
          throw error;
        }
        const bad = new Set(error.details.map((d) => d.index));
        // A refusal that names no record refuses them all; without this it would never end.
        const refused = bad.size === 0 ? pending : pending.filter((_, i) => bad.has(i));
        options.logger.error(
          { rejected: refused.length, first: error.details[0] },
          "captured records refused by the ledger",
        );
        stats.rejected += refused.length;
        pending = bad.size === 0 ? [] : pending.filter((_, i) => !bad.has(i));
      }
    }
  }

  async function replay(dir: string): Promise<void> {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".jsonl"))
      .sort();
    for (const name of files) {
      const file = join(dir, name);
      const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
      // A crash mid-write can leave a torn last line; everything before it is whole.
      const records = lines.flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
      if (records.length > 0) await store(records);
      rmSync(file, { force: true });
      options.logger.info({ file: name, records: records.length }, "replayed capture journal");
    }
  }

  return {
    record,
    flush: () => flush().catch(() => undefined),
    async close() {
      clearInterval(timer);
      await flush().catch(() => undefined);
      await flushing.catch(() => undefined);
      closed = true;
    },
    stats,
  };
}
