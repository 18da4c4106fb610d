/** The values of the add-an-override form, and a prefilled start for them. */

import { todayUtc } from "../../../src/core/time.ts";
import type { PriceOverrideWire } from "./types.ts";

export type OverrideKind = PriceOverrideWire["kind"];

/** The price parts an override may set, in the order they are shown; the first two are required. */
export const PRICE_PARTS = [
  { key: "input", label: "Input", required: true },
  { key: "output", label: "Output", required: true },
  { key: "cache_read", label: "Cache read", required: false },
  { key: "cache_write_5m", label: "Cache write 5 min", required: false },
  { key: "cache_write_1h", label: "Cache write 1 h", required: false },
] as const;
export type PriceKey = (typeof PRICE_PARTS)[number]["key"];

/** What the form starts from: chosen by the page (an unpriced model, say) or empty. */
export interface OverrideDraft {
  /** Changes whenever a new draft is opened, so a form keyed by it starts again from it. */
  id: number;
  account_id: string;
  kind: OverrideKind;
  model: string;
  effective_from: string;
  effective_to: string;
}

/** Everything the form holds; amounts stay the decimal strings typed (never numbers). */
export interface OverrideValues extends Omit<OverrideDraft, "id"> {
  percent: string;
  prices: Record<PriceKey, string>;
  note: string;
}

let nextDraftId = 1;

/** A new draft: a model's own prices from today (UTC), unless the values say otherwise. */
export function newOverrideDraft(values: Partial<Omit<OverrideDraft, "id">> = {}): OverrideDraft {
  return {
    id: nextDraftId++,
    account_id: "",
    kind: "model_prices",
    model: "",
    effective_from: todayUtc(),
    effective_to: "",
    ...values,
  };
}

export function valuesFrom({ id: _id, ...draft }: OverrideDraft): OverrideValues {
  return {
    ...draft,
    percent: "",
    prices: { input: "", output: "", cache_read: "", cache_write_5m: "", cache_write_1h: "" },
    note: "",
  };
}
