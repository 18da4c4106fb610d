/**
 * Reconciliation: the provider billed X for an account's month; TokenLedger estimated Y. On
 * confirmation an adjustment record carrying X (confidence reconciled) takes the period's
 * place in totals — the estimates stay stored, unchanged, and keep their tokens — so the
 * period's total is the billed amount exactly. Records that arrive later leave the total at X
 * but make the reconciliation stale, with the new difference, until it is confirmed again.
 * Undo removes the adjustment and the estimates count again; the history is kept.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { ConflictError, NotFoundError } from "../../core/errors.ts";
import { formatUsd, MoneyFormatError, parseUsd } from "../../core/money.ts";
import {
  reconciliationsRepository,
  type Reconciliation,
} from "../../storage/reconciliations-repository.ts";
import { getAccountRecord } from "../accounts.ts";
import type { ServiceContext } from "../context.ts";
import { ingestRecords } from "../ingest.ts";
import { parseInput } from "../parse-input.ts";

const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month YYYY-MM");
const amount = z.string({ error: 'must be a decimal string such as "123.45"' }).refine((v) => {
  try {
    return parseUsd(v) >= 0n;
  } catch (error) {
    if (error instanceof MoneyFormatError) return false;
    throw error;
  }
}, 'must be a non-negative decimal amount in USD with at most 9 decimals, such as "123.45"');

export const reconcileInput = z.strictObject({
  account_id: z.string({ error: "is required" }).min(1, "is required"),
  period,
  amount,
  note: z.string().max(500, "must be at most 500 characters").nullish(),
  api_key_suffix: z.string().min(1).max(4, "must be the last 4 characters of the key").nullish(),
  dry_run: z.boolean().default(false),
});

export interface ReconciliationView {
  id: string | null;
  account_id: string;
  period: string;
  api_key_suffix: string | null;
  amount: string;
  currency: "USD";
  /** The ledger's estimate for the period now. */
  estimated_total: string;
  /** amount − estimated_total. */
  delta: string;
  /** delta as a percentage of the estimate (null when the estimate is zero). */
  delta_percent: string | null;
  /** The estimate when it was confirmed. */
  estimated_at_confirmation: string | null;
  status: "preview" | "current" | "stale" | "replaced" | "undone";
  note: string | null;
  created_at: string | null;
  undone_at: string | null;
}

/** Previews (dry_run) or confirms a reconciliation. */
export async function reconcilePeriod(
  ctx: ServiceContext,
  input: unknown,
): Promise<ReconciliationView> {
  const parsed = parseInput(reconcileInput, input);
  const account = await getAccountRecord(ctx, parsed.account_id);
  const repo = reconciliationsRepository(ctx.store.db);
  const suffix = parsed.api_key_suffix ?? null;
  const amountNanos = parseUsd(parsed.amount);
  const estimated = await repo.estimatedTotal(account.id, parsed.period, suffix);
  if (parsed.dry_run) {
    return view(
      {
        id: null,
        account_id: account.id,
        period: parsed.period,
        api_key_suffix: suffix,
        amount_nanos: amountNanos,
        note: parsed.note ?? null,
      },
      estimated,
      "preview",
      null,
    );
  }
  await assertNoOverlap(repo, account.id, parsed.period, suffix);
  const now = ctx.now().toISOString();
  const previous = await repo.current(account.id, parsed.period, suffix);
  if (previous) await repo.setStatus(previous.id, "replaced", null);
  const reconciliation: Reconciliation = {
    id: `rec_${randomBytes(8).toString("hex")}`,
    account_id: account.id,
    period: parsed.period,
    api_key_suffix: suffix,
    amount_nanos: amountNanos,
    estimated_nanos: estimated,
    note: parsed.note ?? null,
    status: "current",
    created_at: now,
    undone_at: null,
  };
  await repo.insert(reconciliation);
  await ingestRecords(ctx, [adjustmentRecord(reconciliation, estimated)]);
  return view(reconciliation, estimated, "current", reconciliation);
}

/** Undoes a reconciliation: its adjustment is removed and the estimates count again. */
export async function undoReconciliation(
  ctx: ServiceContext,
  id: string,
): Promise<ReconciliationView> {
  const repo = reconciliationsRepository(ctx.store.db);
  const reconciliation = await repo.get(id);
  if (reconciliation?.status !== "current") {
    throw new NotFoundError(`no reconciliation in force with id "${id}"`);
  }
  const now = ctx.now().toISOString();
  await repo.setStatus(id, "undone", now);
  await ctx.store.db
    .deleteFrom("usage_records")
    .where("account_id", "=", reconciliation.account_id)
    .where("idempotency_key", "=", adjustmentKey(reconciliation))
    .execute();
  const estimated = await repo.estimatedTotal(
    reconciliation.account_id,
    reconciliation.period,
    reconciliation.api_key_suffix,
  );
  return view(reconciliation, estimated, "undone", { ...reconciliation, undone_at: now });
}

