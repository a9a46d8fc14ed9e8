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

/**
 * The policy of the emulator's own frames (card fields, 3D Secure challenge): their scripts
 * and styles come from the emulator, they talk only to the emulator, and like Stripe's
 * frames they may be embedded by any site (the embedding app's own CSP decides that side).
 */
export const FRAME_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors *",
].join("; ");

/** Files of emulator/stripejs/public at /stripe-js/<file>; /v3 is v3.js. */
export async function serveStatic(root: string, path: string, res: ServerResponse): Promise<void> {
  const relative = path === "/v3" || path === "/v3/" ? "v3.js" : decodeURIComponent(path.slice("/stripe-js/".length));
  const file = normalize(join(root, relative));
  const headers: Record<string, string> = {
    "access-control-allow-origin": "*",
    "cache-control": "no-cache",
    "x-content-type-options": "nosniff",
    // Stripe.js is loaded by other origins' pages (and under their CSP).
    "cross-origin-resource-policy": "cross-origin",
    "referrer-policy": "strict-origin-when-cross-origin",
  };
  if (extname(file) === ".html") headers["content-security-policy"] = FRAME_CONTENT_SECURITY_POLICY;
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
