/**
 * The gap between captured estimates and official figures, per account and day (and per API
 * key for the estimates): it measures how accurate capture is and how much traffic bypassed it.
 */
import { z } from "zod";
import { formatUsd } from "../core/money.ts";
import { isIsoDate } from "../core/time.ts";
import { gapsRepository } from "../storage/gaps-repository.ts";
import type { ServiceContext } from "./context.ts";
import { parseInput } from "./parse-input.ts";

const date = z.string().refine(isIsoDate, "must be a date YYYY-MM-DD");
const gapsInput = z.object({
  from: date.optional(),
  to: date.optional(),
  account_id: z.string().optional(),
});

export interface EstimateGap {
  account_id: string;
  date: string;
  official_total: string;
  estimated_total: string;
  /** official − estimated: positive when capture saw less than was billed. */
  gap: string;
  keys: { api_key_suffix: string | null; estimated_total: string }[];
}

export async function estimateGaps(
  ctx: ServiceContext,
  input: unknown,
): Promise<{ days: EstimateGap[] }> {
  const parsed = parseInput(gapsInput, input);
  const rows = await gapsRepository(ctx.store.db).gaps({
    from: parsed.from,
    to: parsed.to,
    accountId: parsed.account_id,
  });
  return {
    days: rows.map((r) => ({
      account_id: r.account_id,
      date: r.date,
      official_total: formatUsd(r.official_nanos),
      estimated_total: formatUsd(r.estimated_nanos),
      gap: formatUsd(r.official_nanos - r.estimated_nanos),
      keys: r.keys.map((k) => ({
        api_key_suffix: k.api_key_suffix,
        estimated_total: formatUsd(k.estimated_nanos),
      })),
    })),
  };
}
