/**
 * The dashboard's first page, `GET /api/v1/overview`, over a ledger of 1,000,000 usage records,
 * SQLite and PostgreSQL side by side in one run. Target: it answers in under 1 s.
 *
 *   realistic   12 months of records, the current month holding about 1/12 of them
 *   worst       the same 12 months, the current month holding 50% and the last month 40%
 *
 * Each scenario loads a fresh SQLite file and a fresh PostgreSQL database through the
 * storage layer's batch upsert (setup: timed and printed, not what is measured), runs ANALYZE,
 * then calls the overview through the real Hono app (`app.request`, bearer token): a warm-up,
 * then N rounds, each timing on every database a baseline (one pass over every row:
 * `select count(*), sum(total_tokens)`), `GET /healthz` and the overview. Medians, p90, min,
 * max; the overview's median in units of the baseline's, so runs on a busy machine stay
 * comparable; the response size. Afterwards each of the overview's queries is timed alone,
 * next to the same grouping without the counted rules, and explained (EXPLAIN QUERY PLAN on
 * SQLite, EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL). What-ifs size proposals without
 * touching src/: each query over a daily rollup of the records, and on SQLite with the table
 * scanned instead of the date index walked. Writes bench/results/overview.md.
 *
 *   node bin/run-ts.js bench/overview.ts [--records 1000000] [--runs 15] [--warmup 2]
 *     [--scenarios realistic,worst] [--only sqlite,postgres] [--today 2026-11-28]
 *     [--batch-size 10000] [--out bench/results/overview.md] [--check]
 *
 * The parts are in bench/overview/: options, the generated ledger (ledger, generate, record,
 * random), the scratch databases and loading (bench-db, load), the rounds (measure), each query
 * alone (profile, rollup), and the output (environment, report); main runs them.
 */
import { runOverviewBenchmark } from "./overview/main.ts";

await runOverviewBenchmark();
