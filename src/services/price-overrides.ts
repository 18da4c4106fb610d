/** Per-account price overrides: negotiated discounts or per-model prices with effective dates. */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { NotFoundError } from "../core/errors.ts";
import { priceOverrideSchema } from "../pricing/index.ts";
import type { ProviderId } from "../providers/registry.ts";
import type { StoredPriceOverride } from "../storage/price-overrides-repository.ts";
import { getAccount } from "./accounts.ts";
import type { ServiceContext } from "./context.ts";
import { parseInput } from "./parse-input.ts";

const overrideInput = z
  .object({ note: z.string().max(500, "must be at most 500 characters").nullish() })
  .passthrough();

export interface PriceOverrideWire {
  id: string;
  account_id: string;
  kind: "discount" | "model_prices";
  model: string | null;
  service_tier: string | null;
  percent: string | null;
  prices: Record<string, string> | null;
  effective_from: string;
  effective_to: string | null;
  note: string | null;
  created_at: string;
}

function toWire(stored: StoredPriceOverride): PriceOverrideWire {
  const o = stored.override;
  return {
    id: o.id,
    account_id: stored.account_id,
    kind: o.kind,
    model: o.model ?? null,
    service_tier: o.service_tier ?? null,
    percent: o.kind === "discount" ? o.percent : null,
    prices: o.kind === "model_prices" ? { ...o.prices } : null,
    effective_from: o.effective_from,
    effective_to: o.effective_to,
    note: stored.note,
    created_at: stored.created_at,
  };
}

/**
 * Adds an override to an account. Input: `kind` "discount" with `percent` (e.g. "15" for 15%
 * off, optionally for one `model`), or "model_prices" with `model` and `prices` (decimal USD
 * per million tokens); `effective_from` and optional `effective_to` (exclusive) dates.
 */
export async function addPriceOverride(
  ctx: ServiceContext,
  accountId: string,
  input: unknown,
): Promise<PriceOverrideWire> {
  await getAccount(ctx, accountId);
  const { note, ...rest } = parseInput(overrideInput, input);
  const override = parseInput(priceOverrideSchema, {
    effective_to: null,
    ...rest,
    id: `po_${randomBytes(8).toString("hex")}`,
  });
  const now = ctx.now().toISOString();
  await ctx.priceOverrides.insert(accountId, override, note ?? null, now);
  return toWire({ account_id: accountId, note: note ?? null, created_at: now, override });
}

export async function listPriceOverrides(
  ctx: ServiceContext,
  accountId: string,
): Promise<PriceOverrideWire[]> {
  await getAccount(ctx, accountId);
  return (await ctx.priceOverrides.listForAccount(accountId)).map(toWire);
}

/** An override with the name and provider of its account, for lists across accounts. */
export interface AccountPriceOverrideWire extends PriceOverrideWire {
  account_name: string;
  account_provider: ProviderId;
}

/** Every account's price overrides, by account name, then by effective date. */
export async function listAllPriceOverrides(
  ctx: ServiceContext,
): Promise<AccountPriceOverrideWire[]> {
  const [stored, accounts] = await Promise.all([ctx.priceOverrides.listAll(), ctx.accounts.list()]);
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const rows: AccountPriceOverrideWire[] = [];
  for (const override of stored) {
    // Overrides are removed with their account; one without an account is not shown.
    const account = byId.get(override.account_id);
    if (!account) continue;
    rows.push({
      ...toWire(override),
      account_name: account.name,
      account_provider: account.provider,
    });
  }
  return rows.sort(
    (a, b) =>
      a.account_name.localeCompare(b.account_name) ||
      a.account_id.localeCompare(b.account_id) ||
      a.effective_from.localeCompare(b.effective_from) ||
      a.id.localeCompare(b.id),
  );
}

export async function removePriceOverride(
  ctx: ServiceContext,
  accountId: string,
  id: string,
): Promise<{ removed: string }> {
  await getAccount(ctx, accountId);
  if (!(await ctx.priceOverrides.remove(accountId, id))) {
    throw new NotFoundError(`account "${accountId}" has no price override "${id}"`);
  }
  return { removed: id };
}
