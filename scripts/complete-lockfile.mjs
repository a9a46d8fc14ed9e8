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
 * platforms. Run it after any change to dependencies:
 *
 *   npm install && node scripts/complete-lockfile.mjs && npm ci --dry-run
 */
import fs from "node:fs";

const file = process.argv[2] ?? "package-lock.json";
const lock = JSON.parse(fs.readFileSync(file, "utf8"));
const packages = lock.packages;
const PLATFORM = /(android|darwin|freebsd|linux|win32|openharmony|wasm32)-([a-z0-9]+)/;

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ""}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] || packages[hoisted]) continue;
    const record = { version, optional: true };
    if (entry.dev) record.dev = true;
    const platform = PLATFORM.exec(name);
    if (platform?.[1] === "wasm32") record.cpu = ["wasm32"];
    else if (platform) Object.assign(record, { os: [platform[1]], cpu: [platform[2]] });
    packages[hoisted] = record;
    added += 1;
  }
}

lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} optional platform entr${added === 1 ? "y" : "ies"}`);
