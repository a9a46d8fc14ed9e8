/**
 * The authorization matrix (tests/access-matrix.ts) must have a row for every page, route
 * handler and server action in app/, listed here from disk: a new one without a row fails.
 * The e2e spec (e2e/access-matrix.spec.ts) plays the rows against the running server.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIONS, PAGES, ROLES, ROUTES } from "../access-matrix";

const ROOT = path.resolve(import.meta.dirname, "../..");

function walk(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    return entry.isDirectory() ? walk(rel) : [rel];
  });
}

const files = walk("app");
const pages = files.filter((f) => /\/page\.(tsx|ts|jsx|js)$/.test(f)).sort();
const routes = files.filter((f) => /\/route\.(ts|js)$/.test(f)).sort();

/** Exports of every module that starts with "use server" (each is a public POST endpoint). */
function serverActions(): string[] {
  const found: string[] = [];
  for (const file of files.filter((f) => /\.(ts|tsx)$/.test(f))) {
    const source = fs.readFileSync(path.join(ROOT, file), "utf8");
    if (!/^\s*(\/\*[\s\S]*?\*\/\s*|\/\/[^\n]*\n\s*)*["']use server["']/.test(source)) continue;
    for (const match of source.matchAll(/^export\s+(?:const|let|async\s+function|function)\s+([A-Za-z0-9_$]+)/gm)) {
      found.push(`${file}#${match[1]}`);
    }
    if (/^export\s+(default|\{)/m.test(source)) found.push(`${file}#<default or re-export: list each in the matrix>`);
  }
  return found.sort();
}

describe("the authorization matrix covers the app", () => {
  it("every page has a row, and every row is a page", () => {
    expect(Object.keys(PAGES).sort()).toEqual(pages);
  });

  it("every route handler has a row, and every row is a route handler", () => {
    expect(Object.keys(ROUTES).sort()).toEqual(routes);
  });

  it("every exported server action has a row, and every row is an action", () => {
    expect(Object.keys(ACTIONS).sort()).toEqual(serverActions());
  });

  it("every row answers for every role", () => {
    for (const row of [...Object.values(PAGES), ...Object.values(ROUTES), ...Object.values(ACTIONS)]) {
      expect(Object.keys(row.expect).sort()).toEqual([...ROLES].sort());
    }
  });

  it("an action's bound fixture: its owners are allowed (called with an id that does not exist), everyone else refused", () => {
    for (const [key, row] of Object.entries(ACTIONS)) {
      for (const owner of row.owners ?? []) expect(row.expect[owner], `${key}: ${owner}`).toBe("ok");
      if (!row.owners) continue;
      expect(row.bound, `${key} has owners, so it binds an id`).toBeDefined();
      // Everyone else is called with the owner's real id: they must be refused, never "ok".
      for (const role of ROLES) if (!row.owners.includes(role)) expect(row.expect[role], `${key}: ${role}`).toBe("refused");
    }
  });

  it("finds what it should (the walk itself works)", () => {
    expect(pages.length).toBeGreaterThan(20);
    expect(routes).toContain("app/api/stripe/webhook/route.ts");
    expect(serverActions()).toContain("app/provider/requests/actions.ts#acceptBookingRequest");
  });
});
