/**
 * Small display helpers for the explorer. Prices per unit are shown exactly as the catalog
 * lists them (decimal strings, no float, no rounding): "$0.075" must not become "$0.08".
 */
import type { Bucket, Source } from "../../../../src/core/enums.ts";

/** `$3.00`, `$0.075`, `-$1.50` from a decimal string, never rounded. */
export function exactUsd(decimal: string): string {
  const negative = decimal.startsWith("-");
  const [whole = "0", fraction = ""] = decimal.replace(/^[-+]/, "").split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}$${grouped}.${fraction.padEnd(2, "0")}`;
}

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat("en-US");

/** `1.2K`, `3.4M`: token counts at a glance (exact ones go in the title). */
export function compactCount(value: number): string {
  return compact.format(value);
}

export function exactCount(value: number): string {
  return whole.format(value);
}

export { providerName } from "../../ui/providers.ts";

export const SOURCE_WORDS: Record<Source, string> = {
  admin_api: "The provider's admin API (official sync)",
  proxy: "The capture proxy",
  sdk: "The SDK wrapper",
  ingest_api: "The ingest API",
  manual: "A manual entry",
  import: "A CSV import",
  reconciliation: "A reconciliation",
};

export const BUCKET_WORDS: Record<Bucket, string> = {
  request: "one request",
  "1m": "one minute",
  "1h": "one hour",
  "1d": "one day",
  month: "one month",
};
