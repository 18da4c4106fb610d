import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts", "packages/**/*.test.ts"],
    environment: "node",
    // Storage suites create their own databases; PostgreSQL ones can take a moment.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
