/**
 * Every page of the dashboard, reached through its navigation link as a user would: it loads
 * without console errors or exceptions, every control has an accessible name, the page works
 * at 1280 px and at a phone's width without scrolling sideways, and a screenshot of each is
 * saved. The pages' own flows are tested in their own files.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAccount } from "../../src/services/accounts.ts";
import { ingestUsage } from "../../src/services/ingest.ts";
import {
  type BrowserSession,
  buildDashboard,
  type DashboardServer,
  openBrowser,
  screenshot,
  signIn,
  startDashboardServer,
} from "./harness.ts";

const PAGES = [
  { link: "Overview", heading: "Overview", name: "page-overview" },
  { link: "Usage", heading: "Usage", name: "page-usage" },
  { link: "Accounts", heading: "Accounts", name: "page-accounts" },
  { link: "Manual entry", heading: "Manual entry", name: "page-manual" },
  { link: "Reconciliation", heading: "Reconciliation", name: "page-reconciliation" },
  { link: "Credits", heading: "Credits", name: "page-credits" },
  { link: "Prices", heading: "Prices", name: "page-prices" },
] as const;

/** Buttons, links, inputs and selects with no accessible name (described for the message). */
function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = document.querySelectorAll<HTMLElement>(
      "button, a[href], input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex='-1'])",
    );
    const unnamed: string[] = [];
    for (const control of controls) {
      const labelledBy = control.getAttribute("aria-labelledby");
      const labels = (control as HTMLInputElement).labels;
      const name =
        control.getAttribute("aria-label") ||
        labelledBy
          ?.split(" ")
          .map((id) => document.getElementById(id)?.textContent ?? "")
          .join(" ") ||
        (labels && [...labels].map((l) => l.textContent).join(" ")) ||
        control.getAttribute("title") ||
        (control.tagName !== "INPUT" && control.tagName !== "SELECT" ? control.textContent : "") ||
        (control as HTMLInputElement).placeholder;
      if (!name || name.trim() === "") unnamed.push(control.outerHTML.slice(0, 120));
    }
    return unnamed;
  });
}

describe("every dashboard page", () => {
  let dist: Awaited<ReturnType<typeof buildDashboard>>;
  let server: DashboardServer;
  let desktop: BrowserSession;
  let phone: BrowserSession;

  beforeAll(async () => {
    dist = await buildDashboard();
    server = await startDashboardServer(dist.dir);
    const { ctx } = server;
    const today = new Date().toISOString().slice(0, 10);
    const groq = (await createAccount(ctx, { provider: "groq", name: "Fast inference" })).id;
    const perplexity = (await createAccount(ctx, { provider: "perplexity", name: "Search" })).id;
    await createAccount(ctx, { provider: "github_copilot", name: "Copilot seats" });
    await ingestUsage(ctx, {
      records: [groq, perplexity].map((account, i) => ({
        account_id: account,
        timestamp: `${today}T00:00:0${i}Z`,
        model: i === 0 ? "llama-3.3-70b-versatile" : "sonar",
        prompt_tokens: 1200,
        completion_tokens: 300,
        source: "proxy",
        project: "search",
        api_key_suffix: "ab1c",
        idempotency_key: `pages-${i}`,
      })),
    });
    desktop = await openBrowser({ width: 1280, height: 900 });
    phone = await openBrowser({ width: 390, height: 844 });
    await signIn(desktop.page, server.url);
    await signIn(phone.page, server.url);
  });

  afterAll(async () => {
    await desktop?.close();
    await phone?.close();
    await server?.close();
    dist?.remove();
  });

  test.each(PAGES)("$link loads cleanly with named controls at 1280 px", async (spec) => {
    const { page } = desktop;
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: spec.link, exact: true })
      .click();
    await page.getByRole("heading", { level: 1, name: spec.heading, exact: true }).waitFor();
    await page.waitForLoadState("networkidle");
    await expect.poll(() => page.locator("[role=status].loading").count()).toBe(0);
    expect(await unnamedControls(page)).toEqual([]);
    await screenshot(page, spec.name);
    expect(desktop.problems).toEqual([]);
  });

  test.each(PAGES)("$link fits a phone's width", async (spec) => {
    const { page } = phone;
    await page.getByRole("button", { name: "Menu" }).click();
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: spec.link, exact: true })
      .click();
    await page.getByRole("heading", { level: 1, name: spec.heading, exact: true }).waitFor();
    await page.waitForLoadState("networkidle");
    await expect.poll(() => page.locator("[role=status].loading").count()).toBe(0);
    // Wide tables scroll inside their own box; the page itself never scrolls sideways.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, `${spec.name}-phone`);
    expect(phone.problems).toEqual([]);
  });

  test("an unknown path shows a page-not-found message inside the dashboard", async () => {
    const { page } = desktop;
    await page.goto(`${server.url}/no-such-page`);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    expect(await page.getByRole("link", { name: "Go to the overview" }).getAttribute("href")).toBe(
      "/",
    );
    expect(desktop.problems).toEqual([]);
  });

  test("the keyboard reaches the skip link first and it moves focus to the content", async () => {
    const { page } = desktop;
    await page.goto(server.url);
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
  });
});
