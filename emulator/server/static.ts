import { readFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".js": "application/javascript; charset=utf-8",
  ".mjs": "application/javascript; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".map": "application/json; charset=utf-8",
};

/** Files of emulator/stripejs/public at /stripe-js/<file>; /v3 is v3.js. */
export async function serveStatic(root: string, path: string, res: ServerResponse): Promise<void> {
  const relative = path === "/v3" || path === "/v3/" ? "v3.js" : decodeURIComponent(path.slice("/stripe-js/".length));
  const file = normalize(join(root, relative));
  const headers = { "access-control-allow-origin": "*", "cache-control": "no-cache" };
  if (!file.startsWith(normalize(root) + sep)) {
    res.writeHead(404, { ...headers, "content-type": "text/plain" });
    res.end("Not found");
    return;
  }
  try {
    const content = await readFile(file);
    res.writeHead(200, { ...headers, "content-type": TYPES[extname(file)] ?? "application/octet-stream", "content-length": content.length });
    res.end(content);
  } catch {
    res.writeHead(404, { ...headers, "content-type": "text/plain" });
    res.end("Not found");
  }
}
