/**
 * Which models have records without a price, how many, over which days and in which accounts:
 * the list a person works through by adding an override price or updating the catalog, then
 * recomputing. Counted in SQL; no record is loaded.
 */
import { toSafeNumber } from "../core/money.ts";
import { isProviderId } from "../providers/registry.ts";
import { unpricedRepository } from "../storage/unpriced-repository.ts";
import type { ServiceContext } from "./context.ts";

export interface UnpricedAccount {
  account_id: string;
  /** The account's name, or null when the account no longer exists. */
  account_name: string | null;
  records: number;
  counted_records: number;
  first_date: string;
  last_date: string;
}

export interface UnpricedModel {
  provider: string;
  model: string | null;
  /**
   * The catalog's id for the model when the catalog knows it (its records are then dated
   * outside every price window, or carried no usage to price); null when the catalog lacks it.
   */
  catalog_model: string | null;
  records: number;
  /** Of `records`, those that count in totals; the rest are superseded and change no total. */
  counted_records: number;
  first_date: string;
  last_date: string;
  accounts: UnpricedAccount[];
}

export interface UnpricedModels {
  models: UnpricedModel[];
  total_records: number;
  total_counted_records: number;
}

/** Unpriced records per provider and model, with the accounts they are in. */
export async function listUnpricedModels(ctx: ServiceContext): Promise<UnpricedModels> {
  const [groups, accounts] = await Promise.all([
    unpricedRepository(ctx.store.db).groups(),
    ctx.accounts.list(),
  ]);
  const names = new Map(accounts.map((a) => [a.id, a.name]));
  const models = new Map<string, UnpricedModel>();
  let total = 0;
  let counted = 0;
  for (const group of groups) {
    const records = toSafeNumber(group.records);
    const countedRecords = toSafeNumber(group.counted_records);
    total += records;
    counted += countedRecords;
    const key = `${group.provider}\u0000${group.model ?? ""}`;
    let model = models.get(key);
    if (!model) {
      model = {
        provider: group.provider,
        model: group.model,
        catalog_model: catalogModel(ctx, group.provider, group.model),
        records: 0,
        counted_records: 0,
        first_date: group.first_date,
        last_date: group.last_date,
        accounts: [],
      };
      models.set(key, model);
    }
    model.records += records;
    model.counted_records += countedRecords;
    if (group.first_date < model.first_date) model.first_date = group.first_date;
    if (group.last_date > model.last_date) model.last_date = group.last_date;
    model.accounts.push({
      account_id: group.account_id,
      account_name: names.get(group.account_id) ?? null,
      records,
      counted_records: countedRecords,
      first_date: group.first_date,
      last_date: group.last_date,
    });
  }
  const list = [...models.values()].sort(
    (a, b) =>
      b.records - a.records ||
      compare(a.provider, b.provider) ||
      compare(a.model ?? "", b.model ?? ""),
  );
  for (const model of list)
    model.accounts.sort((a, b) => b.records - a.records || compare(a.account_id, b.account_id));
  return { models: list, total_records: total, total_counted_records: counted };
}

function catalogModel(ctx: ServiceContext, provider: string, model: string | null): string | null {
  if (model === null || !isProviderId(provider)) return null;
  const ids = ctx.pricer.catalog.ids.get(provider);
  return (ids?.get(model) ?? ids?.get(model.trim().toLowerCase()))?.slot.model ?? null;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
