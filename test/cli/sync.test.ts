/**
 * The CLI end to end on a real data directory: an admin key from an environment variable or
 * standard input (never argv), a sync against the fake Anthropic admin API, and the data
 * directory holding no trace of the key.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { resetBreakers } from "../../src/providers/shared/resilience.ts";
import { DEFAULT_ANTHROPIC_ADMIN_KEY, startFakeAnthropicAdmin } from "../fakes/anthropic-admin.ts";
import { seedAnthropicMonth } from "../fakes/anthropic-seed.ts";
import { cliRunner } from "../support/cli.ts";

describe("sync from the CLI", () => {
  let fake: Awaited<ReturnType<typeof startFakeAnthropicAdmin>>;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await startFakeAnthropicAdmin();
    Object.assign(fake.state, seedAnthropicMonth({ month: "2025-11" }));
    dataDir = mkdtempSync(join(tmpdir(), "tokenledger-cli-sync-"));
    env = {
      TOKENLEDGER_DATA_DIR: dataDir,
      TOKENLEDGER_ANTHROPIC_BASE_URL: fake.url,
      ORG_ADMIN_KEY: DEFAULT_ANTHROPIC_ADMIN_KEY,
    };
  });
  beforeEach(() => resetBreakers());
  afterAll(async () => {
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("add with --admin-key-env, sync, and find no admin key in the data directory", async () => {
    const run = cliRunner(env);
    const added = await run(
      "accounts",
      "add",
      "--provider",
      "anthropic",
      "--name",
      "org",
      "--admin-key-env",
      "ORG_ADMIN_KEY",
      "--json",
    );
    expect(added.code).toBe(0);
    const account = JSON.parse(added.stdout);
    expect(account.credentials).toEqual({ admin_key_hint: DEFAULT_ANTHROPIC_ADMIN_KEY.slice(-4) });
    expect(added.stdout).not.toContain(DEFAULT_ANTHROPIC_ADMIN_KEY);

    const synced = await run(
      "sync",
      "--account",
      account.id,
      "--from",
      "2025-11-01",
      "--to",
      "2025-11-08",
      "--json",
    );
    expect(synced.code).toBe(0);
    const summary = JSON.parse(synced.stdout);
    expect(summary).toMatchObject({ outcome: "success", from: "2025-11-01", to: "2025-11-08" });
    expect(summary.inserted).toBeGreaterThan(1000);

    const human = await run(
      "sync",
      "--account",
      account.id,
      "--from",
      "2025-11-01",
      "--to",
      "2025-11-08",
    );
    expect(human.stdout).toMatch(/0 new, 0 changed, \d+ unchanged/);

    const files = readdirSync(dataDir);
    expect(files).toContain("secret.key");
    expect(statSync(join(dataDir, "secret.key")).mode & 0o777).toBe(0o600);
    for (const file of files) {
      const bytes = readFileSync(join(dataDir, file)).toString("latin1");
      expect(bytes.includes(DEFAULT_ANTHROPIC_ADMIN_KEY), file).toBe(false);
      expect(bytes.includes(DEFAULT_ANTHROPIC_ADMIN_KEY.slice(0, 24)), file).toBe(false);
    }
    const listed = await run("accounts", "list");
    expect(listed.stdout).toContain(`…${DEFAULT_ANTHROPIC_ADMIN_KEY.slice(-4)}`);
  });

  test("the key can come on standard input; a normal API key is refused with directions", async () => {
    const fromStdin = await cliRunner(env, `${DEFAULT_ANTHROPIC_ADMIN_KEY}\n`)(
      "accounts",
      "add",
      "--provider",
      "anthropic",
      "--name",
      "stdin",
      "--admin-key-stdin",
      "--json",
    );
    expect(fromStdin.code).toBe(0);
    const wrong = await cliRunner(env, "sk-ant-api03-not-an-admin-key-000000\n")(
      "accounts",
      "add",
      "--provider",
      "anthropic",
      "--name",
      "wrong",
      "--admin-key-stdin",
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/Admin key \(sk-ant-admin01-…\)/);
    const missing = await cliRunner(env)(
      "accounts",
      "add",
      "--provider",
      "anthropic",
      "--name",
      "x",
      "--admin-key-env",
      "NOT_SET",
    );
    expect(missing.stderr).toMatch(/NOT_SET is not set/);
  });

  test("a failed sync exits non-zero with the error class and no stack trace", async () => {
    const run = cliRunner(env);
    const account = JSON.parse((await run("accounts", "list", "--json")).stdout).accounts[0];
    fake.state.faults.push({ status: 429, spendCap: true });
    const failed = await run(
      "sync",
      "--account",
      account.id,
      "--from",
      "2025-11-01",
      "--to",
      "2025-11-02",
    );
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^error: \[billing\] /);
    expect(failed.stderr).not.toMatch(/\.ts:\d+/);
  });
});
