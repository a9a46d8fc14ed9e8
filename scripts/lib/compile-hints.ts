/**
 * V8's explicit compile hints on the chunks every page runs at start-up.
 *
 * A browser compiles a script's functions lazily: the first call of each one stops the main
 * thread to parse and compile it. At start-up nearly every function of Next's and React's
 * chunks is called (the module factories, the router, hydration), so on a phone that lazy
 * compilation is most of the one long task a page pays before it answers a tap. A file that
 * begins with `//# allFunctionsCalledOnLoad` is compiled whole instead, on a background
 * thread while it streams in (V8 since Chrome 136; other browsers ignore the comment).
 *
 * Only the start-up chunks get it: the framework's (`rootMainFiles` in build-manifest.json)
 * and each layout's and page's entry chunks (`entryJSFiles` in the pages' client reference
 * manifests). Chunks loaded later or only on some paths (dynamic imports, the polyfills
 * older browsers take) stay lazy: compiling code that may never run costs memory and time.
 *
 * Prepending a line keeps the file's meaning; a source map beside the file gets its mappings
 * moved down by that line. Running it twice changes nothing.
 */
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";

export const COMPILE_HINT = "//# allFunctionsCalledOnLoad";

interface ClientReferenceManifest {
  entryJSFiles?: Record<string, string[]>;
}

function manifestFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("_client-reference-manifest.js")).map((f) => path.join(dir, f));
}

/** The build's start-up chunks, relative to the build folder (`static/chunks/….js`), sorted. */
export function startupChunks(distDir: string): string[] {
  const build = JSON.parse(fs.readFileSync(path.join(distDir, "build-manifest.json"), "utf8")) as { rootMainFiles?: string[] };
  const chunks = new Set(build.rootMainFiles ?? []);
  for (const file of manifestFiles(path.join(distDir, "server", "app"))) {
    // Each file assigns `globalThis.__RSC_MANIFEST[route] = {…}`: run it on an empty global.
    const sandbox: { __RSC_MANIFEST?: Record<string, ClientReferenceManifest> } = {};
    vm.runInNewContext(fs.readFileSync(file, "utf8"), { globalThis: sandbox }, { filename: file, timeout: 1_000 });
    for (const manifest of Object.values(sandbox.__RSC_MANIFEST ?? {})) {
      for (const list of Object.values(manifest.entryJSFiles ?? {})) for (const chunk of list) chunks.add(chunk);
    }
  }
  return [...chunks].filter((chunk) => chunk.endsWith(".js")).sort();
}

export interface CompileHintsResult {
  /** Chunks that got the hint now. */
  hinted: string[];
  /** Start-up chunks that had it already. */
  unchanged: string[];
  /** Their size together (bytes, uncompressed). */
  bytes: number;
}

/** Puts the hint on top of every start-up chunk of the build in `distDir` (usually `.next`). */
export function addCompileHints(distDir: string): CompileHintsResult {
  const result: CompileHintsResult = { hinted: [], unchanged: [], bytes: 0 };
  for (const chunk of startupChunks(distDir)) {
    const file = path.join(distDir, chunk);
    const code = fs.readFileSync(file, "utf8");
    result.bytes += Buffer.byteLength(code);
    if (code.startsWith(COMPILE_HINT)) {
      result.unchanged.push(chunk);
      continue;
    }
    fs.writeFileSync(file, `${COMPILE_HINT}\n${code}`);
    const mapFile = `${file}.map`;
    if (fs.existsSync(mapFile)) {
      const map = JSON.parse(fs.readFileSync(mapFile, "utf8")) as { mappings?: string };
      if (typeof map.mappings === "string") fs.writeFileSync(mapFile, JSON.stringify({ ...map, mappings: `;${map.mappings}` }));
    }
    result.hinted.push(chunk);
  }
  return result;
}