/** Reconciliations with their live status: a current one whose estimate moved is stale. */
export async function listReconciliations(
  ctx: ServiceContext,
  filter: { account_id?: string | undefined; period?: string | undefined },
): Promise<ReconciliationView[]> {
  const repo = reconciliationsRepository(ctx.store.db);
  const rows = await repo.list({ accountId: filter.account_id, period: filter.period });
  const views: ReconciliationView[] = [];
  for (const r of rows) {
    const estimated = await repo.estimatedTotal(r.account_id, r.period, r.api_key_suffix);
    const status = r.status === "current" && estimated !== r.estimated_nanos ? "stale" : r.status;
    views.push(view(r, estimated, status, r));
  }
  return views;
}

/**
 * A month is reconciled either as a whole or key by key, never both at once: the whole-month
 * adjustment already carries every key's dollars, so a key's adjustment would count them twice.
 */
async function assertNoOverlap(
  repo: ReturnType<typeof reconciliationsRepository>,
  accountId: string,
  period: string,
  suffix: string | null,
): Promise<void> {
  const inForce = (await repo.list({ accountId, period })).filter(
    (r) => r.status === "current" && (suffix === null) !== (r.api_key_suffix === null),
  );
  if (inForce.length === 0) return;
  if (suffix === null) {
    const keys = inForce.map((r) => `…${r.api_key_suffix}`).join(", ");
    throw new ConflictError(
      `${period} is reconciled key by key (${keys}); undo those to reconcile the whole month`,
      [{ field: "api_key_suffix", message: `the month is reconciled key by key (${keys})` }],
    );
  }
  throw new ConflictError(
    `${period} is reconciled as a whole month; undo that to reconcile one key`,
    [{ field: "api_key_suffix", message: "the whole month is already reconciled" }],
  );
}

function adjustmentKey(r: Pick<Reconciliation, "period" | "api_key_suffix">): string {
  return `reconciliation:${r.period}:${r.api_key_suffix ?? "all"}`;
}

function adjustmentRecord(r: Reconciliation, estimated: bigint): Record<string, unknown> {
  return {
    account_id: r.account_id,
    timestamp: `${r.period}-01T00:00:00Z`,
    bucket: "month",
    requests: 0,
    total_cost: formatUsd(r.amount_nanos),
    cost_source: "reconciliation",
    confidence: "reconciled",
    request_type: "reconciled",
    source: "reconciliation",
    api_key_suffix: r.api_key_suffix,
    metadata: {
      reconciliation_id: r.id,
      estimated_total: formatUsd(estimated),
      delta: formatUsd(r.amount_nanos - estimated),
      ...(r.note ? { note: r.note } : {}),
    },
    idempotency_key: adjustmentKey(r),
  };
}

function view(
  r: Pick<Reconciliation, "account_id" | "period" | "api_key_suffix" | "amount_nanos" | "note"> & {
    id: string | null;
  },
  estimated: bigint,
  status: ReconciliationView["status"],
  stored: Reconciliation | null,
): ReconciliationView {
  const delta = r.amount_nanos - estimated;
  return {
    id: r.id,
    account_id: r.account_id,
    period: r.period,
    api_key_suffix: r.api_key_suffix,
    amount: formatUsd(r.amount_nanos),
    currency: "USD",
    estimated_total: formatUsd(estimated),
    delta: formatUsd(delta),
    delta_percent: estimated === 0n ? null : percent(delta, estimated),
    estimated_at_confirmation: stored ? formatUsd(stored.estimated_nanos) : null,
    status,
    note: r.note,
    created_at: stored?.created_at ?? null,
    undone_at: stored?.undone_at ?? null,
  };
}

/** delta / estimate × 100 with two decimals, rounded half away from zero (display only). */
function percent(delta: bigint, estimate: bigint): string {
  const scaled = (delta * 10_000n * 2n + (delta >= 0n ? estimate : -estimate)) / (2n * estimate);
  const sign = scaled < 0n ? "-" : "";
  const magnitude = scaled < 0n ? -scaled : scaled;
  return `${sign}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, "0")}`;
}
