/** Account services: create, list, get, update (including credentials), remove. */
import { randomBytes } from "node:crypto";
import { Cron } from "croner";
import { z } from "zod";
import { ConflictError, NotFoundError } from "../core/errors.ts";
import { PROVIDER_IDS, type ProviderId } from "../providers/registry.ts";
import type { Account } from "../storage/accounts-repository.ts";
import type { SyncStatus } from "../storage/sync-repository.ts";
import type { ServiceContext } from "./context.ts";
import { parseInput } from "./parse-input.ts";
import { storeAdminKey, verifyAdminKey } from "./sync/credentials.ts";

/** Scheduled syncs run hourly unless an account says otherwise. */
export const DEFAULT_SYNC_SCHEDULE = "0 * * * *";

const name = z
  .string({ error: "is required" })
  .trim()
  .min(1, "is required")
  .max(100, "must be at most 100 characters");
const baseUrl = z
  .string()
  .url("must be an http(s) URL")
  .refine((v) => /^https?:\/\//.test(v), "must be an http(s) URL")
  .nullish();
const schedule = z
  .string()
  .refine(isValidCron, 'must be a cron expression such as "0 * * * *" (hourly)')
  .nullish();
const adminKey = z.string().min(8, "is too short to be an admin key").max(512).optional();

export const createAccountInput = z.strictObject({
  provider: z.enum(PROVIDER_IDS, { error: `must be one of ${PROVIDER_IDS.join(", ")}` }),
  name,
  admin_key: adminKey,
  base_url: baseUrl,
  sync_schedule: schedule,
});

export const updateAccountInput = z.strictObject({
  name: name.optional(),
  admin_key: adminKey,
  base_url: baseUrl,
  sync_schedule: schedule,
});

/** An account as the API and CLI show it: never a secret, only its last 4 characters. */
export interface AccountView extends Account {
  credentials: { admin_key_hint: string } | null;
  sync: Omit<SyncStatus, "account_id"> | null;
}

/** Creates an account; with an admin key, the key is verified with the provider first. */
export async function createAccount(ctx: ServiceContext, input: unknown): Promise<AccountView> {
  const parsed = parseInput(createAccountInput, input);
  await assertNameFree(ctx, parsed.provider, parsed.name);
  const now = ctx.now().toISOString();
  const account: Account = {
    id: newAccountId(),
    provider: parsed.provider,
    name: parsed.name,
    base_url: parsed.base_url ?? null,
    sync_schedule: parsed.sync_schedule ?? null,
    created_at: now,
    updated_at: now,
  };
  const key =
    parsed.admin_key === undefined ? null : await verifyAdminKey(ctx, account, parsed.admin_key);
  await ctx.accounts.insert(account);
  if (key) await storeAdminKey(ctx, account, key);
  return view(ctx, account);
}

/** Renames, re-points, re-schedules or rotates the admin key of an account. */
export async function updateAccount(
  ctx: ServiceContext,
  id: string,
  input: unknown,
): Promise<AccountView> {
  const parsed = parseInput(updateAccountInput, input);
  const account = await getAccountRecord(ctx, id);
  if (parsed.name !== undefined && parsed.name !== account.name)
    await assertNameFree(ctx, account.provider, parsed.name);
  const next: Account = {
    ...account,
    name: parsed.name ?? account.name,
    base_url: parsed.base_url === undefined ? account.base_url : parsed.base_url,
    sync_schedule:
      parsed.sync_schedule === undefined ? account.sync_schedule : parsed.sync_schedule,
    updated_at: ctx.now().toISOString(),
  };
  const key =
    parsed.admin_key === undefined ? null : await verifyAdminKey(ctx, next, parsed.admin_key);
  await ctx.accounts.update(id, {
    name: next.name,
    base_url: next.base_url,
    sync_schedule: next.sync_schedule,
    updated_at: next.updated_at,
  });
  if (key) await storeAdminKey(ctx, next, key);
  return view(ctx, next);
}

export async function listAccounts(ctx: ServiceContext): Promise<AccountView[]> {
  const [accounts, hints, statuses] = await Promise.all([
    ctx.accounts.list(),
    ctx.credentials.hints(),
    ctx.sync.allStatuses(),
  ]);
  return accounts.map((account) =>
    toView(account, hints.get(account.id), statuses.get(account.id)),
  );
}

export async function getAccount(ctx: ServiceContext, id: string): Promise<AccountView> {
  return view(ctx, await getAccountRecord(ctx, id));
}

/** The stored account, without credentials or status. */
export async function getAccountRecord(ctx: ServiceContext, id: string): Promise<Account> {
  const account = await ctx.accounts.get(id);
  if (!account) throw new NotFoundError(`no account with id "${id}"`);
  return account;
}

/**
 * Removes an account. An account with usage records is only removed with `force`, which also
 * deletes its records: the ledger never silently loses spend.
 */
export async function removeAccount(
  ctx: ServiceContext,
  id: string,
  options: { force?: boolean } = {},
): Promise<{ account: AccountView; removed_records: number }> {
  const account = await getAccount(ctx, id);
  const records = await ctx.usage.countForAccount(id);
  if (records > 0 && !options.force) {
    throw new ConflictError(
      `account "${id}" has ${records} usage records; remove it with force to delete them too`,
      [{ field: "force", message: "required to delete an account that has usage records" }],
    );
  }
  const { removedRecords } = await ctx.accounts.remove(id);
  return { account, removed_records: removedRecords };
}

async function view(ctx: ServiceContext, account: Account): Promise<AccountView> {
  const [credential, status] = await Promise.all([
    ctx.credentials.get(account.id),
    ctx.sync.getStatus(account.id),
  ]);
  return toView(account, credential?.admin_key_hint, status);
}

function toView(
  account: Account,
  hint: string | undefined,
  status: SyncStatus | undefined,
): AccountView {
  let sync: AccountView["sync"] = null;
  if (status) {
    const { account_id: _id, ...rest } = status;
    sync = rest;
  }
  return { ...account, credentials: hint ? { admin_key_hint: hint } : null, sync };
}

async function assertNameFree(ctx: ServiceContext, provider: ProviderId, accountName: string) {
  if (await ctx.accounts.findByName(provider, accountName)) {
    throw new ConflictError(`a ${provider} account named "${accountName}" already exists`, [
      { field: "name", message: "already exists for this provider" },
    ]);
  }
}

function isValidCron(expression: string): boolean {
  try {
    new Cron(expression, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

function newAccountId(): string {
  return `acc_${randomBytes(10).toString("hex")}`;
}
