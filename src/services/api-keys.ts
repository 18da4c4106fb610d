/**
 * TokenLedger API keys for the capture proxy and the SDK wrapper (scope "ingest"). A key is
 * shown once when created; only its SHA-256 and last 4 characters are stored.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { hashToken } from "../auth/admin-token.ts";
import { NotFoundError } from "../core/errors.ts";
import type { ServiceContext } from "./context.ts";
import { parseInput } from "./parse-input.ts";

export const API_KEY_SCOPES = ["ingest"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
const KEY_PREFIX = "tl_key_";

export interface ApiKeyView {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  key_hint: string;
  created_at: string;
  revoked_at: string | null;
}

const createInput = z.strictObject({
  name: z
    .string({ error: "is required" })
    .trim()
    .min(1, "is required")
    .max(100, "must be at most 100 characters"),
  scopes: z
    .array(z.enum(API_KEY_SCOPES, { error: `must be among ${API_KEY_SCOPES.join(", ")}` }))
    .default(["ingest"]),
});

/** Creates a key; the returned `key` is the only time it is ever shown. */
export async function createApiKey(
  ctx: ServiceContext,
  input: unknown,
): Promise<ApiKeyView & { key: string }> {
  const parsed = parseInput(createInput, input);
  const key = KEY_PREFIX + randomBytes(24).toString("base64url");
  const row = {
    id: `key_${randomBytes(8).toString("hex")}`,
    name: parsed.name,
    scopes: parsed.scopes.join(","),
    key_hash: hashToken(key).toString("hex"),
    key_hint: key.slice(-4),
    created_at: ctx.now().toISOString(),
    revoked_at: null,
  };
  await ctx.apiKeys.insert(row);
  return { ...toView(row), key };
}

export async function listApiKeys(ctx: ServiceContext): Promise<ApiKeyView[]> {
  return (await ctx.apiKeys.list()).map(toView);
}

export async function revokeApiKey(ctx: ServiceContext, id: string): Promise<{ revoked: string }> {
  if (!(await ctx.apiKeys.revoke(id, ctx.now().toISOString()))) {
    throw new NotFoundError(`no active API key with id "${id}"`);
  }
  return { revoked: id };
}

/** True when `presented` is an active key with `scope`. The lookup is by hash, so it leaks no timing about the key. */
export async function apiKeyAllows(
  ctx: ServiceContext,
  presented: string,
  scope: ApiKeyScope,
): Promise<boolean> {
  if (!presented.startsWith(KEY_PREFIX)) return false;
  const row = await ctx.apiKeys.findActiveByHash(hashToken(presented).toString("hex"));
  return row?.scopes.split(",").includes(scope) === true;
}

function toView(row: {
  id: string;
  name: string;
  scopes: string;
  key_hint: string;
  created_at: string;
  revoked_at: string | null;
}): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes.split(",") as ApiKeyScope[],
    key_hint: row.key_hint,
    created_at: row.created_at,
    revoked_at: row.revoked_at,
  };
}
