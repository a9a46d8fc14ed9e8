/**
 * Loads every resource module in this directory; each registers itself with `defineResource`
 * (see `../registry.ts`). Adding a resource is adding a file here, nothing else.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = readdirSync(here)
  .filter((f) => /^[a-zA-Z]+\.(ts|js)$/.test(f) && !/^index\./.test(f) && !f.endsWith(".d.ts"))
  .sort();
for (const file of modules) await import(pathToFileURL(join(here, file)).href);
