/**
 * The Prices page in a real browser: the catalog shows the API's exact prices and dates, the
 * unpriced section counts an unknown model's records, an override added in the form prices
 * them in a recompute dry run, and applying it (confirmed) brings the unpriced count to 0.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ListedPrice } from "../../src/pricing/index.ts";
import { createAccount } from "../../src/services/accounts.ts";
import { ingestUsage } from "../../src/services/ingest.ts";
import type { UnpricedModels } from "../../src/services/unpriced.ts";
import {
  type BrowserSession,
  buildDashboard,
  type DashboardServer,
  openBrowser,
  screenshot,
  startDashboardServer,
  TEST_TOKEN,
} from "./harness.ts";

const NOW = new Date("2025-03-10T12:00:00Z");
const UNKNOWN = "llama-9-preview";

describe("prices in the browser", () => {
  let dist: Awaited<ReturnType<typeof buildDashboard>>;
  let server: DashboardServer;
  let desktop: BrowserSession;
  let phone: BrowserSession;
  let groq: string;

  const getJson = <T>(path: string) => server.api<T>("GET", path);

  /**
   * Signs in through the session API (the sign-in form has its own test), so the page never
   * makes the signed-out check that answers 401, then opens the Prices page.
   */
  const openPrices = async ({ page }: BrowserSession, hash = "") => {
    const response = await page.request.post(`${server.url}/api/v1/session`, {
      data: { token: TEST_TOKEN },
    });
    expect(response.status()).toBe(200);
    await page.goto(`${server.url}/prices${hash}`);
    await page.getByRole("heading", { name: "Prices", level: 1 }).waitFor();
  };

  beforeAll(async () => {
    dist = await buildDashboard();
    server = await startDashboardServer(dist.dir, { now: () => NOW });
    const { ctx } = server;
    groq = (await createAccount(ctx, { provider: "groq", name: "Fast inference" })).id;
    await createAccount(ctx, { provider: "openai", name: "Platform" });
    const record = (key: string, model: string, day: string) => ({
      account_id: groq,
      timestamp: `2025-03-${day}T12:00:00Z`,
      model,
      prompt_tokens: 1_000_000,
      completion_tokens: 0,
      idempotency_key: key,
    });
    await ingestUsage(ctx, {
      records: [
        record("known-1", "llama-3.3-70b-versatile", "01"),
        record("known-2", "llama-3.3-70b-versatile", "02"),
        record("unknown-1", UNKNOWN, "02"),
        record("unknown-2", UNKNOWN, "03"),
        record("unknown-3", UNKNOWN, "04"),
      ],
    });
    desktop = await openBrowser({ width: 1280, height: 900 });
    phone = await openBrowser({ width: 390, height: 844 });
    await openPrices(desktop);
  });

  afterAll(async () => {
    await desktop?.close();
    await phone?.close();
    await server?.close();
    dist?.remove();
  });

  test("the catalog shows o3's past and current prices exactly as the API lists them", async () => {
    const { page } = desktop;
    const { prices } = await getJson<{ prices: ListedPrice[] }>("prices?provider=openai");
    const o3 = prices.filter((p) => p.model === "o3");
    expect(o3.map((p) => p.effective_from)).toEqual(["2025-04-16", "2025-06-10"]);

    const catalog = page.getByRole("region", { name: "Price catalog" });
    await catalog.getByLabel("Provider").selectOption("openai");
    await catalog.getByLabel("Model").fill("o3");
    const rows = catalog.locator("tbody tr[data-version]");
    await expect.poll(() => rows.count()).toBe(2);
    for (const [index, entry] of o3.entries()) {
      const row = rows.nth(index);
      expect(await row.getAttribute("data-version")).toBe(entry.version);
      const cells = await row.locator("td.num").allInnerTexts();
      expect(cells.slice(0, 3)).toEqual([
        `$${entry.prices?.input}`,
        `$${entry.prices?.output}`,
        `$${entry.prices?.cache_read}`,
      ]);
      await expect
        .poll(() => row.locator(`time[datetime="${entry.effective_from}"]`).count())
        .toBe(1);
    }
    expect(await rows.nth(0).innerText()).toContain("$10");
    expect(await rows.nth(0).locator(".badge").innerText()).toBe("Past");
    await expect.poll(() => rows.nth(0).locator('time[datetime="2025-06-10"]').count()).toBe(1);
    expect(await rows.nth(1).locator(".badge").innerText()).toBe("Current");
    expect(await rows.nth(1).innerText()).toContain("open-ended");

    await catalog.getByLabel("Model").fill("no-such-model");
    await expect.poll(() => catalog.getByText("No price matches").count()).toBe(1);
    await catalog.getByLabel("Model").fill("");
    await catalog.getByLabel("Provider").selectOption("");
  });

  test("the unpriced section shows the unknown model with its exact count and how to fix it", async () => {
    const { page } = desktop;
    const api = await getJson<UnpricedModels>("prices/unpriced");
    expect(api.total_records).toBe(3);
    const section = page.locator("section#unpriced");
    const row = section.locator("tbody tr", { hasText: UNKNOWN });
    await row.waitFor();
    expect(await row.locator(".unpriced-count").innerText()).toBe("3");
    expect(await row.innerText()).toContain("Fast inference");
    await expect.poll(() => section.getByText("3 unpriced records").count()).toBe(1);
    await expect.poll(() => section.getByText("Add an override price").count()).toBe(1);
    await expect.poll(() => section.getByText("update the catalog").count()).toBe(1);
  });

  test("an override is added from the unpriced row; a bad price is refused at its field", async () => {
    const { page } = desktop;
    await page.getByRole("button", { name: `Add a price for ${UNKNOWN}` }).click();
    const form = page.getByRole("form", { name: "Add a price override" });
    await form.waitFor();
    expect(await form.getByLabel("Account").inputValue()).toBe(groq);
    expect(await form.getByLabel("Model", { exact: true }).inputValue()).toBe(UNKNOWN);
    expect(await form.getByLabel("Effective from").inputValue()).toBe("2025-03-02");

    await form.getByLabel("Input", { exact: true }).fill("cheap");
    await form.getByLabel("Output", { exact: true }).fill("0.50");
    await form.getByRole("button", { name: "Add override" }).click();
    const message = form.getByText("must be a decimal string of USD per million tokens");
    await message.waitFor();
    expect(await form.getByLabel("Input", { exact: true }).getAttribute("aria-invalid")).toBe(
      "true",
    );
    await screenshot(page, "prices-override-form");

    await form.getByLabel("Input", { exact: true }).fill("0.125");
    await form.getByRole("button", { name: "Add override" }).click();
    await form.waitFor({ state: "detached" });
    const overrides = page.locator("section#overrides tbody tr");
    await expect.poll(() => overrides.count()).toBe(1);
    expect(await overrides.first().innerText()).toContain("Input $0.125");
    expect(
      await overrides.first().getByRole("link", { name: "Fast inference" }).getAttribute("href"),
    ).toBe(`/accounts?account=${groq}`);
    // Stored records keep their old state until a recompute: still 3 unpriced.
    expect((await getJson<UnpricedModels>("prices/unpriced")).total_records).toBe(3);
  });

  test("the dry run shows the 3 records that would be priced and changes nothing", async () => {
    const { page } = desktop;
    expect(await page.locator("section#overrides .notice-ok").innerText()).toContain(
      "Added “Prices for llama-9-preview” to Fast inference. Records already stored keep their old price until you recompute.",
    );
    await page.getByRole("button", { name: "Go to the recompute dry run" }).click();
    const recompute = page.locator("section#recompute");
    expect(await recompute.getByLabel("Account (optional)").inputValue()).toBe(groq);
    expect(await recompute.getByLabel("From (optional)").inputValue()).toBe("2025-03-02");
    await recompute.getByRole("button", { name: "Run the dry run" }).click();
    const result = recompute.getByRole("region", { name: "Dry run result" });
    await result.waitFor();
    expect(await result.getByTestId("records-changed").innerText()).toBe("3");
    expect(await result.innerText()).toContain("3 → 0");
    expect(await result.innerText()).toContain("+$0.38");
    expect(await result.innerText()).toContain("exactly 0.375 USD");
    expect((await getJson<UnpricedModels>("prices/unpriced")).total_records).toBe(3);
    await screenshot(page, "prices");
  });

  test("at phone width the page fits, tables scroll inside their panels, the override form wraps and asks for an account", async () => {
    const { page } = phone;
    await openPrices(phone, "#unpriced");
    await page.locator("section#unpriced tbody tr", { hasText: UNKNOWN }).waitFor();
    await page.locator("section#catalog tbody tr[data-version]").first().waitFor();
    const recompute = page.locator("section#recompute");
    await recompute.getByLabel("From (optional)").fill("2025-03-01");
    await recompute.getByRole("button", { name: "Run the dry run" }).click();
    await recompute.getByRole("region", { name: "Dry run result" }).waitFor();
    const overrides = page.locator("section#overrides");
    await overrides.getByRole("button", { name: "Add an override" }).click();
    const form = overrides.getByRole("form", { name: "Add a price override" });
    await form.getByRole("button", { name: "Add override" }).click();
    // No account chosen: said at the field, and nothing is sent (no refusal in the console).
    await form.getByText("Choose an account", { exact: true }).waitFor();
    expect(await form.getByLabel("Account").getAttribute("aria-invalid")).toBe("true");
    await overrides.locator("tbody tr", { hasText: UNKNOWN }).waitFor();
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await screenshot(page, "prices-phone");
  });

  test("applying asks for confirmation, reprices, and the unpriced count drops to 0", async () => {
    const { page } = desktop;
    const recompute = page.locator("section#recompute");
    await recompute.getByRole("button", { name: "Apply to 3 records…" }).click();
    expect((await getJson<UnpricedModels>("prices/unpriced")).total_records).toBe(3);
    await recompute.getByRole("button", { name: "Cancel" }).click();
    await recompute.getByRole("button", { name: "Apply to 3 records…" }).click();
    await recompute.getByRole("button", { name: "Yes, apply the new prices" }).click();
    await recompute.getByText("Applied: 3 records repriced.").waitFor();
    await page
      .locator("section#unpriced")
      .getByText("Every record has a price: no model is unpriced.")
      .waitFor();
    const api = await getJson<UnpricedModels>("prices/unpriced");
    expect(api).toEqual({ models: [], total_records: 0, total_counted_records: 0 });
  });

  test("a quote prices a usage exactly with its breakdown, at the price of its day", async () => {
    const { page } = desktop;
    const quote = page.locator("section#quote");
    await quote.getByLabel("Provider").selectOption("openai");
    await quote.getByLabel("Model").fill("o3");
    await quote.getByLabel("Day").fill("2025-06-09");
    await quote.getByLabel("Input tokens").fill("1000000");
    await quote.getByLabel("Output tokens").fill("1000000");
    await quote.getByRole("button", { name: "Quote" }).click();
    const result = quote.getByRole("region", { name: "Quote" });
    await result.waitFor();
    expect(await result.locator(".quote-total .money").innerText()).toBe("$50.00");
    expect(await result.innerText()).toContain("openai/o3@2025-04-16");
    const lines = await result.locator("tbody tr").allInnerTexts();
    expect(lines[0]).toContain("$10.00 per 1M tokens");
    expect(lines[1]).toContain("$40.00 per 1M tokens");

    await quote.getByLabel("Output tokens").fill("1.5");
    await quote.getByRole("button", { name: "Quote" }).click();
    await quote.getByText("must be a non-negative whole number").waitFor();
  });

  test("no console errors or React warnings in either browser", () => {
    // The refusals the page was asked for: a bad price and a fractional token count, each
    // answered 400 and shown at its field.
    const refusal = /Failed to load resource: the server responded with a status of 400/;
    expect(desktop.problems.filter((p) => !refusal.test(p))).toEqual([]);
    expect(phone.problems).toEqual([]);
  });
});
