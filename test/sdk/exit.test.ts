/** Timers never keep the process alive, yet what is buffered is delivered when the process exits. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type FakeIngest, startIngest } from "./fake-ingest.ts";
import { type FakeUpstream, startUpstream } from "./fake-upstream.ts";

let upstream: FakeUpstream;
let ingest: FakeIngest;
beforeAll(async () => {
  [upstream, ingest] = await Promise.all([startUpstream(), startIngest()]);
});
afterAll(() => Promise.all([upstream.close(), ingest.close()]));

it("delivers buffered records before a process exits on its own", async () => {
  const started = performance.now();
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["bin/run-ts.js", "test/sdk/exit-child.ts", upstream.url, ingest.url],
    { timeout: 20_000 },
  );

  expect(performance.now() - started).toBeLessThan(15_000);
  expect(ingest.records().map((record) => record.idempotency_key)).toEqual([
    `openai:${stdout.trim()}`,
  ]);
});
