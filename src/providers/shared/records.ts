/** Pieces of ledger records that every official adapter builds the same way. */
import type { LedgerRecord } from "../types.ts";

/** The counts of a cost row: its dollars are official, its tokens are in the usage rows. */
export const NO_COUNTS = {
  prompt_tokens: 0,
  completion_tokens: 0,
  total_tokens: 0,
  cache_read_tokens: 0,
  cache_write_5m_tokens: 0,
  cache_write_1h_tokens: 0,
  reasoning_tokens: 0,
  requests: 0,
  search_queries: 0,
} as const satisfies Partial<LedgerRecord>;

/** Fields the API added after the adapter was written, kept in metadata rather than dropped. */
export function extraFields(
  result: Record<string, unknown>,
  known: ReadonlySet<string>,
): { extra?: Record<string, unknown> } {
  const extra = Object.fromEntries(Object.entries(result).filter(([key]) => !known.has(key)));
  return Object.keys(extra).length > 0 ? { extra } : {};
}
