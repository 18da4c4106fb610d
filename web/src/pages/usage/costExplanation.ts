/**
 * How a record's cost came about, in plain words, from the record's own fields: `cost_source`
 * (official report, provider reported, price table, manual, reconciliation), `source`,
 * `price_version` (`<provider>/<model>@<effective_from>`, plus `+override:<id>` when a
 * negotiated price applied) and the metadata that sync, capture, manual entry and
 * reconciliation leave behind.
 */

import type { ListedPrice } from "../../../../src/pricing/quote.ts";
import type { UsageRecordWire } from "../../api/types.ts";
import { formatMoney } from "../../ui/format.ts";
import { exactUsd, providerName } from "./words.ts";

export interface CostExplanation {
  /** A few words for the table cell. */
  short: string;
  /** The whole story, one or two sentences. */
  sentence: string;
  /** True when the cost is unknown and needs a person. */
  unpriced: boolean;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function money(value: unknown): string | null {
  const amount = text(value);
  if (amount === null) return null;
  try {
    return formatMoney(amount);
  } catch {
    return null;
  }
}

/** The catalog entry and overrides a price version names. */
export function parsePriceVersion(version: string): { base: string; overrides: string[] } {
  const [base = version, ...overrides] = version.split("+override:");
  return { base, overrides };
}

/** "input $3.00/MTok, output $15.00/MTok" and the like, from a catalog entry. */
function describeRates(entry: ListedPrice, record: UsageRecordWire): string[] {
  const parts: string[] = [];
  if (entry.prices) {
    parts.push(`input ${exactUsd(entry.prices.input)}/MTok`);
    parts.push(`output ${exactUsd(entry.prices.output)}/MTok`);
    if (record.cache_read_tokens > 0 && entry.prices.cache_read)
      parts.push(`cache reads ${exactUsd(entry.prices.cache_read)}/MTok`);
  }
  if (entry.seat_per_month) parts.push(`${exactUsd(entry.seat_per_month)} per seat per month`);
  if (entry.premium_request) parts.push(`${exactUsd(entry.premium_request)} per premium request`);
  if (record.search_queries > 0 && entry.search_queries_per_1k)
    parts.push(`${exactUsd(entry.search_queries_per_1k)} per 1,000 searches`);
  if (entry.request_fee_per_1k) parts.push("a request fee per 1,000 requests");
  if (record.service_tier === "batch" && entry.batch_discount_percent)
    parts.push(`batch ${entry.batch_discount_percent}% off`);
  return parts;
}

function priceTable(record: UsageRecordWire, catalog: Map<string, ListedPrice> | undefined) {
  const version = record.price_version;
  if (version === null) return "Priced from the catalog.";
  const { base, overrides } = parsePriceVersion(version);
  const entry = catalog?.get(base);
  const overrideWords =
    overrides.length === 0
      ? ""
      : ` with your price override${overrides.length > 1 ? "s" : ""} ${overrides.join(", ")}`;
  if (!entry) {
    return overrides.length > 0
      ? `Priced${overrideWords} (price version ${version}).`
      : `Priced from the catalog (price version ${version}).`;
  }
  const rates = describeRates(entry, record);
  return `Priced from the catalog: ${entry.model}${rates.length ? ` at ${rates.join(", ")}` : ""}${overrideWords} (price version ${version}).`;
}

function unpricedSentence(record: UsageRecordWire): string {
  if (record.metadata.usage_missing === true)
    return "Unpriced: the response carried no usage, so there is nothing to price. It is counted among unpriced records, never as $0.";
  if (record.model === null)
    return "Unpriced: the record names no model, so no price applies. It is counted among unpriced records, never as $0.";
  return `Unpriced: the catalog has no price for ${providerName(record.provider)} ${record.model} on ${record.date}. Add a price override or a catalog entry, then recompute prices; until then it is counted among unpriced records, never as $0.`;
}

function providerReported(record: UsageRecordWire): string {
  const via =
    record.source === "proxy" || record.source === "sdk"
      ? `in its response, captured by ${record.source === "proxy" ? "the capture proxy" : "the SDK wrapper"}`
      : record.source === "import"
        ? "in an imported CSV file"
        : "and sent to the ingest API";
  const table = money(record.metadata.price_table_cost);
  return `Cost reported by the provider ${via}.${table ? ` The catalog price would be ${table}.` : ""}`;
}

function officialReport(record: UsageRecordWire): { short: string; sentence: string } {
  const provider = providerName(record.provider);
  if (text(record.metadata.cost_reported_in)) {
    return {
      short: "Official usage (tokens)",
      sentence: `Token counts from ${provider}'s official usage report. Its dollars are in the official cost report's own records, so this row carries $0.00 and nothing is counted twice.`,
    };
  }
  const item = text(record.metadata.description) ?? text(record.metadata.line_item);
  return {
    short: "Official report",
    sentence: `From ${provider}'s official cost report${item ? ` (${item})` : ""}.`,
  };
}

function manual(record: UsageRecordWire): string {
  const label = text(record.metadata.label);
  const unit = text(record.metadata.unit_price);
  const seats = record.metadata.seats;
  const note = text(record.metadata.note);
  const plan =
    label && unit && typeof seats === "number"
      ? ` from the recurring plan “${label}”: ${seats} seat${seats === 1 ? "" : "s"} × ${exactUsd(unit)}`
      : "";
  return `Entered by hand${plan}.${note ? ` Note: ${note}` : ""}`;
}

function reconciliation(record: UsageRecordWire): string {
  const period = record.date.slice(0, 7);
  const key = record.api_key_suffix ? ` for the key ending ${record.api_key_suffix}` : "";
  const billed = record.total_cost === null ? null : formatMoney(record.total_cost);
  const estimated = money(record.metadata.estimated_total);
  const delta = money(record.metadata.delta);
  return `Reconciliation adjustment to the billed amount: the provider billed ${billed ?? "an amount"} for ${period}${key}${
    estimated ? `; the estimates it replaces came to ${estimated}` : ""
  }${delta ? ` (difference ${delta})` : ""}.`;
}

/** The explanation of one record's cost. */
export function explainCost(
  record: UsageRecordWire,
  catalog: Map<string, ListedPrice> | undefined,
): CostExplanation {
  if (record.total_cost === null) {
    return { short: "No price known", sentence: unpricedSentence(record), unpriced: true };
  }
  switch (record.cost_source) {
    case "price_table":
      return {
        short:
          record.price_version?.includes("+override:") === true
            ? "Catalog price, overridden"
            : "Catalog price",
        sentence: priceTable(record, catalog),
        unpriced: false,
      };
    case "provider_reported":
      return { short: "Provider-reported", sentence: providerReported(record), unpriced: false };
    case "official_report":
      return { ...officialReport(record), unpriced: false };
    case "manual":
      return { short: "Entered by hand", sentence: manual(record), unpriced: false };
    case "reconciliation":
      return {
        short: "Reconciliation adjustment",
        sentence: reconciliation(record),
        unpriced: false,
      };
    case null:
      return { short: "Cost as sent", sentence: "Cost as sent with the record.", unpriced: false };
    default:
      return record.cost_source satisfies never;
  }
}
