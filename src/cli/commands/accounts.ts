import type { Command } from "commander";
import { PROVIDER_IDS, PROVIDERS } from "../../providers/registry.ts";
import {
  type AccountView,
  createAccount,
  listAccounts,
  removeAccount,
  updateAccount,
} from "../../services/accounts.ts";
import { type CliDeps, withRuntime } from "../main.ts";
import { printJson, renderTable } from "../output.ts";
import { readAdminKey, type SecretOptions } from "../secret-input.ts";

interface AccountOptions extends SecretOptions {
  name?: string;
  baseUrl?: string;
  schedule?: string;
  json?: boolean;
}

function withAccountOptions(command: Command): Command {
  return command
    .option("--admin-key-env <VAR>", "read the provider admin key from this environment variable")
    .option("--admin-key-stdin", "read the provider admin key from standard input")
    .option("--base-url <url>", "the provider API base URL for this account")
    .option("--schedule <cron>", 'when scheduled syncs run (cron, UTC; default "0 * * * *")')
    .option("--json", "print the account as JSON");
}

export function registerAccounts(program: Command, deps: CliDeps): void {
  const accounts = program.command("accounts").description("Manage provider accounts");

  withAccountOptions(
    accounts
      .command("add")
      .description(
        "Add an account (Anthropic and OpenAI: with an admin key to sync official usage)",
      )
      .requiredOption("--provider <provider>", `one of ${PROVIDER_IDS.join(", ")}`)
      .requiredOption("--name <name>", "a name you will recognise, unique per provider"),
  ).action(async (options: AccountOptions & { provider: string }) => {
    const adminKey = await readAdminKey(deps, options);
    const account = await withRuntime(deps, ({ ctx }) =>
      createAccount(ctx, {
        provider: options.provider,
        name: options.name,
        ...(adminKey === undefined ? {} : { admin_key: adminKey }),
        ...(options.baseUrl ? { base_url: options.baseUrl } : {}),
        ...(options.schedule ? { sync_schedule: options.schedule } : {}),
      }),
    );
    if (options.json) return printJson(deps.io, account);
    const key = account.credentials ? ` with admin key …${account.credentials.admin_key_hint}` : "";
    deps.io.stdout(
      `Added ${PROVIDERS[account.provider].displayName} account "${account.name}" (${account.id})${key}\n`,
    );
  });

  withAccountOptions(
    accounts
      .command("update")
      .description("Rename an account, rotate its admin key, or change its base URL or schedule")
      .argument("<id>", "account id")
      .option("--name <name>", "new name"),
  ).action(async (id: string, options: AccountOptions) => {
    const adminKey = await readAdminKey(deps, options);
    const account = await withRuntime(deps, ({ ctx }) =>
      updateAccount(ctx, id, {
        ...(options.name ? { name: options.name } : {}),
        ...(adminKey === undefined ? {} : { admin_key: adminKey }),
        ...(options.baseUrl ? { base_url: options.baseUrl } : {}),
        ...(options.schedule ? { sync_schedule: options.schedule } : {}),
      }),
    );
    if (options.json) return printJson(deps.io, account);
    deps.io.stdout(`Updated account ${account.id}\n`);
  });

  accounts
    .command("list")
    .description("List accounts with their sync status")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const list = await withRuntime(deps, ({ ctx }) => listAccounts(ctx));
      if (options.json) return printJson(deps.io, { accounts: list });
      if (list.length === 0) {
        deps.io.stdout(
          "No accounts yet. Add one with: tokenledger accounts add --provider P --name N\n",
        );
        return;
      }
      const rows = list.map((a) => [
        a.id,
        PROVIDERS[a.provider].displayName,
        a.name,
        a.credentials ? `…${a.credentials.admin_key_hint}` : "",
        syncWords(a),
      ]);
      deps.io.stdout(`${renderTable(["ID", "Provider", "Name", "Admin key", "Sync"], rows)}\n`);
    });

  accounts
    .command("remove")
    .description("Remove an account (with --force, also its usage records)")
    .argument("<id>", "account id")
    .option("--force", "also delete the account's usage records")
    .option("--json", "print JSON")
    .action(async (id: string, options: { force?: boolean; json?: boolean }) => {
      const result = await withRuntime(deps, ({ ctx }) =>
        removeAccount(ctx, id, { force: options.force ?? false }),
      );
      if (options.json) printJson(deps.io, result);
      else
        deps.io.stdout(
          `Removed account ${result.account.id} and ${result.removed_records} usage records\n`,
        );
    });
}

function syncWords(account: AccountView): string {
  const sync = account.sync;
  if (!sync) return account.credentials ? "not synced yet" : "";
  if (sync.paused_reason) return `paused: ${sync.paused_reason}`;
  if (sync.last_error_class)
    return `failed (${sync.last_error_class}) at ${sync.last_run_at ?? "?"}`;
  return sync.last_success_at ? `ok at ${sync.last_success_at}` : "";
}
