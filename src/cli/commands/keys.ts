import type { Command } from "commander";
import { createApiKey, listApiKeys, revokeApiKey } from "../../services/api-keys.ts";
import { type CliDeps, withRuntime } from "../main.ts";
import { printJson, renderTable } from "../output.ts";

export function registerKeys(program: Command, deps: CliDeps): void {
  const keys = program
    .command("keys")
    .description("TokenLedger API keys for the capture proxy and the SDK (ingest scope)");

  keys
    .command("create")
    .description("Create a key; it is shown once")
    .requiredOption("--name <name>", "what the key is for, e.g. the application")
    .option("--json", "print JSON")
    .action(async (options: { name: string; json?: boolean }) => {
      const key = await withRuntime(deps, ({ ctx }) => createApiKey(ctx, { name: options.name }));
      if (options.json) return printJson(deps.io, key);
      deps.io.stdout(
        `Created ${key.id} (${key.scopes.join(", ")}). The key, shown once:\n\n  ${key.key}\n\nSend it as x-tokenledger-key.\n`,
      );
    });

  keys
    .command("list")
    .description("List keys (only their last 4 characters)")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const list = await withRuntime(deps, ({ ctx }) => listApiKeys(ctx));
      if (options.json) return printJson(deps.io, { keys: list });
      if (list.length === 0)
        return deps.io.stdout("No keys. Create one with: tokenledger keys create --name N\n");
      const rows = list.map((k) => [
        k.id,
        k.name,
        `…${k.key_hint}`,
        k.scopes.join(","),
        k.created_at.slice(0, 10),
        k.revoked_at ? "revoked" : "active",
      ]);
      deps.io.stdout(`${renderTable(["ID", "Name", "Key", "Scopes", "Created", "State"], rows)}\n`);
    });

  keys
    .command("revoke")
    .description("Revoke a key (the proxy refuses it within 30 seconds)")
    .argument("<id>", "key id")
    .option("--json", "print JSON")
    .action(async (id: string, options: { json?: boolean }) => {
      const result = await withRuntime(deps, ({ ctx }) => revokeApiKey(ctx, id));
      if (options.json) return printJson(deps.io, result);
      deps.io.stdout(`Revoked ${result.revoked}\n`);
    });
}
