/** Price and date helpers for the Prices page. Prices stay the catalog's decimal strings. */
import { PROVIDER_IDS } from "../../../../src/providers/registry.ts";

/** Today's UTC day, YYYY-MM-DD (the day the catalog and the ledger use). */
export { todayUtc } from "../../../../src/core/time.ts";
export { providerName } from "../../ui/providers.ts";
export { PROVIDER_IDS };

/** A listed price exactly as the catalog writes it: "$2.50", "$0.075". */
export function usd(decimal: string): string {
  return decimal.startsWith("-") ? `-$${decimal.slice(1)}` : `$${decimal}`;
}

export type VersionStatus = "past" | "current" | "future";

/** Whether a price window [from, to) is over, in effect, or yet to start on `today`. */
export function versionStatus(from: string, to: string | null, today: string): VersionStatus {
  if (from > today) return "future";
  if (to !== null && to <= today) return "past";
  return "current";
}

export const STATUS_LABELS: Record<VersionStatus, string> = {
  past: "Past",
  current: "Current",
  future: "Future",
};

/** "1 record" / "3 records". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return count === 1 ? one : many;
}
