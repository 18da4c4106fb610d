/**
 * The closed vocabularies of a usage record. Values are the wire names; `LABELS` hold the
 * words the CLI and dashboard show.
 */
export const CONFIDENCE = ["official", "estimated", "manual", "reconciled"] as const;
export type Confidence = (typeof CONFIDENCE)[number];

export const CONFIDENCE_LABELS = {
  official: "Official",
  estimated: "Estimated",
  manual: "Manual Entry",
  reconciled: "Reconciled",
} as const satisfies Record<Confidence, string>;

export const REQUEST_TYPES = ["api", "manual", "reconciled"] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/** Where a record came from. */
export const SOURCES = [
  "admin_api",
  "proxy",
  "sdk",
  "ingest_api",
  "manual",
  "import",
  "reconciliation",
] as const;
export type Source = (typeof SOURCES)[number];

/** How a record's cost was derived. */
export const COST_SOURCES = [
  "official_report",
  "provider_reported",
  "price_table",
  "manual",
  "reconciliation",
] as const;
export type CostSource = (typeof COST_SOURCES)[number];

/** Width of the period a record covers: one request, or an aggregate bucket. */
export const BUCKETS = ["request", "1m", "1h", "1d", "month"] as const;
export type Bucket = (typeof BUCKETS)[number];
