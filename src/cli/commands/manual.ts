import type { Command } from "commander";
import { formatUsd, parseUsd } from "../../core/money.ts";
import {
  addManualEntry,
  addRecurring,
  deleteManualEntry,
  listManualEntries,
  listRecurring,
  MANUAL_LABEL,
  type ManualEntryHistory,
  type ManualRecordView,
  manualEntryHistory,
  materializeRecurring,
  type RecurringHistory,
  type RecurringPlanView,
  recurringHistory,
  SEAT_PLANS,
  stopRecurring,
  updateManualEntry,
  updateRecurring,
} from "../../services/manual/index.ts";
import { MANUAL_KEY_PREFIX, RECURRING_KEY_PREFIX } from "../../storage/manual-repository.ts";
import { type CliDeps, withRuntime } from "../main.ts";
import { formatCount, printJson, renderTable } from "../output.ts";

interface EntryOptions {
  date?: string;
  period?: string;
  cost?: string;
  tokens?: string;
  model?: string;
  note?: string;
  project?: string;
  json?: boolean;
}

interface PlanOptions {
  seats?: string;
  plan?: string;
  price?: string;
  label?: string;
  model?: string;
  note?: string;
  json?: boolean;
}

const PLAN_NAMES = Object.keys(SEAT_PLANS).join("|");

/** `usage add` (manual entry) and `recurring add|list|stop`. */
export function registerManual(program: Command, deps: CliDeps): void {
  registerUsage(subgroup(program, "usage", "Usage records: manual entries"), deps);
  registerRecurring(
    subgroup(
      program,
      "recurring",
      `Recurring seat plans (e.g. GitHub Copilot), recorded every month as ${MANUAL_LABEL}`,
    ),
    deps,
  );
}

/** The command group `name`, created unless another command file already did. */
function subgroup(program: Command, name: string, description: string): Command {
  return (
    program.commands.find((command) => command.name() === name) ??
    program.command(name).description(description)
  );
}

function withEntryOptions(command: Command): Command {
  return command
    .option("--date <YYYY-MM-DD>", "the day the cost belongs to")
    .option("--period <YYYY-MM>", "or the month it belongs to")
    .option("--tokens <n>", "estimated total tokens")
    .option("--model <model>", "the model or product")
    .option("--note <text>", "a note (an invoice number, who entered it)")
    .option("--project <project>", "the project it is attributed to")
    .option("--json", "print JSON");
}

function entryChanges(options: EntryOptions): Record<string, string> {
  const changes: Record<string, string> = {};
  for (const field of ["date", "period", "cost", "tokens", "model", "note", "project"] as const) {
    const value = options[field];
    if (value !== undefined) changes[field] = value;
  }
  return changes;
}

