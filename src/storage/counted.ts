/**
 * Which records count in totals — the rule that keeps every dollar counted once:
 * 1. Official wins: an estimate (captured by the proxy, the SDK, the ingest API or an import)
 *    for an account and day that the official sync covered is superseded by the official data.
 * 2. A reconciled period is its billed amount: while a reconciliation of an account's month
 *    (optionally of one API key, by its last 4 characters) is in force, the period's other
 *    records are superseded by the reconciliation's adjustment record.
 * Superseded records stay stored — to measure estimate accuracy and traffic that bypassed
 * capture — but are not added on top.
 */
import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import type { Database } from "./schema.ts";

/** Sources whose figures are estimates that official data replaces. */
export const ESTIMATE_SOURCES = ["proxy", "sdk", "ingest_api", "import"] as const;

type Eb = ExpressionBuilder<Database, "usage_records">;

/** True for an estimate whose account-day official data covers. */
export function supersededByOfficial(eb: Eb): Expression<SqlBool> {
  return eb.and([
    eb("usage_records.confidence", "=", "estimated"),
    eb("usage_records.source", "in", ESTIMATE_SOURCES),
    eb.exists(
      eb
        .selectFrom("official_coverage")
        .select("official_coverage.date")
        .whereRef("official_coverage.account_id", "=", "usage_records.account_id")
        .whereRef("official_coverage.date", "=", "usage_records.date"),
    ),
  ]);
}

/**
 * True for a record of a reconciled period other than the reconciliation's own adjustment.
 * A whole-month reconciliation (no key) and a per-key one are two EXISTS with only equalities
 * rather than one with an OR: PostgreSQL can then hash each subquery once instead of running
 * it again for every row (measured in bench/overview.ts: 3× faster on a month of 500k rows).
 */
export function supersededByReconciliation(eb: Eb): Expression<SqlBool> {
  const inForce = () =>
    eb
      .selectFrom("reconciliations")
      .select("reconciliations.id")
      .whereRef("reconciliations.account_id", "=", "usage_records.account_id")
      .whereRef("reconciliations.period", "=", "usage_records.month")
      .where("reconciliations.status", "=", "current");
  return eb.and([
    eb("usage_records.source", "<>", "reconciliation"),
    eb.or([
      eb.exists(inForce().where("reconciliations.api_key_suffix", "is", null)),
      eb.exists(
        inForce().whereRef("reconciliations.api_key_suffix", "=", "usage_records.api_key_suffix"),
      ),
    ]),
  ]);
}

/** Records that count in totals. */
export function countedCondition(eb: Eb): Expression<SqlBool> {
  return eb.not(eb.or([supersededByOfficial(eb), supersededByReconciliation(eb)]));
}
