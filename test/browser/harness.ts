/**
 * Browser tests: a freshly built dashboard served by the real app on a random port, over a
 * fresh test database, driven by Debian's Chromium through playwright-core (never a
 * downloaded browser). Every page collects console errors and uncaught exceptions so each
 * test can assert there were none, and `screenshot` saves PNGs under test-artifacts/.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { getRequestListener } from "@hono/node-server";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { build } from "vite";
import { hashToken } from "../../src/auth/admin-token.ts";
import { createLogger } from "../../src/logging/logger.ts";
import { createApp } from "../../src/server/app.ts";
import { createServiceContext, type ServiceContext } from "../../src/services/context.ts";
import type { Store } from "../../src/storage/database.ts";
import { TEST_TOKEN } from "../support/app.ts";
import { type DialectName, openTestStore } from "../support/databases.ts";
import { FAST_RESILIENCE } from "../support/sync.ts";

export { TEST_TOKEN };

const REPO = resolve(import.meta.dirname, "../..");
export const SCREENSHOT_DIR = join(REPO, "test-artifacts", "screenshots");

/** The flags every headless run uses: no sandbox (root in CI), no calls home on a closed network. */
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Debian's Chromium: CHROMIUM_PATH, else `command -v chromium` (installed by .ci/run). */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
  } catch (cause) {
    throw new Error(
      "Chromium is not installed: apt-get install -y chromium (or set CHROMIUM_PATH)",
      {
        cause,
      },
    );
  }
}

/** Builds web/ into a temporary directory, so the tests always run the current source. */
export async function buildDashboard(): Promise<{ dir: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), "tokenledger-web-"));
  await build({
    configFile: join(REPO, "web", "vite.config.ts"),
    logLevel: "error",
    build: { outDir: dir, emptyOutDir: true },
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface DashboardServer {
  url: string;
  ctx: ServiceContext;
  store: Store;
  /** A JSON call to /api/v1/<path> with the admin token; rejects (status and body) unless 2xx. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export interface DashboardServerOptions {
  dialect?: DialectName;
  /** Provider base URLs for syncs (fake admin servers). */
  providerBaseUrls?: Partial<ServiceContext["syncSettings"]["providerBaseUrls"]>;
  now?: () => Date;
}

/** The real app (API + dashboard) on 127.0.0.1 at a random port. */
export async function startDashboardServer(
  distDir: string,
  options: DashboardServerOptions = {},
): Promise<DashboardServer> {
  const store = await openTestStore(options.dialect ?? "sqlite");
  const ctx = createServiceContext(store, {
    ...(options.now ? { now: options.now } : {}),
    syncSettings: {
      providerBaseUrls: {
        ...createServiceContext(store).syncSettings.providerBaseUrls,
        ...options.providerBaseUrls,
      },
      resilience: FAST_RESILIENCE,
      requestTimeoutMs: 5_000,
    },
  });
  const app = createApp({
    ctx,
    adminTokenHash: hashToken(TEST_TOKEN),
    logger: createLogger("silent"),
    webDistDir: distDir,
  });
  const server = createServer(getRequestListener(app.fetch));
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    ctx,
    store,
    async api<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${url}/api/v1/${path}`, {
        method,
        headers: {
          authorization: `Bearer ${TEST_TOKEN}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) {
        throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
      }
      return (await response.json()) as T;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await store.dropAll();
    },
  };
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught exceptions, 5xx answers and failed requests, in order. */
  problems: string[];
  /** 4xx answers the page received (each should be one the page shows in words). */
  refused: string[];
  close(): Promise<void>;
}

/** A fresh browser with one page whose console errors and exceptions are collected. */
export async function openBrowser(
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
): Promise<BrowserSession> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
  const context = await browser.newContext({ viewport, timezoneId: "America/New_York" });
  // Fail fast with playwright's own message rather than at the test's timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  const refused: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    // Chromium logs every 4xx answer as "Failed to load resource". A refusal the page shows in
    // words (a wrong token, a field the server rejects, the signed-out check) is expected; it
    // is kept apart so tests can assert on it. A 5xx stays a problem.
    if (
      /Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())
    ) {
      refused.push(`${message.location().url} ${message.text()}`);
    } else {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`exception: ${error.message}`));
  page.on("requestfailed", (request) => {
    // Navigations away abort in-flight fetches; anything else failing is a problem.
    if (request.failure()?.errorText !== "net::ERR_ABORTED") {
      problems.push(
        `request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`,
      );
    }
  });
  return {
    browser,
    context,
    page,
    problems,
    refused,
    close: () => browser.close(),
  };
}

/** Signs in through the form, as a user would. */
export async function signIn(page: Page, url: string, token = TEST_TOKEN): Promise<void> {
  await page.goto(url);
  await page.getByLabel("Admin token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/** Saves a full-page PNG as test-artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
