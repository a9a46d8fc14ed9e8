import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The fault proof runs several pass processes at once: on a small machine it would starve
 * the other integration files of CPU, so it has a project of its own, run after them.
 */
const FAULTS = "tests/integration/cron-faults.test.ts";

const shared = {
  resolve: {
    alias: {
      "@": root,
      // Next's guard against importing server code into client bundles; a no-op in tests.
      "server-only": path.join(root, "tests/support/server-only.ts"),
    },
  },
};

/**
 * Three projects:
 * - unit: `lib/**\/*.test.ts`, `scripts/**\/*.test.ts` and `tests/unit/**\/*.test.ts`, no database.
 * - integration: `tests/integration/**\/*.test.ts` against a throwaway embedded
 *   PostgreSQL that tests/integration/global-setup.ts starts and migrates;
 * - integration-faults: the fault proof (above), alone, on its own embedded PostgreSQL.
 * The emulator has its own config (emulator/vitest.config.ts, `npm run test:emulator`).
 */
export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: "unit",
          environment: "node",
          include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "tests/unit/**/*.test.ts"],
        },
      },
      {
        ...shared,
        test: {
          name: "integration",
          environment: "node",
          include: ["tests/integration/**/*.test.ts"],
          exclude: [FAULTS],
          globalSetup: ["tests/integration/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        ...shared,
        test: {
          name: "integration-faults",
          environment: "node",
          include: [FAULTS],
          globalSetup: ["tests/integration/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
