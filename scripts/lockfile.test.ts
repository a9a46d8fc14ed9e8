import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { completeLockfile, formatLockfile } from "./lib/lockfile.mjs";

type Lock = { packages: Record<string, Record<string, unknown>> };

const lockPath = path.resolve("package-lock.json");
const readLock = (): { text: string; lock: Lock } => {
  const text = fs.readFileSync(lockPath, "utf8");
  return { text, lock: JSON.parse(text) as Lock };
};

describe("package-lock.json", () => {
  it("is complete and written exactly as npm writes it (a fresh `npm install` leaves it unchanged)", () => {
    const { text, lock } = readLock();
    expect(completeLockfile(lock), "run `node scripts/complete-lockfile.mjs`").toEqual([]);
    // A failure here means `npm install` on a fresh clone would rewrite the file.
    expect(formatLockfile(lock) === text, "run `node scripts/complete-lockfile.mjs`").toBe(true);
  });

  it("gets back the same file when the platform entries the mirror lacks are added again", () => {
    const { text, lock } = readLock();
    const removed = Object.keys(lock.packages).filter((key) => {
      const entry = lock.packages[key];
      // What completeLockfile writes: no tarball, so no integrity.
      return entry?.optional === true && entry.integrity === undefined && key !== "";
    });
    expect(removed.length).toBeGreaterThan(0);
    for (const key of removed) delete lock.packages[key];
    expect(completeLockfile(lock).sort()).toEqual([...removed].sort());
    expect(formatLockfile(lock) === text).toBe(true);
  });
});

describe("formatLockfile", () => {
  it("orders keys as npm does: plain values before objects, npm's keys first, then alphabetically", () => {
    const lock = {
      packages: {
        "node_modules/b": { os: ["darwin"], optional: true, dev: true, version: "1.0.0", cpu: ["arm64"] },
        "": { dependencies: { z: "1", a: "2" }, version: "0.1.0", name: "x" },
        "node_modules/a": { engines: { node: ">=20" }, license: "MIT", integrity: "sha512-x", resolved: "r", version: "2.0.0" },
      },
      requires: true,
      lockfileVersion: 3,
      version: "0.1.0",
      name: "x",
    };
    const formatted = formatLockfile(lock);
    expect(JSON.parse(formatted)).toEqual(lock);
    const order = (object: object) => Object.keys(object);
    const parsed = JSON.parse(formatted) as typeof lock;
    expect(order(parsed)).toEqual(["name", "version", "lockfileVersion", "requires", "packages"]);
    expect(order(parsed.packages)).toEqual(["", "node_modules/a", "node_modules/b"]);
    expect(order(parsed.packages[""])).toEqual(["name", "version", "dependencies"]);
    expect(order(parsed.packages[""].dependencies)).toEqual(["a", "z"]);
    expect(order(parsed.packages["node_modules/a"])).toEqual(["version", "resolved", "integrity", "license", "engines"]);
    expect(order(parsed.packages["node_modules/b"])).toEqual(["version", "cpu", "dev", "optional", "os"]);
    expect(formatted.endsWith("}\n")).toBe(true);
    expect(formatted).toContain('\n  "name": "x",\n');
  });
});
