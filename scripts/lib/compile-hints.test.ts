import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addCompileHints, COMPILE_HINT, startupChunks } from "./compile-hints";

let dist: string;

function write(file: string, text: string) {
  fs.mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
  fs.writeFileSync(path.join(dist, file), text);
}
const read = (file: string) => fs.readFileSync(path.join(dist, file), "utf8");

function clientManifest(route: string, entryJSFiles: Record<string, string[]>) {
  return `globalThis.__RSC_MANIFEST = globalThis.__RSC_MANIFEST || {};\nglobalThis.__RSC_MANIFEST[${JSON.stringify(route)}] = ${JSON.stringify({
    clientModules: { "[project]/components/lazy.tsx": { chunks: ["/_next/static/chunks/lazy.js"], async: true } },
    entryJSFiles,
  })};\n`;
}

beforeEach(() => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), "compile-hints-"));
  write("build-manifest.json", JSON.stringify({ polyfillFiles: ["static/chunks/polyfills.js"], rootMainFiles: ["static/chunks/main.js", "static/chunks/react.js"] }));
  write("server/app/page_client-reference-manifest.js", clientManifest("/page", { "[project]/app/layout": ["static/chunks/layout.js"], "[project]/app/page": ["static/chunks/layout.js", "static/chunks/home.css", "static/chunks/home.js"] }));
  write("server/app/(marketing)/search/page_client-reference-manifest.js", clientManifest("/(marketing)/search/page", { "[project]/app/(marketing)/search/page": ["static/chunks/search.js"] }));
  for (const chunk of ["main", "react", "layout", "home", "search", "lazy", "polyfills"]) write(`static/chunks/${chunk}.js`, `console.log(${JSON.stringify(chunk)});\n`);
  write("static/chunks/react.js.map", JSON.stringify({ version: 3, sources: ["react.ts"], mappings: "AAAA" }));
});

afterEach(() => fs.rmSync(dist, { recursive: true, force: true }));

describe("startupChunks", () => {
  it("lists the framework's chunks and every layout's and page's entry chunks, not lazy chunks, polyfills or CSS", () => {
    expect(startupChunks(dist)).toEqual(["static/chunks/home.js", "static/chunks/layout.js", "static/chunks/main.js", "static/chunks/react.js", "static/chunks/search.js"]);
  });
});

describe("addCompileHints", () => {
  it("puts the hint on the first line of each start-up chunk and leaves the code after it as it was", () => {
    const result = addCompileHints(dist);
    expect(result.hinted).toHaveLength(5);
    expect(read("static/chunks/search.js")).toBe(`${COMPILE_HINT}\nconsole.log("search");\n`);
    expect(read("static/chunks/lazy.js")).toBe(`console.log("lazy");\n`);
    expect(read("static/chunks/polyfills.js")).toBe(`console.log("polyfills");\n`);
  });

  it("moves a source map's mappings down by the added line", () => {
    addCompileHints(dist);
    expect(JSON.parse(read("static/chunks/react.js.map")).mappings).toBe(";AAAA");
  });

  it("changes nothing when run a second time", () => {
    addCompileHints(dist);
    const again = addCompileHints(dist);
    expect(again.hinted).toEqual([]);
    expect(again.unchanged).toHaveLength(5);
    expect(read("static/chunks/main.js")).toBe(`${COMPILE_HINT}\nconsole.log("main");\n`);
    expect(JSON.parse(read("static/chunks/react.js.map")).mappings).toBe(";AAAA");
  });
});
