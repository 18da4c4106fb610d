/** What a run was measured on, besides the machine: the commit and the PostgreSQL server. */
import { execFileSync } from "node:child_process";
import { POSTGRES_ADMIN_URL, postgresVersion } from "../lib/databases.ts";
import { machine } from "../lib/report.ts";
import { withAdminClient } from "./bench-db.ts";
import type { Dialect } from "./options.ts";

export interface Environment extends ReturnType<typeof machine> {
  commit: string | null;
  postgres?: string;
  postgresSettings?: string;
}

/** The machine, the commit, and when PostgreSQL is measured its version and settings. */
export async function environment(dialects: readonly Dialect[]): Promise<Environment> {
  const env: Environment = { ...machine(), commit: gitCommit() };
  if (dialects.includes("postgres")) {
    env.postgres = await postgresVersion(POSTGRES_ADMIN_URL);
    env.postgresSettings = await postgresSettings();
  }
  return env;
}

function gitCommit(): string | null {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" });
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src"], { encoding: "utf8" });
    return `${commit.trim()}${dirty.trim() ? " (src modified)" : ""}`;
  } catch {
    return null;
  }
}

/** The server's settings that shape these queries' plans (server defaults; the app's own connections run with jit = off). */
async function postgresSettings(): Promise<string> {
  const names = ["shared_buffers", "work_mem", "max_parallel_workers_per_gather", "jit"];
  return withAdminClient(async (client) => {
    const parts: string[] = [];
    for (const name of names) {
      const result = await client.query<Record<string, string>>(`SHOW ${name}`);
      parts.push(`${name} ${Object.values(result.rows[0] ?? {})[0]}`);
    }
    return parts.join(", ");
  });
}
