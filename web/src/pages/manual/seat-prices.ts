/** Copilot seat prices from the price catalog, in effect on a given day. */
import type { ListedPrice } from "./queries.ts";

export const SEAT_MODELS = [
  { plan: "copilot_business", model: "copilot-business", label: "Copilot Business" },
  { plan: "copilot_enterprise", model: "copilot-enterprise", label: "Copilot Enterprise" },
] as const;
export type SeatPlanName = (typeof SEAT_MODELS)[number]["plan"];

export interface SeatPrice {
  plan: SeatPlanName;
  model: string;
  label: string;
  /** Decimal USD per seat per month. */
  price: string;
}

/**
 * The price per seat of each Copilot plan on `day` (YYYY-MM-DD): the entry in effect then, or
 * the earliest one for a day before the catalog starts — as the server prices a named plan.
 */
export function seatPricesOn(prices: readonly ListedPrice[], day: string): SeatPrice[] {
  const found: SeatPrice[] = [];
  for (const { plan, model, label } of SEAT_MODELS) {
    const entries = prices
      .filter((p) => p.model === model && p.seat_per_month)
      .sort((a, b) => (a.effective_from < b.effective_from ? -1 : 1));
    const inEffect = entries.find(
      (p) => p.effective_from <= day && (p.effective_to === null || day < p.effective_to),
    );
    const price = (inEffect ?? entries[0])?.seat_per_month;
    if (price) found.push({ plan, model, label, price });
  }
  return found;
}
