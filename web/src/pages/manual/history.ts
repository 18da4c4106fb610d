/** Audit events in words: what changed, with exact money formatted for people. */
import type { AuditEventView } from "../../../../src/services/manual/audit.ts";
import { formatDay, formatMoney, toNanos } from "../../ui/format.ts";
import { monthWords } from "./months.ts";

export type { AuditEventView };

export interface EventWords {
  title: string;
  lines: string[];
}

type Snapshot = Record<string, unknown>;

function asSnapshot(value: unknown): Snapshot | null {
  return typeof value === "object" && value !== null ? (value as Snapshot) : null;
}

function text(value: unknown): string {
  return typeof value === "string" && value !== ""
    ? value
    : typeof value === "number"
      ? String(value)
      : "(none)";
}

function money(value: unknown): string {
  return typeof value === "string" ? formatMoney(value) : "unpriced";
}

function period(record: Snapshot): string {
  const date = String(record.date ?? "");
  return record.bucket === "month" ? monthWords(date.slice(0, 7)) : date ? formatDay(date) : "";
}

function note(record: Snapshot): unknown {
  return asSnapshot(record.metadata)?.note ?? null;
}

function tokens(record: Snapshot): unknown {
  return asSnapshot(record.metadata)?.estimated_tokens === true ? record.prompt_tokens : null;
}

/** One-off entries: created, edited (each change before → after), deleted. */
export function describeEntryEvent(event: AuditEventView): EventWords {
  const before = asSnapshot(event.before);
  const after = asSnapshot(event.after);
  if (event.action === "create" && after) {
    return {
      title: "Created",
      lines: [`${money(after.total_cost)} for ${period(after)}`, ...details(after)],
    };
  }
  if (event.action === "delete" && before) {
    return {
      title: "Deleted",
      lines: [`${money(before.total_cost)} for ${period(before)} left the totals`],
    };
  }
  if (event.action === "update" && before && after) {
    const changes: [string, string, string][] = [
      ["Period", period(before), period(after)],
      ["Amount", money(before.total_cost), money(after.total_cost)],
      ["Model", text(before.model), text(after.model)],
      ["Project", text(before.project), text(after.project)],
      ["Tokens", text(tokens(before)), text(tokens(after))],
      ["Note", text(note(before)), text(note(after))],
    ];
    const lines = changes
      .filter(([, a, b]) => a !== b)
      .map(([label, a, b]) => `${label}: ${a} → ${b}`);
    return { title: "Edited", lines: lines.length > 0 ? lines : ["No visible change"] };
  }
  return { title: event.action, lines: [] };
}

function details(record: Snapshot): string[] {
  const lines: string[] = [];
  if (record.model) lines.push(`Model: ${text(record.model)}`);
  if (record.project) lines.push(`Project: ${text(record.project)}`);
  if (tokens(record) !== null) lines.push(`Tokens: ${text(tokens(record))}`);
  if (note(record)) lines.push(`Note: ${text(note(record))}`);
  return lines;
}

function monthly(plan: Snapshot): string {
  const seats = typeof plan.seats === "number" ? BigInt(plan.seats) : 0n;
  const price = typeof plan.unit_price === "string" ? plan.unit_price : "0";
  return `${plan.seats} ${plan.seats === 1 ? "seat" : "seats"} × ${formatMoney(price)} = ${formatMoney(seats * toNanos(price))} a month`;
}

function span(plan: Snapshot): string {
  const start = monthWords(String(plan.start_month ?? ""));
  return plan.end_month
    ? `${start} through ${monthWords(String(plan.end_month))}`
    : `From ${start}, until stopped`;
}

/** Seat plans: started (or continued from another plan), stopped, cancelled, months removed. */
export function describePlanEvent(event: AuditEventView): EventWords {
  const before = asSnapshot(event.before);
  const after = asSnapshot(event.after);
  if (event.action === "delete" && before && "total_cost" in before) {
    return {
      title: "Month removed",
      lines: [
        `${period(before)} (${money(before.total_cost)}) left the totals: the plan no longer covers it`,
      ],
    };
  }
  if (event.action === "create" && after) {
    const lines = [monthly(after), span(after)];
    if (after.note) lines.push(`Note: ${text(after.note)}`);
    if (after.replaces) lines.push("Takes over from the earlier plan with the new seats or price");
    return { title: after.replaces ? "Started with the change" : "Started", lines };
  }
  if (event.action === "stop" && after) {
    const end = String(after.end_month ?? "");
    const start = String(after.start_month ?? "");
    if (after.replaced_by) {
      return {
        title: "Changed",
        lines: [
          `Ends after ${monthWords(end)}; a new plan with the new seats or price takes over from the month after`,
        ],
      };
    }
    if (end < start)
      return { title: "Cancelled", lines: ["Stopped before its first month: nothing recorded"] };
    const was = before?.end_month ? ` (was ${monthWords(String(before.end_month))})` : "";
    return { title: "Stopped", lines: [`Last month recorded: ${monthWords(end)}${was}`] };
  }
  return { title: event.action, lines: [] };
}
