/**
 * App end-to-end tests (e2e/). The web server is the production stack (`npm start` →
 * scripts/start.ts) on a fresh throwaway data dir: its own embedded PostgreSQL, migrated
 * and seeded, and its own Stripe emulator. `npm run test:e2e` builds first (pretest:e2e).
 *
 * Specs can reach what the server uses: E2E_DATABASE_URL, E2E_CRON_SECRET,
 * STRIPE_EMULATOR_URL, and the test clock (lib/clock.ts, same LOYLY_DATA_DIR).
 */
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const postgresPort = Number(process.env.E2E_POSTGRES_PORT ?? 54339);
const emulatorPort = Number(process.env.E2E_STRIPE_EMULATOR_PORT ?? 12112);
const baseURL = `http://localhost:${port}`;
// Overridable so two e2e runs on one machine (different ports too) never share state.
const dataDir = process.env.E2E_DATA_DIR ?? ".data/e2e";
const cronSecret = "e2e-cron-secret-0123456789";
/** Specs that set the app's test clock (lib/clock.ts) while a cron pass runs. */
const MOVES_THE_CLOCK = [/payouts\.spec\.ts$/, /payments-charging\.spec\.ts$/, /bookings-expiry\.spec\.ts$/];

// Inherited by the test workers (specs use them to assert on the database, clock, emulator).
process.env.LOYLY_DATA_DIR = dataDir;
process.env.TEST_CLOCK_ENABLED = "1";
process.env.E2E_DATABASE_URL = `postgresql://postgres:postgres@localhost:${postgresPort}/loyly`;
process.env.E2E_CRON_SECRET = cronSecret;
process.env.STRIPE_EMULATOR_URL = `http://localhost:${emulatorPort}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI
    ? [["list"], ["html", { open: "never", outputFolder: "playwright-report/e2e" }]]
    : "list",
  use: {
    ...devices["Desktop Chrome"],
    baseURL,
    locale: "en-GB",
    timezoneId: "Europe/Helsinki",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    { name: "chromium", testMatch: /.*\.spec\.ts/, testIgnore: MOVES_THE_CLOCK, dependencies: ["setup"] },
    // The specs that move the app's test clock for a cron pass: such a pass acts on every
    // booking (it would expire another test's fresh request), so they run last and alone.
    { name: "clock", testMatch: MOVES_THE_CLOCK, dependencies: ["chromium"], workers: 1 },
  ],
  webServer: {
    command: "npx tsx scripts/start.ts --fresh",
    url: baseURL,
    // Always our own server on a fresh database, never a developer's running one.
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    env: {
      PORT: String(port),
      APP_URL: baseURL,
      NEXTAUTH_URL: baseURL,
      DATABASE_URL: "",
      EMBEDDED_POSTGRES_PORT: String(postgresPort),
      STRIPE_SECRET_KEY: "",
      NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: "",
      STRIPE_EMULATOR_PORT: String(emulatorPort),
      STRIPE_EMULATOR_URL: `http://localhost:${emulatorPort}`,
      STRIPE_WEBHOOK_SECRET: "whsec_e2e_0123456789abcdef",
      CRON_SECRET: cronSecret,
      NEXTAUTH_SECRET: "e2e-nextauth-secret-0123456789abcdef",
      SMTP_URL: "",
      SCHEDULER_ENABLED: "0",
      TEST_CLOCK_ENABLED: "1",
      LOYLY_DATA_DIR: dataDir,
      UPLOAD_DIR: `${dataDir}/uploads`,
    },
  },
});
