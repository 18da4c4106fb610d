/**
 * Admin credentials of official-data accounts: checked for the right kind of key, verified
 * with one cheap call, sealed at rest, and opened only to build a connection.
 */
import { ValidationError } from "../../core/errors.ts";
import { decryptSecret, encryptSecret, secretHint } from "../../credentials/cipher.ts";
import { officialAdapterFor } from "../../providers/official.ts";
import { ProviderAuthError } from "../../providers/errors.ts";
import { providerPolicy } from "../../providers/shared/resilience.ts";
import type { AdminConnection, OfficialAdapter } from "../../providers/types.ts";
import type { Account } from "../../storage/accounts-repository.ts";
import type { ServiceContext } from "../context.ts";

/** The adapter of an account's provider, or a clear error for providers without an admin API. */
export function requireOfficialAdapter(account: Account): OfficialAdapter {
  const adapter = officialAdapterFor(account.provider);
  if (!adapter) {
    throw new ValidationError(
      `${account.provider} has no usage or billing API to sync from; capture its usage through the proxy or SDK, or enter it manually`,
      [{ field: "provider", message: "has no official usage API" }],
    );
  }
  return adapter;
}

export function connectionFor(
  ctx: ServiceContext,
  account: Account,
  adminKey: string,
  signal?: AbortSignal,
): AdminConnection {
  const baseUrl = (account.base_url ?? ctx.syncSettings.providerBaseUrls[account.provider]).replace(
    /\/+$/,
    "",
  );
  return {
    accountId: account.id,
    adminKey,
    baseUrl,
    policy: providerPolicy(`${account.provider} ${baseUrl}`, ctx.syncSettings.resilience),
    timeoutMs: ctx.syncSettings.requestTimeoutMs,
    signal,
  };
}

/** Checks that a key is the right kind and that the provider accepts it; returns it trimmed. */
export async function verifyAdminKey(
  ctx: ServiceContext,
  account: Account,
  adminKey: string,
): Promise<string> {
  const key = adminKey.trim();
  const adapter = requireOfficialAdapter(account);
  adapter.checkKeyFormat(key);
  try {
    await adapter.verify(connectionFor(ctx, account, key));
  } catch (error) {
    if (error instanceof ProviderAuthError) {
      throw new ValidationError(`the ${account.provider} admin key was refused: ${error.message}`, [
        {
          field: "admin_key",
          message:
            error.reason === "invalid_key"
              ? "is invalid, expired or revoked"
              : "lacks the admin permission",
        },
      ]);
    }
    throw error;
  }
  return key;
}

/** Seals and stores a verified key; a new key lifts an auth pause. */
export async function storeAdminKey(
  ctx: ServiceContext,
  account: Account,
  key: string,
): Promise<{ hint: string }> {
  const now = ctx.now().toISOString();
  const hint = secretHint(key);
  await ctx.credentials.put({
    account_id: account.id,
    admin_key_sealed: encryptSecret(key, ctx.secretKey(), account.id),
    admin_key_hint: hint,
    updated_at: now,
  });
  await ctx.sync.updateStatus(account.id, { paused_reason: null }, now);
  return { hint };
}

/** Opens an account's stored admin key; an account without one cannot sync. */
export async function openAdminKey(ctx: ServiceContext, account: Account): Promise<string> {
  const sealed = await ctx.credentials.get(account.id);
  if (!sealed) {
    throw new ValidationError(
      `account "${account.id}" has no admin key; add one with: tokenledger accounts update ${account.id} --admin-key-env VAR`,
      [{ field: "admin_key", message: "is not configured" }],
    );
  }
  return decryptSecret(sealed.admin_key_sealed, ctx.secretKey(), account.id);
}
