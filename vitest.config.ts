import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts", "packages/**/*.test.ts"],
    environment: "node",
    // Storage suites create their own databases; PostgreSQL ones can take a moment.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Browser tests poll the page for what a user would wait to see; a loaded CI machine can
    // take seconds to fetch and render, so a poll gets as long as Playwright's own waits.
    expect: { poll: { timeout: 10_000 } },
  },
});
