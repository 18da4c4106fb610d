#!/usr/bin/env node
// The CLI runs the TypeScript sources directly (tsx), so `npx tokenledger` works after
// `npm ci` with no build step. See docs/decisions/0001-run-typescript-with-tsx.md.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv);
