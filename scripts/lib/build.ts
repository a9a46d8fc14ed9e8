/**
 * The production build: `next build`, then V8 compile hints on the start-up chunks
 * (scripts/lib/compile-hints.ts). `npm run build`, `npm start`, the e2e tests and the
 * benchmarks all build through here, so they measure and ship the same files.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { addCompileHints } from "./compile-hints";

const NEXT_BIN = path.resolve("node_modules/next/dist/bin/next");

export interface BuildOptions {
  env?: NodeJS.ProcessEnv;
  /** Where `next build` writes its output: inherited (default) or to stderr (when stdout is a report). */
  output?: "inherit" | "stderr";
  log?: (line: string) => void;
}

export async function buildProduction(options: BuildOptions = {}): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(line));
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [NEXT_BIN, "build"], {
      env: options.env ?? process.env,
      stdio: options.output === "stderr" ? ["ignore", 2, 2] : "inherit",
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`next build failed (${signal ?? code})`))));
  });
  const hints = addCompileHints(path.resolve(".next"));
  log(`build: compile hints on ${hints.hinted.length + hints.unchanged.length} start-up chunks (${Math.round(hints.bytes / 1024)} KB)`);
}
