/**
 * Tolerant readers for provider JSON: unknown shapes never throw, counts that are not
 * non-negative safe integers become 0 and are noted, so a record can still be kept.
 */
import type { Json } from "./types.ts";

export function asObject(value: unknown): Json | null {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Json)
    : null;
}

/** A non-empty string, else null. */
export function asString(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export function asArray(value: unknown): unknown[] | null {
  return Array.isArray(value) ? value : null;
}

/** The object at a path of keys, or null. */
export function objectAt(value: unknown, ...path: string[]): Json | null {
  let current = asObject(value);
  for (const key of path) {
    if (current === null) return null;
    current = asObject(current[key]);
  }
  return current;
}

/** A whole number as the providers send it: a JSON number or a string of digits. */
function toCount(value: unknown): number | null {
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value === "string" && /^\d{1,16}$/.test(value.trim())) {
    const parsed = Number(value.trim());
    return Number.isSafeInteger(parsed) ? parsed : null;
  }
  return null;
}

/** Reads the counts of one response and remembers which values were not counts. */
export class CountReader {
  readonly invalid: Record<string, unknown> = {};

  /** The count at `name` (a label for the note): 0 when absent, 0 and noted when invalid. */
  read(value: unknown, name: string): number {
    if (value === undefined || value === null) return 0;
    const count = toCount(value);
    if (count === null) {
      // Bounded: metadata is stored with every record.
      this.invalid[name] =
        typeof value === "number" || typeof value === "boolean"
          ? value
          : (typeof value === "string" ? value : JSON.stringify(value)).slice(0, 100);
      return 0;
    }
    return count;
  }

  /** Like `read`, but null when absent: for counts that are metadata only when sent. */
  optional(value: unknown, name: string): number | null {
    return value === undefined || value === null ? null : this.read(value, name);
  }

  /** A sum of counts; 0 and noted if it leaves the exact range. */
  sum(name: string, ...values: number[]): number {
    const total = values.reduce((a, b) => a + b, 0);
    return this.read(total, name);
  }

  /** Adds `invalid_counts` to the metadata when any value was refused. */
  note(metadata: Record<string, unknown>): Record<string, unknown> {
    if (Object.keys(this.invalid).length > 0) metadata.invalid_counts = this.invalid;
    return metadata;
  }
}

/** Sets `metadata[key]` only when the value is present. */
export function put(metadata: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined && value !== null) metadata[key] = value;
}
