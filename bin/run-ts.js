#!/usr/bin/env node
// Runs a TypeScript entry point (benchmarks, scripts) through tsx without a build step.
import { pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

register();
const entry = process.argv[2];
if (!entry) {
  console.error("usage: run-ts.js <file.ts> [args...]");
  process.exit(2);
}
process.argv.splice(1, 1);
await import(pathToFileURL(entry).href);
