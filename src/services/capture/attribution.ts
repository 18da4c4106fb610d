/**
 * Which account a captured request belongs to: the account the client named
 * (`x-tokenledger-account`), or else the account of the provider key it used — found by a
 * keyed fingerprint of the key and created on first sight. The key itself is never stored:
 * only the fingerprint (HMAC-SHA256 under the instance secret) and its last 4 characters.
 */
import { createHmac, randomBytes } from "node:crypto";
import { ValidationError } from "../../core/errors.ts";
import type { ProviderId } from "../../providers/registry.ts";
import type { ServiceContext } from "../context.ts";

export interface Attribution {
  accountId: string;
  /** The last 4 characters of the provider key (how Perplexity invoices name keys). */
  keySuffix: string | null;
}

/** Resolves the account; results are cached per process (account ids never change). */
export function createAttributor(ctx: ServiceContext) {
  const namedAccounts = new Map<string, ProviderId>();

  async function named(accountId: string, provider: ProviderId): Promise<string> {
    let owner = namedAccounts.get(accountId);
    if (!owner) {
      const account = await ctx.accounts.get(accountId);
      if (!account)
        throw new ValidationError(`no account with id "${accountId}"`, [
          { field: "x-tokenledger-account", message: "unknown account" },
        ]);
      owner = account.provider;
      namedAccounts.set(accountId, owner);
    }
    if (owner !== provider) {
      throw new ValidationError(`account "${accountId}" is a ${owner} account, not ${provider}`, [
        { field: "x-tokenledger-account", message: "belongs to another provider" },
      ]);
    }
    return accountId;
  }

  // Keyed by the key itself so the hot path computes no HMAC: process memory only, never stored.
  const byProviderKey = new Map<string, string>();

  async function byKey(provider: ProviderId, providerKey: string): Promise<string> {
    const memoKey = `${provider}\u0000${providerKey}`;
    const memo = byProviderKey.get(memoKey);
    if (memo) return memo;
    const fingerprint = createHmac("sha256", ctx.secretKey()).update(memoKey).digest("hex");
    let accountId = await ctx.providerKeyAccounts.find(provider, fingerprint);
    if (!accountId)
      accountId = await createKeyAccount(provider, fingerprint, providerKey.slice(-4));
    // Bounded: past 10,000 keys the memo starts again and a key costs one lookup once more.
    if (byProviderKey.size >= 10_000) byProviderKey.clear();
    byProviderKey.set(memoKey, accountId);
    return accountId;
  }

  async function createKeyAccount(
    provider: ProviderId,
    fingerprint: string,
    suffix: string,
  ): Promise<string> {
    const now = ctx.now().toISOString();
    const id = `acc_${randomBytes(10).toString("hex")}`;
    await ctx.accounts.insert({
      id,
      provider,
      // Unique per provider: the suffix alone may repeat across keys.
      name: `${provider} key …${suffix} (${fingerprint.slice(0, 8)})`,
      base_url: null,
      sync_schedule: null,
      created_at: now,
      updated_at: now,
    });
    const winner = await ctx.providerKeyAccounts.claim({
      provider,
      fingerprint,
      account_id: id,
      key_suffix: suffix,
      created_at: now,
    });
    // Another request (or instance) created the account for this key first: keep theirs.
    if (winner !== id) await ctx.accounts.remove(id);
    return winner;
  }

  return {
    async attribute(
      provider: ProviderId,
      accountHeader: string | null,
      providerKey: string | null,
    ): Promise<Attribution> {
      const keySuffix = providerKey ? providerKey.slice(-4) : null;
      if (accountHeader) return { accountId: await named(accountHeader, provider), keySuffix };
      if (!providerKey) {
        throw new ValidationError(
          "send x-tokenledger-account, or a provider key for the account to be found by",
          [{ field: "x-tokenledger-account", message: "is required when no provider key is sent" }],
        );
      }
      return { accountId: await byKey(provider, providerKey), keySuffix };
    },
  };
}

export type Attributor = ReturnType<typeof createAttributor>;
