/**
 * Admin keys reach the CLI from an environment variable named on the command line
 * (`--admin-key-env VAR`) or from standard input (`--admin-key-stdin`) — never as an argument,
 * so they stay out of shell history and process listings.
 */
import { ValidationError } from "../core/errors.ts";
import type { CliDeps } from "./main.ts";

export interface SecretOptions {
  adminKeyEnv?: string;
  adminKeyStdin?: boolean;
}

export async function readAdminKey(
  deps: CliDeps,
  options: SecretOptions,
): Promise<string | undefined> {
  if (options.adminKeyEnv && options.adminKeyStdin) {
    throw new ValidationError("give either --admin-key-env or --admin-key-stdin, not both", [
      { field: "admin_key", message: "two sources given" },
    ]);
  }
  if (options.adminKeyEnv) {
    const value = deps.env[options.adminKeyEnv];
    if (!value) {
      throw new ValidationError(
        `the environment variable ${options.adminKeyEnv} is not set or empty`,
        [{ field: "admin_key_env", message: "names an unset variable" }],
      );
    }
    return value.trim();
  }
  if (options.adminKeyStdin) {
    const value = (await deps.io.readStdin()).trim();
    if (!value)
      throw new ValidationError("standard input was empty", [
        { field: "admin_key", message: "is empty" },
      ]);
    return value;
  }
  return undefined;
}
