/**
 * The real thing: `tokenledger serve` as its own process, on a fresh data directory. It must
 * create the directory, print a generated admin token once, keep only its hash, answer
 * /healthz, and on SIGTERM finish a request in flight before exiting cleanly.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const dataRoot = mkdtempSync(join(tmpdir(), "tokenledger-e2e-"));
const dataDir = join(dataRoot, "data");

interface Started {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(): Promise<Started> {
  const child = spawn(process.execPath, [join(root, "bin", "tokenledger.js"), "serve"], {
    cwd: dataRoot,
    env: { PATH: process.env.PATH, TOKENLEDGER_PORT: "0", TOKENLEDGER_LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1], stderr: () => stderr, exited });
      }
    });
    child.once("exit", () => reject(new Error(`server exited early: ${stderr}`)));
  });
}

describe("tokenledger serve", () => {
  afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

  test("starts on a fresh directory, serves, and shuts down gracefully", async () => {
    const first = await start();
    const token = /admin token[^\n]*\n\n\s+(tl_admin_\S+)/.exec(first.stderr())?.[1] ?? "";
    expect(token).toMatch(/^tl_admin_/);
    expect(readdirSync(dataDir)).toContain("tokenledger.db");
    const health = await fetch(`${first.url}/healthz`);
    expect(await health.json()).toEqual({ status: "ok", database: "sqlite" });

    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const account = (await (
      await fetch(`${first.url}/api/v1/accounts`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ provider: "groq", name: "e2e" }),
      })
    ).json()) as { id: string };
    const records = Array.from({ length: 10_000 }, (_, i) => ({
      account_id: account.id,
      timestamp: "2025-06-01T00:00:00Z",
      prompt_tokens: 10,
      total_cost: "0.000001",
      idempotency_key: `k${i}`,
    }));
    // SIGTERM while a large batch is in flight: the batch must still be answered and stored.
    const inFlight = fetch(`${first.url}/api/v1/usage`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ records }),
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    first.child.kill("SIGTERM");
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(await first.exited).toBe(0);

    // The token is stored only as a hash and is not printed again.
    const files = (readdirSync(dataDir, { recursive: true }) as string[])
      .map((name) => join(dataDir, name))
      .filter((path) => statSync(path).isFile())
      .map((path) => readFileSync(path).toString("latin1"));
    expect(files.some((content) => content.includes(token))).toBe(false);
    const second = await start();
    expect(second.stderr()).not.toContain("admin token");
    const summary = (await (
      await fetch(`${second.url}/api/v1/reports/summary`, { headers: auth })
    ).json()) as { total_cost: string; records: number };
    expect(summary).toMatchObject({ total_cost: "0.01", records: 10_000 });
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
  });
});
