#!/usr/bin/env node
/**
 * Makes package-lock.json acceptable to `npm ci` everywhere.
 *
 * The npm registry mirror these machines use serves only some platforms' builds of
 * packages such as @next/swc-*, @tailwindcss/oxide-* and @unrs/resolver-binding-*, so
 * `npm install` here leaves the other platforms' optional dependencies out of the lock —
 * and `npm ci` then refuses the lock as "not in sync" ("Missing: … from lock file").
 * This adds an entry for each missing optional dependency, with the os/cpu its name
 * declares, exactly as npm records them on a full registry; npm skips them on other
 * platforms. The file is written in npm's own format and key order (scripts/lib/lockfile.mjs),
 * so `npm install` on a fresh clone does not rewrite it. Run it after any change to
 * dependencies:
 *
 *   npm install && node scripts/complete-lockfile.mjs && npm ci --dry-run
 *
 * `--check` changes nothing and exits 1 when the lock is incomplete or not in npm's format
 * (part of `npm test`, through scripts/lockfile.test.ts).
 */
import fs from "node:fs";
import { completeLockfile, formatLockfile } from "./lib/lockfile.mjs";

const args = process.argv.slice(2);
const check = args.includes("--check");
const file = args.find((arg) => !arg.startsWith("--")) ?? "package-lock.json";

const text = fs.readFileSync(file, "utf8");
const lock = JSON.parse(text);
const added = completeLockfile(lock);
const formatted = formatLockfile(lock);

if (check) {
  if (formatted === text) {
    console.log(`complete-lockfile: ${file} is complete and in npm's format`);
  } else {
    console.error(
      `complete-lockfile: ${file} ${added.length ? `lacks ${added.length} optional platform entries` : "is not in npm's key order"}; ` +
        "run `node scripts/complete-lockfile.mjs` and commit the result",
    );
    process.exitCode = 1;
  }
} else {
  if (formatted !== text) fs.writeFileSync(file, formatted);
  console.log(`complete-lockfile: added ${added.length} optional platform entr${added.length === 1 ? "y" : "ies"}`);
}
