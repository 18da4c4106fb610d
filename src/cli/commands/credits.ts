import type { Command } from "commander";
import {
  addCredit,
  type CreditStatus,
  creditStatus,
  DEFAULT_WARN_DAYS,
  listCredits,
} from "../../services/credits/index.ts";
import { type CliDeps, withRuntime } from "../main.ts";
import { printJson, renderTable } from "../output.ts";

interface AddOptions {
  account: string;
  amount: string;
  date?: string;
  topUp?: boolean;
  note?: string;
  json?: boolean;
}

interface StatusOptions {
  account: string;
  asOf?: string;
  warnDays?: string;
  json?: boolean;
}

/** `credits add|list|status` (prepaid credits, as Perplexity bills them). */
export function registerCredits(program: Command, deps: CliDeps): void {
  const credits = program
    .command("credits")
    .description("Prepaid credits (Perplexity): purchases, top-ups, balance and when it runs out");

  credits
    .command("add")
    .description("Record a credit purchase (or, with --top-up, an automatic or manual top-up)")
    .requiredOption("--account <id>", "the account the credits were bought for")
    .requiredOption("--amount <usd>", 'amount in USD, a decimal such as "50.00"')
    .option("--date <date>", "day of the purchase, YYYY-MM-DD (UTC; default today)")
    .option("--top-up", "record a top-up rather than a purchase")
    .option("--note <text>", "a note, e.g. the invoice number")
    .option("--json", "print the credit as JSON")
    .action(async (options: AddOptions) => {
      const credit = await withRuntime(deps, ({ ctx }) =>
        addCredit(ctx, {
          account_id: options.account,
          amount: options.amount,
          kind: options.topUp ? "top_up" : "purchase",
          ...(options.date === undefined ? {} : { date: options.date }),
          ...(options.note === undefined ? {} : { note: options.note }),
        }),
      );
      if (options.json) return printJson(deps.io, credit);
      const kind = credit.kind === "top_up" ? "top-up" : "purchase";
      deps.io.stdout(
        `Recorded ${credit.amount} USD ${kind} on ${credit.date} for account ${credit.account_id} (${credit.id})\n`,
      );
    });

  credits
    .command("list")
    .description("List an account's credit purchases and top-ups")
    .requiredOption("--account <id>", "account id")
    .option("--json", "print JSON")
    .action(async (options: { account: string; json?: boolean }) => {
      const list = await withRuntime(deps, ({ ctx }) => listCredits(ctx, options.account));
      if (options.json) return printJson(deps.io, { account_id: options.account, credits: list });
      if (list.length === 0) {
        deps.io.stdout(
          `No credits recorded for ${options.account}. Add one with: tokenledger credits add --account ${options.account} --amount X\n`,
        );
        return;
      }
      const rows = list.map((c) => [
        c.date,
        c.kind === "top_up" ? "top-up" : "purchase",
        c.amount,
        c.note ?? "",
        c.id,
      ]);
      deps.io.stdout(
        `${renderTable(["Date", "Kind", "Amount (USD)", "Note", "ID"], rows, [false, false, true])}\n`,
      );
    });

  credits
    .command("status")
    .description("Balance, burn rate (trailing 14 days) and when the credits run out")
    .requiredOption("--account <id>", "account id")
    .option("--as-of <date>", "count spend through this day, YYYY-MM-DD (UTC; default today)")
    .option(
      "--warn-days <n>",
      `warn when the balance runs out within this many days (default ${DEFAULT_WARN_DAYS})`,
    )
    .option("--json", "print the status as JSON")
    .action(async (options: StatusOptions) => {
      const status = await withRuntime(deps, ({ ctx }) =>
        creditStatus(ctx, {
          account_id: options.account,
          ...(options.asOf === undefined ? {} : { as_of: options.asOf }),
          ...(options.warnDays === undefined ? {} : { warn_days: options.warnDays }),
        }),
      );
      if (options.json) return printJson(deps.io, status);
      deps.io.stdout(toText(status));
      if (status.warning) deps.io.stderr(`warning: ${status.warning}\n`);
      if (status.unpriced_records > 0) {
        deps.io.stderr(
          `warning: ${status.unpriced_records} ${status.unpriced_records === 1 ? "record has" : "records have"} no price and ${status.unpriced_records === 1 ? "is" : "are"} not in the spend; the balance may be lower\n`,
        );
      }
    });
}

function toText(status: CreditStatus): string {
  const lines: [string, string][] = [
    ["Account", status.account_id],
    ["As of", status.as_of],
    ["Purchased", `${status.purchased_total} USD (since ${status.first_purchase_date})`],
    ["Spent", `${status.spent_since_first_purchase} USD`],
    ["Balance", `${status.balance} USD`],
    ["Burn/day", `${status.burn_rate_per_day} USD (trailing ${status.burn_window.days} days)`],
    ["Days left", status.days_left === null ? "no recent spend" : String(status.days_left)],
    ["Runs out on", status.runs_out_on ?? "not forecast"],
    ["Status", status.status],
  ];
  const width = Math.max(...lines.map(([label]) => label.length));
  return `${lines.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join("\n")}\n`;
}
