/**
 * The key that encrypts stored credentials: TOKENLEDGER_SECRET_KEY when set, else a random
 * key generated once into the data directory with mode 0600. Losing it makes stored
 * credentials unreadable (accounts then need their admin keys again), never exposes them.
 */
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../core/errors.ts";

export const SECRET_KEY_FILE = "secret.key";

/**
 * Returns the 32-byte key. A configured value may be 64 hex characters or 32 bytes of base64;
 * any other string is stretched with SHA-256 (operators should prefer a random 32-byte key).
 */
export function loadSecretKey(configured: string | null, dataDir: string): Buffer {
  if (configured) return decodeConfiguredKey(configured);
  const file = join(dataDir, SECRET_KEY_FILE);
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
    if (key.length !== 32) throw new ConfigError(`${file} does not hold a 32-byte base64 key`);
    return key;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  // "wx" fails if another process created the file first; then read the winner's key.
  try {
    writeFileSync(file, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return loadSecretKey(null, dataDir);
    throw error;
  }
  chmodSync(file, 0o600);
  return key;
}

function decodeConfiguredKey(value: string): Buffer {
  const text = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, "hex");
  const base64 = Buffer.from(text, "base64");
  if (base64.length === 32 && /^[A-Za-z0-9+/_-]+=*$/.test(text)) return base64;
  if (text.length < 16)
    throw new ConfigError(
      "TOKENLEDGER_SECRET_KEY: must be at least 16 characters (better: 32 random bytes)",
    );
  return createHash("sha256").update(text, "utf8").digest();
}
