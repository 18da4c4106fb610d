/**
 * Wire types the dashboard reads, imported as types from the server's own modules so the two
 * cannot drift (erased at build time: no server code reaches the browser).
 */
export type { Overview, OverviewDay, OverviewSyncError } from "../../../src/services/overview.ts";

import type { Confidence } from "../../../src/core/enums.ts";

export type { UsageRecordWire } from "../../../src/core/usage-record.ts";

/** The confidence levels in the order the dashboard shows them. */
export const CONFIDENCE_ORDER = [
  "official",
  "reconciled",
  "estimated",
  "manual",
] as const satisfies readonly Confidence[];