function registerUsage(usage: Command, deps: CliDeps): void {
  withEntryOptions(
    usage
      .command("add")
      .description(`Add a ${MANUAL_LABEL} (spend no API reports, e.g. GitHub Copilot)`)
      .requiredOption("--account <id>", "the account it belongs to")
      .requiredOption("--cost <usd>", 'the cost in USD, a plain decimal such as "19.00"'),
  ).action(async (options: EntryOptions & { account: string }) => {
    const entry = await withRuntime(deps, ({ ctx }) =>
      addManualEntry(ctx, { account_id: options.account, ...entryChanges(options) }),
    );
    if (options.json) return printJson(deps.io, entry);
    deps.io.stdout(
      `Added ${MANUAL_LABEL} ${entry.id} for account ${entry.account_id}, ${when(entry)}${tokensNote(entry)}: $${entry.total_cost}\n`,
    );
  });

  usage
    .command("list-manual")
    .description(`List ${MANUAL_LABEL} records (one-off entries and seat-plan months)`)
    .option("--account <id>", "only this account")
    .option("--from <date>", "first day, YYYY-MM-DD (inclusive)")
    .option("--to <date>", "end day, YYYY-MM-DD (exclusive)")
    .option("--kind <kind>", "entry or recurring")
    .option("--json", "print JSON")
    .action(
      async (options: {
        account?: string;
        from?: string;
        to?: string;
        kind?: string;
        json?: boolean;
      }) => {
        const list = await withRuntime(deps, ({ ctx }) =>
          listManualEntries(ctx, {
            ...(options.account ? { account_id: options.account } : {}),
            ...(options.from ? { from: options.from } : {}),
            ...(options.to ? { to: options.to } : {}),
            ...(options.kind ? { kind: options.kind as "entry" } : {}),
          }),
        );
        if (options.json) return printJson(deps.io, list);
        if (list.records.length === 0) {
          deps.io.stdout(
            `No ${MANUAL_LABEL} records. Add one with: tokenledger usage add --account ID --date YYYY-MM-DD --cost X\n`,
          );
          return;
        }
        deps.io.stdout(`${entriesTable(list.records)}\n`);
      },
    );

  withEntryOptions(
    usage
      .command("edit")
      .description(`Change a ${MANUAL_LABEL}; the old version stays in its history`)
      .argument("<id>", "entry id")
      .option("--cost <usd>", "the cost in USD"),
  ).action(async (id: string, options: EntryOptions) => {
    const entry = await withRuntime(deps, ({ ctx }) =>
      updateManualEntry(ctx, id, entryChanges(options)),
    );
    if (options.json) return printJson(deps.io, entry);
    deps.io.stdout(
      `Updated ${MANUAL_LABEL} ${entry.id}, ${when(entry)}${tokensNote(entry)}: $${entry.total_cost}\n`,
    );
  });

  usage
    .command("remove")
    .description(`Remove a ${MANUAL_LABEL} from the totals; its history is kept`)
    .argument("<id>", "entry id")
    .option("--json", "print JSON")
    .action(async (id: string, options: { json?: boolean }) => {
      const result = await withRuntime(deps, ({ ctx }) => deleteManualEntry(ctx, id));
      if (options.json) return printJson(deps.io, result);
      deps.io.stdout(
        `Removed ${MANUAL_LABEL} ${result.removed.id} ($${result.removed.total_cost}); see it with: tokenledger usage history ${result.removed.id}\n`,
      );
    });

  usage
    .command("history")
    .description(`Every change of a ${MANUAL_LABEL}, also after it was removed`)
    .argument("<id>", "entry id")
    .option("--json", "print JSON")
    .action(async (id: string, options: { json?: boolean }) => {
      const history = await withRuntime(deps, ({ ctx }) => manualEntryHistory(ctx, id));
      if (options.json) return printJson(deps.io, history);
      deps.io.stdout(historyText(history));
    });
}

