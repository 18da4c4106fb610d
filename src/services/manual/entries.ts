/**
 * Manual entries: spend that no API reports (GitHub Copilot, an invoice, a flat fee), entered
 * by hand for a day or a month, labelled Manual Entry. An entry is one ledger record, written
 * through ingest under the key `manual:<id>` (its record id is the same `<id>`). Editing
 * replaces the record under the same key; deleting removes it from the totals. Both leave an
 * audit event with the record before and after, so nothing is lost.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ConflictError, NotFoundError, ValidationError } from "../../core/errors.ts";
import type { UsageRecord } from "../../core/usage-record.ts";
import {
  MANUAL_KEY_PREFIX,
  type ManualRepository,
  manualRepository,
  RECURRING_KEY_PREFIX,
} from "../../storage/manual-repository.ts";
import type { ServiceContext } from "../context.ts";
import { ingestRecords } from "../ingest.ts";
import { parseInput } from "../parse-input.ts";
import { type AuditEventView, auditEvent, toEventView } from "./audit.ts";
import {
  accountId,
  isoDate,
  month,
  optionalText,
  requireAccount,
  usdAmount,
  wholeNumber,
} from "./input.ts";
import { firstDay } from "./months.ts";
import { MANUAL_LABEL, type ManualRecordView, manualRecordInput, toManualView } from "./records.ts";

const entryFields = {
  /** The day the cost belongs to, YYYY-MM-DD. */
  date: isoDate.optional(),
  /** Or the month, YYYY-MM: a month record dated the first of the month. */
  period: month.optional(),
  /** USD as a decimal string, at least 0. */
  cost: usdAmount,
  /** Estimated total tokens, if known. */
  tokens: wholeNumber(0).nullish(),
  model: optionalText(200),
  note: optionalText(1000),
  project: optionalText(200),
};

export const addManualEntryInput = z.strictObject({ account_id: accountId, ...entryFields });
export type AddManualEntryInput = z.input<typeof addManualEntryInput>;

export const updateManualEntryInput = z.strictObject({
  date: entryFields.date,
  period: entryFields.period,
  cost: usdAmount.optional(),
  tokens: entryFields.tokens,
  model: entryFields.model,
  note: entryFields.note,
  project: entryFields.project,
});
export type UpdateManualEntryInput = z.input<typeof updateManualEntryInput>;

export const listManualEntriesInput = z.strictObject({
  account_id: z.string().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** "entry" for one-off entries, "recurring" for seat-plan months; both by default. */
  kind: z.enum(["entry", "recurring"], { error: 'must be "entry" or "recurring"' }).optional(),
});
export type ListManualEntriesInput = z.input<typeof listManualEntriesInput>;

/** What an entry says, normalized. */
interface EntryState {
  account_id: string;
  /** Exactly one of date and period. */
  date: string | null;
  period: string | null;
  cost_nanos: bigint;
  tokens: number | null;
  model: string | null;
  note: string | null;
  project: string | null;
}

export interface ManualEntryHistory {
  id: string;
  idempotency_key: string;
  account_id: string;
  /** The entry as it is now, or null once deleted. */
  current: ManualRecordView | null;
  events: AuditEventView[];
}

/** Adds a manual entry for a day (`date`) or a month (`period`). */
export async function addManualEntry(
  ctx: ServiceContext,
  input: AddManualEntryInput | unknown,
): Promise<ManualRecordView> {
  const parsed = parseInput(addManualEntryInput, input);
  const when = oneOfDateOrPeriod(parsed.date, parsed.period);
  await requireAccount(ctx, parsed.account_id);
  const id = randomUUID();
  const key = `${MANUAL_KEY_PREFIX}${id}`;
  const state: EntryState = {
    account_id: parsed.account_id,
    ...when,
    cost_nanos: parsed.cost,
    tokens: parsed.tokens ?? null,
    model: parsed.model || null,
    note: parsed.note || null,
    project: parsed.project || null,
  };
  const repo = manualRepository(ctx.store.db);
  await ingestRecords(ctx, [recordInput(state, key)]);
  await repo.setRecordId(state.account_id, key, id);
  const record = await stored(repo, state.account_id, key);
  const view = toManualView(record);
  await repo.insertAudit(auditEvent(ctx, record, "create", null, view));
  return view;
}

