/**
 * Does a URL path of ours lead to a page? Resolves it against app/ the way the App Router
 * does: route groups `(x)` are transparent, `[param]` matches one segment, `[...rest]` the rest.
 */
import fs from "node:fs";
import path from "node:path";

const APP_DIR = path.resolve(import.meta.dirname, "../../app");

export function pageExists(pathname: string, dir = APP_DIR): boolean {
  const segments = pathname.split("?")[0]!.split("/").filter(Boolean);
  return matches(dir, segments);
}

function matches(dir: string, segments: string[]): boolean {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
  if (segments.length === 0) {
    if (fs.existsSync(path.join(dir, "page.tsx"))) return true;
    return entries.some((e) => /^\(.+\)$/.test(e.name) && matches(path.join(dir, e.name), segments));
  }
  const [head, ...rest] = segments;
  return entries.some((e) => {
    const child = path.join(dir, e.name);
    if (/^\(.+\)$/.test(e.name)) return matches(child, segments);
    if (/^\[\.\.\..+\]$/.test(e.name)) return fs.existsSync(path.join(child, "page.tsx"));
    if (/^\[.+\]$/.test(e.name) || e.name === head) return matches(child, rest);
    return false;
  });
}
