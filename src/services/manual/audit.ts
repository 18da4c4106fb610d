/**
 * The audit trail of manual entries and seat plans (table manual_entry_audit): one event per
 * create, update, stop and delete, with the state before and after as JSON. Events are never
 * changed or removed; a deleted entry lives on in its history.
 */
import { randomBytes } from "node:crypto";
import type { AuditEvent } from "../../storage/manual-repository.ts";
import type { ServiceContext } from "../context.ts";

export type AuditAction = "create" | "update" | "delete" | "stop";

export interface AuditEventView {
  id: string;
  action: string;
  at: string;
  before: unknown;
  after: unknown;
}

let lastSequence = 0n;

/**
 * Event ids sort in the order events were written by this process, so a history stays in
 * order even when several events share one `at` (a pinned clock, or the same millisecond).
 */
function nextEventId(): string {
  const clock = BigInt(Date.now()) * 1000n;
  lastSequence = clock > lastSequence ? clock : lastSequence + 1n;
  return `aud_${lastSequence.toString().padStart(19, "0")}_${randomBytes(4).toString("hex")}`;
}

export function auditEvent(
  ctx: ServiceContext,
  target: { account_id: string; idempotency_key: string },
  action: AuditAction,
  before: unknown,
  after: unknown,
): AuditEvent {
  return {
    id: nextEventId(),
    account_id: target.account_id,
    idempotency_key: target.idempotency_key,
    action,
    before: before === null ? null : JSON.stringify(before),
    after: after === null ? null : JSON.stringify(after),
    at: ctx.now().toISOString(),
  };
}

export function toEventView(event: AuditEvent): AuditEventView {
  return {
    id: event.id,
    action: event.action,
    at: event.at,
    before: event.before === null ? null : JSON.parse(event.before),
    after: event.after === null ? null : JSON.parse(event.after),
  };
}
