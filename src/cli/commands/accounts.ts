import type { Command } from "commander";
import { PROVIDER_IDS, PROVIDERS } from "../../providers/registry.ts";
import { createAccount, listAccounts, removeAccount } from "../../services/accounts.ts";
import { type CliDeps, withRuntime } from "../main.ts";
import { printJson, renderTable } from "../output.ts";

export function registerAccounts(program: Command, deps: CliDeps): void {
  const accounts = program.command("accounts").description("Manage provider accounts");

  accounts
    .command("add")
    .description("Add an account")
    .requiredOption("--provider <provider>", `one of ${PROVIDER_IDS.join(", ")}`)
    .requiredOption("--name <name>", "a name you will recognise, unique per provider")
    .option("--json", "print the account as JSON")
    .action(async (options: { provider: string; name: string; json?: boolean }) => {
      const account = await withRuntime(deps, ({ ctx }) =>
        createAccount(ctx, { provider: options.provider, name: options.name }),
      );
      if (options.json) printJson(deps.io, account);
      else
        deps.io.stdout(
          `Added ${PROVIDERS[account.provider].displayName} account "${account.name}" (${account.id})\n`,
        );
    });

  accounts
    .command("list")
    .description("List accounts")
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
        a.created_at.slice(0, 10),
      ]);
      deps.io.stdout(`${renderTable(["ID", "Provider", "Name", "Created"], rows)}\n`);
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
