import { ValidationError } from "../core/errors.ts";
import { dateOf, normalizeTimestamp } from "../core/time.ts";
import type { ProviderId } from "../providers/registry.ts";
import type { Catalog, CatalogMatch, CompiledEntry, ModelSlot } from "./catalog.ts";

/**
 * The UTC calendar date prices are looked up for: the date itself, or the UTC date of a
 * timestamp (an offset such as +02:00 can move it to the previous or next day).
 */
export function pricingDate(at: string): string {
  // Fast path for the common forms: a date, or a UTC timestamp ending in Z.
  const length = at.length;
  const utc =
    length === 10 || (length >= 17 && at.charCodeAt(10) === T && at.charCodeAt(length - 1) === Z);
  if (utc && isDatePrefix(at)) {
    return at.slice(0, 10);
  }
  const normalized = normalizeTimestamp(at);
  if (normalized === null) {
    throw new ValidationError(`"${at}" is not a date YYYY-MM-DD or an RFC 3339 timestamp`, [
      { field: "at", message: "must be a date YYYY-MM-DD or an RFC 3339 timestamp" },
    ]);
  }
  return dateOf(normalized);
}

const T = 84; // "T"
const Z = 90; // "Z"
const DASH = 45; // "-"

/** YYYY-MM-DD at the start of `text`, with month 01–12 and day 01–31. */
function isDatePrefix(text: string): boolean {
  if (text.length < 10 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return false;
  const year = digit(text, 0) | digit(text, 1) | digit(text, 2) | digit(text, 3);
  if (year < 0) return false;
  const month = digit(text, 5) * 10 + digit(text, 6);
  const day = digit(text, 8) * 10 + digit(text, 9);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** The digit at `index`, or -100 so that any number built from a non-digit is negative. */
function digit(text: string, index: number): number {
  const code = text.charCodeAt(index) - 48;
  return code >= 0 && code <= 9 ? code : -100;
}

/** Finds a model by its id or an alias: exact first, then case- and space-insensitive. */
export function findModel(
  catalog: Catalog,
  provider: ProviderId,
  model: string,
): CatalogMatch | undefined {
  const ids = catalog.ids.get(provider);
  if (!ids) return undefined;
  return ids.get(model) ?? ids.get(model.trim().toLowerCase());
}

/** The entry of a model in effect on `date` (windows are [effective_from, effective_to)). */
export function entryAt(slot: ModelSlot, date: string): CompiledEntry | undefined {
  const entries = slot.entries;
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i];
    if (entry && entry.effectiveFrom <= date) {
      return entry.effectiveTo === null || date < entry.effectiveTo ? entry : undefined;
    }
  }
  return undefined;
}

/** Canonical id of a model name for a provider: the catalog's id when known, else the name. */
export function canonicalModel(catalog: Catalog, provider: ProviderId, model: string): string {
  return findModel(catalog, provider, model)?.slot.model ?? model.trim().toLowerCase();
}
