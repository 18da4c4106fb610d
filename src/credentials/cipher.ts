/**
 * Credentials at rest: AES-256-GCM with a random 96-bit nonce per value, bound to the account
 * it belongs to (additional authenticated data), so a ciphertext copied onto another account
 * does not decrypt. Format: `v1.<nonce>.<tag>.<ciphertext>`, each part base64url.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { ConfigError } from "../core/errors.ts";

const VERSION = "v1";

export function encryptSecret(plaintext: string, key: Buffer, context: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, nonce, tag, ciphertext]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

export function decryptSecret(sealed: string, key: Buffer, context: string): string {
  const [version, nonce, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION || !nonce || !tag || ciphertext === undefined) {
    throw new ConfigError("a stored credential has an unknown format");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertext, "base64url")),
      decipher.final(),
    ]).toString("utf8");
  } catch (error) {
    throw new ConfigError(
      "a stored credential could not be decrypted: TOKENLEDGER_SECRET_KEY or the data directory's secret.key changed; set the account's admin key again",
      [],
      { cause: error },
    );
  }
}

/** What may be shown of a secret: its last 4 characters. */
export function secretHint(secret: string): string {
  return secret.slice(-4);
}
