/** Server validation errors split into messages for the fields a form shows and the rest. */
import { ApiError } from "../../api/client.ts";

/** "must not be negative" → "Must not be negative", for a message standing alone under a field. */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

export interface SplitErrors {
  /** Messages by the form's own field names. */
  fields: Record<string, string>;
  /** What no field of the form can show (another field, a conflict, a network failure). */
  other: string | null;
}

/** Places each `details[].field` message at the field of that name; the rest is `other`. */
export function splitErrors(error: unknown, names: readonly string[]): SplitErrors {
  if (!(error instanceof ApiError)) {
    return { fields: {}, other: error instanceof Error ? error.message : "Something went wrong." };
  }
  const fields: Record<string, string> = {};
  for (const name of names) {
    const message = error.fieldMessage(name);
    if (message) fields[name] = sentence(message);
  }
  const unplaced = error.details.filter(
    (d) => !d.field || !names.some((n) => d.field === n || d.field?.endsWith(`.${n}`)),
  );
  if (error.details.length === 0) return { fields, other: sentence(error.message) };
  if (unplaced.length === 0) return { fields, other: null };
  return {
    fields,
    other: unplaced
      .map((d) => (d.field && !d.field.startsWith("(") ? `${d.field}: ${d.message}` : d.message))
      .map(sentence)
      .join("; "),
  };
}
