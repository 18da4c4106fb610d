/**
 * Sign-in, the overview and sign-out in a real browser: the figures on the page are the API's
 * figures, the chart has a legend and tooltips, warnings link to where they are fixed.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAccount } from "../../src/services/accounts.ts";
import { ingestUsage } from "../../src/services/ingest.ts";
import { addManualEntry } from "../../src/services/manual/index.ts";
import type { Overview } from "../../src/services/overview.ts";
import { formatMoney } from "../../web/src/ui/format.ts";
import {
  type BrowserSession,
  buildDashboard,
  type DashboardServer,
  openBrowser,
  screenshot,
  signIn,
  startDashboardServer,
} from "./harness.ts";

const NOW = new Date("2026-06-07T15:30:00Z");

describe("overview in the browser", () => {
  let dist: Awaited<ReturnType<typeof buildDashboard>>;
  let server: DashboardServer;
  let browser: BrowserSession;
  let api: Overview;

  beforeAll(async () => {
    dist = await buildDashboard();
    server = await startDashboardServer(dist.dir, { now: () => NOW });
    const { ctx } = server;
    const anthropic = (await createAccount(ctx, { provider: "anthropic", name: "Research org" }))
      .id;
    const groq = (await createAccount(ctx, { provider: "groq", name: "Fast inference" })).id;
    const openai = (await createAccount(ctx, { provider: "openai", name: "Platform" })).id;
    const copilot = (await createAccount(ctx, { provider: "github_copilot", name: "Seats" })).id;
    const record = (account: string, date: string, cost: string | null, extra: object = {}) => ({
      account_id: account,
      timestamp: `${date}T12:00:00Z`,
      model: "claude-sonnet-4-5",
      prompt_tokens: 1000,
      completion_tokens: 100,
      total_cost: cost,
      source: "proxy",
      idempotency_key: `${account}:${date}:${cost}:${JSON.stringify(extra)}`,
      ...extra,
    });
    await ingestUsage(ctx, {
      records: [
        record(anthropic, "2026-05-15", "10.00"),
        record(anthropic, "2026-06-01", "4.000000003", {
          confidence: "official",
          source: "admin_api",
          bucket: "1d",
          project: "checkout",
        }),
        record(groq, "2026-06-02", "0.75", { model: "llama-3.3-70b-versatile", project: "search" }),
        record(groq, "2026-06-03", "0.000004", { model: "llama-3.1-8b-instant" }),
        record(openai, "2026-06-05", "2.50", { model: "gpt-4.1", project: "search" }),
        record(openai, "2026-06-06", null, { model: "ft:gpt-4.1:acme:support:abc123" }),
      ],
    });
    await addManualEntry(ctx, {
      account_id: copilot,
      date: "2026-06-03",
      cost: "19.00",
      model: "copilot-business",
    });
    await ctx.sync.updateStatus(
      openai,
      {
        last_run_at: "2026-06-06T00:00:00.000Z",
        last_success_at: "2026-06-01T00:00:00.000Z",
        last_error_class: "auth",
        last_error_message: "invalid admin key",
        paused_reason: "auth error: invalid admin key",
      },
      NOW.toISOString(),
    );
    api = await server.api<Overview>("GET", "overview");
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    dist?.remove();
  });

  test("a wrong token is refused in words; the admin token signs in", async () => {
    const { page } = browser;
    await page.goto(server.url);
    await page.getByLabel("Admin token").fill("not-the-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect
      .poll(() => page.getByText("That token is not this server's admin token.").count())
      .toBe(1);
    await screenshot(page, "sign-in");
    await signIn(page, server.url);
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    // The session cookie is HttpOnly: page scripts cannot read it, only the CSRF one.
    const cookies = await page.evaluate(() => document.cookie);
    expect(cookies).toContain("tl_csrf=");
    expect(cookies).not.toContain("tl_session=");
  });

  test("headline figures are the API's, to the cent, with their currency", async () => {
    const { page } = browser;
    const value = (id: string) => page.getByTestId(id).locator(".value").innerText();
    expect(await value("month-to-date")).toBe(formatMoney(api.month_to_date));
    expect(await value("last-month")).toBe(formatMoney(api.last_month));
    expect(await value("forecast")).toBe(formatMoney(api.forecast_month_end));
    expect(formatMoney(api.month_to_date)).toBe("$26.25");
    // The exact stored amount is one hover away.
    const title = await page.getByTestId("month-to-date").locator(".money").getAttribute("title");
    expect(title).toBe("26.250004003 USD");
    await expect.poll(() => page.getByTestId("month-to-date").getByText("Mixed").count()).toBe(1);
  });

  test("the confidence split shows every badge with the API's totals", async () => {
    const { page } = browser;
    for (const total of api.by_confidence.totals) {
      const row = page.locator(`tr[data-confidence="${total.confidence}"]`);
      expect(await row.locator(".badge").innerText()).toBe(total.label);
      expect(await row.locator(".money").innerText()).toBe(formatMoney(total.total_cost));
    }
    const labels = await page.locator("#confidence-title ~ div .badge").allInnerTexts();
    expect(labels).toEqual(["Official", "Reconciled", "Estimated", "Manual Entry"]);
  });

  test("the daily chart stacks providers with a legend and exact tooltips", async () => {
    const { page } = browser;
    const legend = await page.locator(".recharts-legend-item-text").allInnerTexts();
    expect(legend).toEqual(["Anthropic", "GitHub Copilot", "Groq", "OpenAI"]);
    // Hover June 3rd's column: its tooltip lists the day's exact spend per provider.
    const bars = page.locator(".recharts-bar-rectangle");
    await expect.poll(() => bars.count()).toBeGreaterThan(0);
    const box = await page.locator(".recharts-cartesian-grid").boundingBox();
    expect(box).not.toBeNull();
    const day3 = api.daily.findIndex((d) => d.date === "2026-06-03");
    const step = (box?.width ?? 0) / api.daily.length;
    await page.mouse.move(
      (box?.x ?? 0) + step * (day3 + 0.5),
      (box?.y ?? 0) + (box?.height ?? 0) - 4,
    );
    const tooltip = page.locator(".chart-tooltip");
    await tooltip.waitFor();
    expect(await tooltip.innerText()).toContain("Total");
    expect(await tooltip.locator(".total .num").innerText()).toBe("$19.00");
    expect(await tooltip.innerText()).toContain("< $0.01");
  });

  test("warnings name the problem and link to where it is fixed", async () => {
    const { page } = browser;
    const unpriced = page.getByRole("link", { name: "See the unpriced models and add a price" });
    expect(await unpriced.getAttribute("href")).toBe("/prices#unpriced");
    await expect.poll(() => page.getByText("1 record has no price").count()).toBe(1);
    const fix = page.getByRole("link", { name: "Fix it on the account" });
    expect(await fix.getAttribute("href")).toMatch(/^\/accounts\?account=/);
    expect(
      await page.getByText("The admin key was rejected — replace it", { exact: false }).count(),
    ).toBe(1);
    await screenshot(page, "overview");
  });

  test("top models and projects are the API's", async () => {
    const { page } = browser;
    const modelsTable = page.locator("section[aria-labelledby=top-models-title] tbody tr");
    await expect.poll(() => modelsTable.count()).toBe(api.top_models.length);
    const first = api.top_models[0];
    expect(await modelsTable.first().innerText()).toContain(first?.model ?? "no model");
    expect(await modelsTable.first().locator(".money").innerText()).toBe(
      formatMoney(first?.total_cost ?? "0"),
    );
    const projects = await page
      .locator("section[aria-labelledby=top-projects-title] tbody tr td:first-child")
      .allInnerTexts();
    expect(projects).toEqual(api.top_projects.map((p) => p.project ?? "no project"));
  });

  test("at phone width the totals stack and the menu opens from a button", async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("link", { name: "Usage" }).waitFor();
    await page.getByRole("button", { name: "Menu" }).click();
    await screenshot(page, "overview-phone");
    const mtd = await page.getByTestId("month-to-date").boundingBox();
    const last = await page.getByTestId("last-month").boundingBox();
    expect(last?.y ?? 0).toBeGreaterThan((mtd?.y ?? 0) + (mtd?.height ?? 0) - 1);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test("sign out ends the session on the server and shows the sign-in form", async () => {
    const { page, context } = browser;
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Admin token").waitFor();
    const cookies = await context.cookies(server.url);
    expect(cookies.map((c) => c.name)).not.toContain("tl_session");
    const response = await page.request.get(`${server.url}/api/v1/session`);
    expect(response.status()).toBe(401);
    expect(browser.problems).toEqual([]);
    // Only the signed-out checks and the wrong token were refused.
    expect(browser.refused.every((line) => /\/api\/v1\/session/.test(line))).toBe(true);
    expect(browser.refused.length).toBeGreaterThan(0);
  });
});
