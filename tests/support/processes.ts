/** Child processes for tests that run the project's own commands (`npm run …`). Linux only. */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";

export interface RunningCommand {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves when `pattern` appears in the output; rejects on exit or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<number | NodeJS.Signals | null>;
}

/**
 * Runs `command` in its own process group (so a failed test can still clean up the whole
 * tree), collecting its output.
 */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv): RunningCommand {
  const child = spawn(command, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString("utf8");
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => {
    child.once("exit", (code, signal) => {
      resolve(signal ?? code);
      for (const listener of listeners) listener();
    });
  });
  return {
    child,
    output: () => text,
    exited,
    waitFor(pattern, timeoutMs) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; output:\n${text}`));
        }, timeoutMs);
        const check = () => {
          if (pattern.test(text)) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(new Error(`exited (${child.signalCode ?? child.exitCode}) before ${pattern}; output:\n${text}`));
          }
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** The direct children of `pid`, read from /proc. */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses; split after the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid === pid) children.push(Number(entry));
  }
  return children;
}

export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid PostgreSQL wrote into its data directory, if any. */
export function postmasterPid(pgdata: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(`${pgdata}/postmaster.pid`, "utf8").split("\n")[0] ?? "", 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves true once `pid` is gone, false after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** Environment for a command under test: the caller's, without what vitest and npm set. */
/** `undefined` in `overrides` removes the variable. */
export function commandEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...overrides })) {
    if (key.startsWith("VITEST") || key.startsWith("npm_") || key === "NODE_ENV" || key === "TEST") continue;
    if (value !== undefined) env[key] = value;
  }
  // Not vitest's "test": the commands set their own where it matters (dev/start stack).
  return { ...env, NODE_ENV: "development", NEXT_TELEMETRY_DISABLED: "1" };
}