/**
 * Changes an entry: the record under the same key is replaced (never counted twice) and an
 * `update` event keeps the record before and after. Changing nothing writes nothing.
 */
export async function updateManualEntry(
  ctx: ServiceContext,
  id: string,
  changes: UpdateManualEntryInput | unknown,
): Promise<ManualRecordView> {
  const parsed = parseInput(updateManualEntryInput, changes);
  if (Object.values(parsed).every((value) => value === undefined)) {
    throw new ValidationError("nothing to change", [
      {
        field: "(input)",
        message: "give at least one of date, period, cost, tokens, model, note, project",
      },
    ]);
  }
  const repo = manualRepository(ctx.store.db);
  const record = await findEditableEntry(repo, id);
  const before = stateOf(record);
  const movesDate = parsed.date !== undefined || parsed.period !== undefined;
  const next: EntryState = {
    ...before,
    ...(movesDate ? oneOfDateOrPeriod(parsed.date, parsed.period) : {}),
    cost_nanos: parsed.cost ?? before.cost_nanos,
    tokens: parsed.tokens === undefined ? before.tokens : parsed.tokens,
    model: parsed.model === undefined ? before.model : parsed.model || null,
    note: parsed.note === undefined ? before.note : parsed.note || null,
    project: parsed.project === undefined ? before.project : parsed.project || null,
  };
  const written = await ingestRecords(ctx, [recordInput(next, record.idempotency_key)]);
  const after = await stored(repo, record.account_id, record.idempotency_key);
  const view = toManualView(after);
  if (written.updated > 0) {
    await repo.insertAudit(auditEvent(ctx, after, "update", toManualView(record), view));
  }
  return view;
}

/**
 * Deletes an entry: its record leaves the totals, and a `delete` event keeps the record as it
 * was (`manualEntryHistory` still shows it). Both happen in one transaction.
 */
export async function deleteManualEntry(
  ctx: ServiceContext,
  id: string,
): Promise<{ removed: ManualRecordView }> {
  const repo = manualRepository(ctx.store.db);
  const record = await findEditableEntry(repo, id);
  const view = toManualView(record);
  const deleted = await repo.deleteRecordWithAudit(
    record,
    auditEvent(ctx, record, "delete", view, null),
  );
  if (!deleted) throw new NotFoundError(`manual entry "${id}" was deleted; its history is kept`);
  return { removed: view };
}

/** Manual records (one-off entries and seat-plan months), oldest first. */
export async function listManualEntries(
  ctx: ServiceContext,
  input: ListManualEntriesInput = {},
): Promise<{ records: ManualRecordView[] }> {
  const parsed = parseInput(listManualEntriesInput, input);
  if (parsed.from && parsed.to && parsed.from >= parsed.to) {
    throw new ValidationError("`from` must be before `to` (from is inclusive, to exclusive)", [
      { field: "to", message: "must be after from" },
    ]);
  }
  const prefixes =
    parsed.kind === "entry"
      ? [MANUAL_KEY_PREFIX]
      : parsed.kind === "recurring"
        ? [RECURRING_KEY_PREFIX]
        : [MANUAL_KEY_PREFIX, RECURRING_KEY_PREFIX];
  const records = await manualRepository(ctx.store.db).listRecords({
    accountId: parsed.account_id,
    from: parsed.from,
    to: parsed.to,
    prefixes,
  });
  return { records: records.map(toManualView) };
}

