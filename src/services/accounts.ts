/** Account services: create, list, get, remove. */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { ConflictError, NotFoundError } from "../core/errors.ts";
import { PROVIDER_IDS } from "../providers/registry.ts";
import type { Account } from "../storage/accounts-repository.ts";
import type { ServiceContext } from "./context.ts";
import { parseInput } from "./parse-input.ts";

export const createAccountInput = z.strictObject({
  provider: z.enum(PROVIDER_IDS, { error: `must be one of ${PROVIDER_IDS.join(", ")}` }),
  name: z
    .string({ error: "is required" })
    .trim()
    .min(1, "is required")
    .max(100, "must be at most 100 characters"),
});

/** Creates an account; a second account with the same provider and name is a conflict. */
export async function createAccount(ctx: ServiceContext, input: unknown): Promise<Account> {
  const { provider, name } = parseInput(createAccountInput, input);
  if (await ctx.accounts.findByName(provider, name)) {
    throw new ConflictError(`a ${provider} account named "${name}" already exists`, [
      { field: "name", message: "already exists for this provider" },
    ]);
  }
  const now = ctx.now().toISOString();
  const account: Account = { id: newAccountId(), provider, name, created_at: now, updated_at: now };
  await ctx.accounts.insert(account);
  return account;
}

export function listAccounts(ctx: ServiceContext): Promise<Account[]> {
  return ctx.accounts.list();
}

export async function getAccount(ctx: ServiceContext, id: string): Promise<Account> {
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
): Promise<{ account: Account; removed_records: number }> {
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

function newAccountId(): string {
  return `acc_${randomBytes(10).toString("hex")}`;
}