function registerRecurring(recurring: Command, deps: CliDeps): void {
  recurring
    .command("add")
    .description("Add a seat plan: seats × price per seat, recorded every month until stopped")
    .requiredOption("--account <id>", "the account it belongs to")
    .requiredOption("--seats <n>", "number of seats")
    .option("--plan <plan>", `${PLAN_NAMES} (price from the catalog)`)
    .option("--price <usd>", "or the price per seat per month in USD")
    .requiredOption("--from <YYYY-MM>", "first month")
    .option("--to <YYYY-MM>", "last month (open-ended when left out)")
    .option("--label <text>", "a name for the plan")
    .option("--model <model>", "the model or product the records carry")
    .option("--note <text>", "a note")
    .option("--json", "print JSON")
    .action(async (options: PlanOptions & { account: string; from: string; to?: string }) => {
      const plan = await withRuntime(deps, ({ ctx }) =>
        addRecurring(ctx, {
          account_id: options.account,
          seats: options.seats,
          start_month: options.from,
          ...(options.to ? { end_month: options.to } : {}),
          ...planChanges(options),
        }),
      );
      if (options.json) return printJson(deps.io, plan);
      deps.io.stdout(
        `Added recurring plan ${plan.id} "${plan.label}": ${describePlan(plan)} from ${plan.start_month}${plan.end_month ? ` to ${plan.end_month}` : ""}; ${recordedText(plan)}\n`,
      );
    });

  recurring
    .command("list")
    .description("List seat plans")
    .option("--account <id>", "only this account")
    .option("--json", "print JSON")
    .action(async (options: { account?: string; json?: boolean }) => {
      const list = await withRuntime(deps, ({ ctx }) =>
        listRecurring(ctx, { account_id: options.account }),
      );
      if (options.json) return printJson(deps.io, list);
      if (list.plans.length === 0) {
        deps.io.stdout(
          `No recurring plans. Add one with: tokenledger recurring add --account ID --seats N --plan ${PLAN_NAMES} --from YYYY-MM\n`,
        );
        return;
      }
      deps.io.stdout(`${plansTable(list.plans)}\n`);
    });

  recurring
    .command("stop")
    .description("Stop a plan after a month (default: the current month)")
    .argument("<id>", "plan id")
    .option("--after <YYYY-MM>", "the last month recorded")
    .option("--json", "print JSON")
    .action(async (id: string, options: { after?: string; json?: boolean }) => {
      const plan = await withRuntime(deps, ({ ctx }) =>
        stopRecurring(ctx, id, options.after ? { end_month: options.after } : {}),
      );
      if (options.json) return printJson(deps.io, plan);
      deps.io.stdout(
        `Stopped recurring plan ${plan.id} after ${plan.end_month}; ${recordedText(plan)}\n`,
      );
    });

  recurring
    .command("change")
    .description("Change seats or price from a month on (the plan stops, a new one starts)")
    .argument("<id>", "plan id")
    .option("--from <YYYY-MM>", "first month with the change (default: the current month)")
    .option("--seats <n>", "number of seats")
    .option("--plan <plan>", PLAN_NAMES)
    .option("--price <usd>", "price per seat per month in USD")
    .option("--label <text>", "a name for the plan")
    .option("--model <model>", "the model or product the records carry")
    .option("--note <text>", "a note")
    .option("--json", "print JSON")
    .action(async (id: string, options: PlanOptions & { from?: string }) => {
      const result = await withRuntime(deps, ({ ctx }) =>
        updateRecurring(ctx, id, {
          ...(options.from ? { from_month: options.from } : {}),
          ...(options.seats ? { seats: options.seats } : {}),
          ...planChanges(options),
        }),
      );
      if (options.json) return printJson(deps.io, result);
      deps.io.stdout(
        `Recurring plan ${result.previous.id} stops after ${result.previous.end_month}; plan ${result.plan.id} continues from ${result.plan.start_month}: ${describePlan(result.plan)}\n`,
      );
    });

  recurring
    .command("history")
    .description("Every change of a plan and every month removed from it")
    .argument("<id>", "plan id")
    .option("--json", "print JSON")
    .action(async (id: string, options: { json?: boolean }) => {
      const history = await withRuntime(deps, ({ ctx }) => recurringHistory(ctx, id));
      if (options.json) return printJson(deps.io, history);
      deps.io.stdout(planHistoryText(history));
    });

  recurring
    .command("materialize")
    .description("Record every plan's months up to the current one (the server does this itself)")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const result = await withRuntime(deps, ({ ctx }) => materializeRecurring(ctx));
      if (options.json) return printJson(deps.io, result);
      deps.io.stdout(
        `${result.plans} plans: ${result.inserted} months new, ${result.updated} changed, ${result.unchanged} unchanged, ${result.removed} removed\n`,
      );
    });
}

function planChanges(options: PlanOptions): Record<string, string> {
  return {
    ...(options.plan ? { plan: options.plan } : {}),
    ...(options.price ? { unit_price: options.price } : {}),
    ...(options.label ? { label: options.label } : {}),
    ...(options.model ? { model: options.model } : {}),
    ...(options.note ? { note: options.note } : {}),
  };
}

function when(entry: ManualRecordView): string {
  return entry.bucket === "month" ? `period ${entry.date.slice(0, 7)}` : `date ${entry.date}`;
}

