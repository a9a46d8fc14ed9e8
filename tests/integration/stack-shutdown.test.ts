/**
 * `npm run dev` stops everything — Next.js, the Stripe emulator, PostgreSQL — and prints
 * `stopped`, whichever single process of the chain gets SIGTERM: npm itself, or tsx (which
 * relays the signal to the node process running scripts/dev.ts). Real processes, real ports.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, isPortFree } from "@/scripts/lib/db/embedded";
import {
  childPids,
  commandEnv,
  commandLine,
  isAlive,
  postmasterPid,
  runCommand,
  waitForExit,
  type RunningCommand,
} from "../support/processes";

const START_TIMEOUT_MS = 240_000;

let dataDir = "";
const started: RunningCommand[] = [];

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "loyly-shutdown-"));
});

afterAll(async () => {
  // Only if a test failed half-way: nothing of ours may outlive the suite.
  for (const run of started) {
    if (run.child.pid && isAlive(run.child.pid)) process.kill(-run.child.pid, "SIGKILL");
  }
  const postgres = postmasterPid(path.join(dataDir, "postgres"));
  if (postgres && isAlive(postgres)) process.kill(postgres, "SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function startDev(): Promise<{ run: RunningCommand; ports: number[]; tsx: number; stack: number }> {
  const ports = [await freePort(), await freePort(), await freePort()];
  const [appPort, postgresPort, emulatorPort] = ports;
  const run = runCommand(
    "npm",
    ["run", "dev"],
    commandEnv({
      PORT: String(appPort),
      EMBEDDED_POSTGRES_PORT: String(postgresPort),
      STRIPE_EMULATOR_PORT: String(emulatorPort),
      LOYLY_DATA_DIR: dataDir,
      UPLOAD_DIR: path.join(dataDir, "uploads"),
      DATABASE_URL: "",
      APP_URL: undefined,
      NEXTAUTH_URL: undefined,
      STRIPE_EMULATOR_URL: undefined,
      STRIPE_SECRET_KEY: "",
      NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: "",
      STRIPE_WEBHOOK_SECRET: "",
      SCHEDULER_ENABLED: "0",
      TEST_CLOCK_ENABLED: "0",
    }),
  );
  started.push(run);
  await run.waitFor(/Löyly is ready in/, START_TIMEOUT_MS);
  for (const port of ports) expect(await isPortFree(port), `port ${port} in use while running`).toBe(false);

  // npm → (sh exec) tsx → node running scripts/dev.ts
  const npmPid = run.child.pid ?? 0;
  const [tsx] = childPids(npmPid);
  expect(tsx, "npm's child").toBeDefined();
  expect(commandLine(tsx ?? 0)).toMatch(/tsx scripts\/dev\.ts/);
  const [stack] = childPids(tsx ?? 0);
  expect(stack, "tsx's child").toBeDefined();
  expect(commandLine(stack ?? 0)).toMatch(/scripts\/dev\.ts/);
  return { run, ports, tsx: tsx ?? 0, stack: stack ?? 0 };
}

async function expectAllStopped(
  run: RunningCommand,
  ports: number[],
  pids: number[],
): Promise<void> {
  const postgres = postmasterPid(path.join(dataDir, "postgres"));
  const code = await Promise.race([
    run.exited,
    new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), 60_000)),
  ]);
  expect(code, `npm run dev after SIGTERM; output:\n${run.output()}`).not.toBe("still running");
  expect(run.output()).toMatch(/\[loyly\] stopped/);
  for (const pid of [...pids, ...(postgres ? [postgres] : [])]) {
    expect(await waitForExit(pid, 10_000), `process ${pid} (${commandLine(pid)}) still running`).toBe(true);
  }
  for (const port of ports) expect(await isPortFree(port), `port ${port} still in use`).toBe(true);
}

describe.skipIf(process.platform !== "linux")("npm run dev: SIGTERM to a single process", () => {
  it("to tsx alone stops PostgreSQL, the emulator and Next.js, and prints `stopped`", async () => {
    const { run, ports, tsx, stack } = await startDev();
    process.kill(tsx, "SIGTERM");
    await expectAllStopped(run, ports, [tsx, stack]);
  }, START_TIMEOUT_MS + 90_000);

  it("to npm alone stops everything too", async () => {
    const { run, ports, tsx, stack } = await startDev();
    process.kill(run.child.pid ?? 0, "SIGTERM");
    await expectAllStopped(run, ports, [tsx, stack]);
  }, START_TIMEOUT_MS + 90_000);
});
