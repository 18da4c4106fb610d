/**
 * The key-format check every adapter runs before storing a key: refuse anything but the
 * provider's admin key, naming the kind of key it got (never the key itself) and where to
 * create the right one, so a user who pasted a normal API key learns why it cannot work.
 */
import { ValidationError } from "../../core/errors.ts";

export interface AdminKeyRules {
  /** What every admin key of the provider starts with. */
  prefix: string;
  /** The kind of a key that is not an admin key, in words. */
  kindOf(key: string): string;
  /** The field error, e.g. "an OpenAI Admin key (sk-admin-…) is required". */
  required: string;
  /** Where to create an admin key, said after the kind. */
  whereToCreate: string;
}

/** Throws a ValidationError unless `key` is an admin key by `rules`. */
export function checkAdminKeyFormat(key: string, rules: AdminKeyRules): void {
  if (key.trim() !== key) {
    throw new ValidationError("The key has spaces or line breaks around it; paste the key alone.", [
      { field: "admin_key", message: "must not have surrounding whitespace" },
    ]);
  }
  if (key.startsWith(rules.prefix)) return;
  throw new ValidationError(`This key is ${rules.kindOf(key)}. ${rules.whereToCreate}`, [
    { field: "admin_key", message: rules.required },
  ]);
}