/**
 * Every change of an entry, oldest first, also after it was deleted. `id` is the entry id
 * (or its key `manual:<id>`); the key of a seat-plan month works too.
 */
export async function manualEntryHistory(
  ctx: ServiceContext,
  id: string,
): Promise<ManualEntryHistory> {
  const repo = manualRepository(ctx.store.db);
  const record = await repo.findRecord(id);
  const key =
    record?.idempotency_key ??
    (id.startsWith(MANUAL_KEY_PREFIX) || id.startsWith(RECURRING_KEY_PREFIX)
      ? id
      : `${MANUAL_KEY_PREFIX}${id}`);
  const events = await repo.auditFor([key]);
  const first = events[0];
  if (!record && !first) throw new NotFoundError(`no ${MANUAL_LABEL.toLowerCase()} "${id}"`);
  return {
    id: key.startsWith(MANUAL_KEY_PREFIX) ? key.slice(MANUAL_KEY_PREFIX.length) : key,
    idempotency_key: key,
    account_id: record?.account_id ?? first?.account_id ?? "",
    current: record ? toManualView(record) : null,
    events: events.map(toEventView),
  };
}

function oneOfDateOrPeriod(
  date: string | undefined,
  period: string | undefined,
): { date: string | null; period: string | null } {
  if (date !== undefined && period !== undefined) {
    throw new ValidationError("give a date or a period, not both", [
      { field: "period", message: "cannot be given together with date" },
    ]);
  }
  if (date === undefined && period === undefined) {
    throw new ValidationError("a date or a period is required", [
      { field: "date", message: "a date (YYYY-MM-DD) or a period (YYYY-MM) is required" },
    ]);
  }
  return { date: date ?? null, period: period ?? null };
}

function recordInput(state: EntryState, key: string): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  if (state.note !== null) metadata.note = state.note;
  if (state.tokens !== null) metadata.estimated_tokens = true;
  if (state.period !== null) metadata.period = state.period;
  return manualRecordInput({
    account_id: state.account_id,
    date: state.period !== null ? firstDay(state.period) : (state.date as string),
    bucket: state.period !== null ? "month" : "1d",
    model: state.model,
    tokens: state.tokens ?? 0,
    cost_nanos: state.cost_nanos,
    project: state.project,
    metadata,
    idempotency_key: key,
  });
}

function stateOf(record: UsageRecord): EntryState {
  const period = record.bucket === "month" ? record.month : null;
  return {
    account_id: record.account_id,
    date: period === null ? record.date : null,
    period,
    cost_nanos: record.cost_nanos ?? 0n,
    tokens: record.metadata.estimated_tokens === true ? record.prompt_tokens : null,
    model: record.model,
    note: typeof record.metadata.note === "string" ? record.metadata.note : null,
    project: record.project,
  };
}

/** A one-off entry by id or key; seat-plan months are changed through their plan. */
async function findEditableEntry(repo: ManualRepository, id: string): Promise<UsageRecord> {
  const record = await repo.findRecord(id);
  if (!record) {
    const deleted = (await repo.auditFor([`${MANUAL_KEY_PREFIX}${id}`, id])).some(
      (event) => event.action === "delete",
    );
    throw new NotFoundError(
      deleted ? `manual entry "${id}" was deleted; its history is kept` : `no manual entry "${id}"`,
    );
  }
  if (record.idempotency_key.startsWith(RECURRING_KEY_PREFIX)) {
    const plan = record.idempotency_key.split(":")[1];
    throw new ConflictError(
      `record "${id}" was generated by seat plan "${plan}"; stop or change the plan instead`,
      [{ field: "id", message: `belongs to recurring plan ${plan}` }],
    );
  }
  return record;
}

async function stored(repo: ManualRepository, account: string, key: string): Promise<UsageRecord> {
  const record = await repo.getRecord(account, key);
  if (!record) throw new Error(`the record ${key} was written but cannot be read back`);
  return record;
}
