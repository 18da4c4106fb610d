/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`) of a proxy process, as shares of its busy
 * time (idle excluded):
 *
 * - self time per file (or package) and per function;
 * - time per stage of the capture proxy: each sample goes to the first stage (in the order of
 *   `STAGES`) that any frame of its stack belongs to, so a stage includes what it calls.
 *   Work the proxy starts and a later tick finishes (a socket write, a batch insert) is
 *   counted where the stack shows it.
 *
 * Optionally only the samples taken within given time windows (the profile's clock is the
 * monotonic clock of `process.hrtime.bigint()`, in microseconds), so that start-up and idle
 * phases stay out.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  name: string;
  ms: number;
  /** Share of the busy (non-idle) time, 0–1. */
  share: number;
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  byStage: Share[];
  byFile: Share[];
  byFunction: Share[];
}

/** A span of the monotonic clock, in microseconds. */
export type Window = readonly [startUs: number, endUs: number];

/** Parts of the capture proxy, most specific first; a sample goes to the first that matches. */
const STAGES: [string, (frame: CallFrame) => boolean][] = [
  [
    "capture journal (stringify, append to file)",
    (f) => f.url.endsWith("capture/recorder.ts") && f.functionName === "writeJournal",
  ],
  [
    "ledger write (batch: validate, price, upsert, database)",
    (f) =>
      /\/src\/(services\/(ingest|pricing)|storage|pricing|core\/usage-record)/.test(f.url) ||
      /node_modules\/(kysely|better-sqlite3|pg)\//.test(f.url),
  ],
  ["recorder.record (queue a record)", (f) => f.url.endsWith("capture/recorder.ts")],
  ["usage extraction (SSE / JSON parse)", (f) => f.url.includes("/src/proxy/extract/")],
  [
    "authentication + attribution (hashes, caches)",
    (f) => /\/src\/(proxy\/auth|services\/capture\/attribution|auth\/)/.test(f.url),
  ],
  ["record building (toRecord)", (f) => f.url.endsWith("/src/proxy/record.ts")],
  [
    "target + headers (resolveTarget, header filters)",
    (f) => /\/src\/proxy\/(upstream|headers)\.ts$/.test(f.url),
  ],
  ["undici (upstream client)", (f) => f.url.includes("node_modules/undici/")],
  ["garbage collector", (f) => f.functionName === "(garbage collector)"],
];
const OTHER_STAGE = "HTTP server, sockets, streams, handler, other";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** `src/proxy/handler.ts`, `undici`, `node:internal/http`… */
function fileOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith("(") ? functionName : `(${functionName || "native"})`;
  const path = url.startsWith("file://") ? fileURLToPath(url) : url;
  const packaged = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (packaged) return packaged[1] as string;
  if (path.startsWith(ROOT)) return relative(ROOT, path);
  return path;
}

function functionOf(frame: CallFrame): string {
  const where = fileOf(frame);
  if (!frame.url) return where;
  // Line numbers only where they are the source's (TypeScript is transpiled on load).
  const line = frame.url.startsWith("node:") ? `:${frame.lineNumber + 1}` : "";
  return `${frame.functionName || "(anonymous)"} ${where}${line}`;
}

export function summarizeProfile(
  file: string,
  options: { windows?: readonly Window[]; top?: number } = {},
): ProfileSummary {
  const top = options.top ?? 25;
  const windows = options.windows;
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  const stageOfNode = new Map<number, string>();
  const stageOf = (leaf: ProfileNode): string => {
    const known = stageOfNode.get(leaf.id);
    if (known) return known;
    const frames: CallFrame[] = [];
    for (let id: number | undefined = leaf.id; id !== undefined; id = parentOf.get(id)) {
      frames.push((byId.get(id) as ProfileNode).callFrame);
    }
    const stage = STAGES.find(([, test]) => frames.some(test))?.[0] ?? OTHER_STAGE;
    stageOfNode.set(leaf.id, stage);
    return stage;
  };

  const stages = new Map<string, number>();
  const files = new Map<string, number>();
  const functions = new Map<string, number>();
  const add = (totals: Map<string, number>, key: string, us: number) =>
    totals.set(key, (totals.get(key) ?? 0) + us);
  let busyUs = 0;
  let idleUs = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i] as number);
    const us = profile.timeDeltas[i] ?? 0;
    at += us;
    if (!node) continue;
    if (windows && !windows.some(([start, end]) => at >= start && at <= end)) continue;
    if (node.callFrame.functionName === "(idle)") {
      idleUs += us;
      continue;
    }
    busyUs += us;
    add(stages, stageOf(node), us);
    add(files, fileOf(node.callFrame), us);
    add(functions, functionOf(node.callFrame), us);
  }
  const rank = (totals: Map<string, number>, limit: number): Share[] =>
    [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({ name, ms: us / 1000, share: busyUs > 0 ? us / busyUs : 0 }));
  return {
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    byStage: rank(stages, stages.size),
    byFile: rank(files, top),
    byFunction: rank(functions, top),
  };
}
