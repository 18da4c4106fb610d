#!/usr/bin/env node
// Builds the dashboard (web/ → web/dist) when the build is missing or older than its sources,
// so `npm start` always serves the current dashboard; `--force` builds regardless.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const web = fileURLToPath(new URL("../web/", import.meta.url));
const builtIndex = join(web, "dist", "index.html");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const sourcesTime = Math.max(
  newestSource(join(web, "src")),
  statSync(join(web, "index.html")).mtimeMs,
  statSync(join(web, "vite.config.ts")).mtimeMs,
);
const upToDate = existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= sourcesTime;
if (upToDate && !process.argv.includes("--force")) process.exit(0);

const { build } = await import("vite");
console.log("Building the dashboard (web/ → web/dist)…");
await build({ configFile: join(web, "vite.config.ts"), logLevel: "warn" });
