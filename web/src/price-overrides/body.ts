/** The request body for a new override: only the fields its kind takes (the server refuses others). */
import { type OverrideValues, PRICE_PARTS } from "./draft.ts";

export function overrideBody(values: OverrideValues): Record<string, unknown> {
  const common = {
    kind: values.kind,
    effective_from: values.effective_from,
    effective_to: values.effective_to === "" ? null : values.effective_to,
    note: values.note.trim() || null,
  };
  if (values.kind === "discount") {
    return { ...common, percent: values.percent.trim(), model: values.model.trim() || null };
  }
  // Required prices are always sent (left empty, the server says so at the field); optional
  // ones only when given. Each is the decimal string as typed: nothing passes through a float.
  const prices = Object.fromEntries(
    PRICE_PARTS.filter((p) => p.required || values.prices[p.key].trim() !== "").map((p) => [
      p.key,
      values.prices[p.key].trim(),
    ]),
  );
  return { ...common, model: values.model.trim(), prices };
}
