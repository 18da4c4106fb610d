/**
 * What-if: a daily rollup of the records, one row per distinct value of every column the
 * overview's queries group by or test (the counted rules included), with the sums and a count.
 * The overview's own queries run on it unchanged but for the table's name and count(*) →
 * sum(records), and must answer exactly as on the records. Built once per database, in the
 * scratch database only; maintaining it on write is the proposal, not measured here.
 */
import { CompiledQuery } from "kysely";
import type { BenchDb } from "./bench-db.ts";

export const ROLLUP = "bench_rollup_whatif";
export const ROLLUP_KEYS = [
  "account_id",
  "date",
  "month",
  "provider",
  "model",
  "project",
  "confidence",
  "source",
  "api_key_suffix",
];
const ROLLUP_SUMS = [
  "cost_nanos",
  "prompt_tokens",
  "completion_tokens",
  "total_tokens",
  "cache_read_tokens",
  "requests",
  "search_queries",
  "unpriced",
];

export interface Rollup {
  buildSeconds: number;
  /** Rollup rows from `from` on, and in the month before. */
  currentMonthRows: number;
  lastMonthRows: number;
}

/** Builds the rollup table (once) and counts its rows in the current and the last month. */
export async function ensureRollup(
  db: BenchDb,
  from: string,
  previousFrom: string,
): Promise<Rollup> {
  const started = performance.now();
  const keys = ROLLUP_KEYS.map((k) => `"${k}"`).join(", ");
  const sums = ROLLUP_SUMS.map((c) => `sum("${c}") as "${c}"`).join(", ");
  const run = (text: string, parameters: unknown[] = []) =>
    db.store.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, parameters));
  await run(
    `create table if not exists "${ROLLUP}" as select ${keys}, ${sums}, count(*) as "records" from "usage_records" group by ${keys}`,
  );
  await run(`create index if not exists "${ROLLUP}_date_idx" on "${ROLLUP}" ("date")`);
  await run(`analyze "${ROLLUP}"`);
  const buildSeconds = (performance.now() - started) / 1000;
  const [p1, p2] = db.dialect === "postgres" ? ["$1", "$2"] : ["?", "?"];
  const count = async (a: string, b: string) =>
    Number(
      (
        await run(
          `select count(*) as n from "${ROLLUP}" where "date" >= ${p1} and "date" < ${p2}`,
          [a, b],
        )
      ).rows[0]?.n ?? 0,
    );
  return {
    buildSeconds,
    currentMonthRows: await count(from, "9999-12-31"),
    lastMonthRows: await count(previousFrom, from),
  };
}

/** The same query over the rollup; null for a query that does not count records. */
export function overRollup(query: CompiledQuery): CompiledQuery | null {
  if (!query.sql.includes('count(*) as "records"')) return null;
  const text = query.sql
    .replaceAll('"usage_records"', `"${ROLLUP}"`)
    .replace('count(*) as "records"', 'sum("records") as "records"');
  return CompiledQuery.raw(text, [...query.parameters]);
}