function tokensNote(entry: ManualRecordView): string {
  return entry.metadata.estimated_tokens === true
    ? ` (~${formatCount(entry.prompt_tokens)} tokens, estimated)`
    : "";
}

function entriesTable(records: readonly ManualRecordView[]): string {
  const rows = records.map((r) => {
    const plan = typeof r.metadata.recurring_id === "string" ? r.metadata.recurring_id : null;
    const note = typeof r.metadata.note === "string" ? r.metadata.note : "";
    return [
      plan ?? r.idempotency_key.slice(MANUAL_KEY_PREFIX.length),
      r.account_id,
      r.bucket === "month" ? r.date.slice(0, 7) : r.date,
      r.model ?? "",
      r.metadata.estimated_tokens === true ? `~${formatCount(r.prompt_tokens)}` : "",
      `$${r.total_cost ?? "?"}`,
      plan ? `seat plan: ${r.metadata.seats} × $${r.metadata.unit_price}` : note,
    ];
  });
  const total = records.reduce((sum, r) => sum + parseUsd(r.total_cost ?? "0"), 0n);
  const head = ["ID", "Account", "Date", "Model", "Tokens", "Cost (USD)", "Note"];
  const align = head.map((_, i) => i === 4 || i === 5);
  return `${renderTable(head, rows, align)}\nTotal: $${formatUsd(total)} USD (${MANUAL_LABEL})`;
}

function describePlan(plan: RecurringPlanView): string {
  return `${plan.seats} seats × $${plan.unit_price} = $${plan.monthly_cost}/month`;
}

function recordedText(plan: RecurringPlanView): string {
  return `${plan.recorded_months} months recorded, $${plan.recorded_cost}`;
}

function plansTable(plans: readonly RecurringPlanView[]): string {
  const rows = plans.map((p) => [
    p.id,
    p.account_id,
    p.label,
    formatCount(p.seats),
    `$${p.unit_price}`,
    `$${p.monthly_cost}`,
    p.start_month,
    p.end_month ?? "",
    p.status,
    `${p.recorded_months} / $${p.recorded_cost}`,
  ]);
  const head = [
    "ID",
    "Account",
    "Label",
    "Seats",
    "Per seat",
    "Monthly",
    "From",
    "To",
    "Status",
    "Recorded",
  ];
  return renderTable(
    head,
    rows,
    head.map((_, i) => i >= 3 && i <= 5),
  );
}

function historyText(history: ManualEntryHistory): string {
  const key = history.idempotency_key;
  const kind = key.startsWith(RECURRING_KEY_PREFIX) ? "seat-plan month" : MANUAL_LABEL;
  const lines = [`History of ${kind} ${history.id} (${history.current ? "current" : "removed"})`];
  for (const event of history.events) {
    const before = costOf(event.before);
    const after = costOf(event.after);
    const change =
      event.action === "create"
        ? `$${after}`
        : event.action === "delete"
          ? `was $${before}`
          : `$${before} → $${after}`;
    lines.push(`  ${event.at}  ${event.action.padEnd(6)}  ${change}`);
  }
  return `${lines.join("\n")}\n`;
}

function planHistoryText(history: RecurringHistory): string {
  const lines = [`History of recurring plan ${history.id}`];
  for (const event of history.events) {
    const state = (event.after ?? event.before) as Record<string, unknown> | null;
    const what =
      event.action === "delete"
        ? `month ${String(state?.date ?? "?").slice(0, 7)} removed (was $${costOf(event.before)})`
        : `${state?.seats} seats × $${state?.unit_price}, ${state?.start_month} to ${state?.end_month ?? "open-ended"}`;
    lines.push(`  ${event.at}  ${event.action.padEnd(6)}  ${what}`);
  }
  return `${lines.join("\n")}\n`;
}

function costOf(state: unknown): string {
  const cost = (state as { total_cost?: unknown } | null)?.total_cost;
  return typeof cost === "string" ? cost : "?";
}
