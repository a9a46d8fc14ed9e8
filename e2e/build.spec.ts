/**
 * The production build under test (.next, built before the suite by `npm run build`):
 *
 * - It keeps the Stripe SDK out of its server bundles: `serverExternalPackages` in
 *   next.config.js makes the server load the one copy in node_modules, so `instanceof
 *   Stripe.errors.StripeError` holds for the errors it throws. A bundled copy (or two, its ESM
 *   and CJS builds) would carry the SDK's own strings.
 * - The chunks each page runs at start-up begin with V8's compile hint
 *   (scripts/lib/compile-hints.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "./support/test";

function serverFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return serverFiles(file);
    return entry.name.endsWith(".js") ? [file] : [];
  });
}

test("the server bundles do not contain the Stripe SDK: it is loaded once from node_modules", () => {
  const server = path.resolve(".next/server");
  expect(fs.existsSync(server), "no production build in .next").toBe(true);
  const files = serverFiles(server);
  expect(files.length).toBeGreaterThan(10);
  // A string literal of the SDK's error module (stripe/esm/Error.js, stripe/cjs/Error.js).
  const withSdk = files.filter((file) => fs.readFileSync(file, "utf8").includes("StripeSignatureVerificationError"));
  expect(withSdk.map((file) => path.relative(server, file))).toEqual([]);
  // …and the routes that use Stripe do load it: the webhook route's trace lists the package.
  const trace = fs.readFileSync(path.join(server, "app/api/stripe/webhook/route.js.nft.json"), "utf8");
  expect(trace).toMatch(/node_modules\/stripe\b/);
});

test("the chunks a page runs at start-up carry V8's compile hint; the polyfills older browsers take do not", async ({ page, request }) => {
  await page.goto("/search?city=Helsinki");
  const scripts = await page.locator("script[src*='/_next/static/chunks/']").evaluateAll((nodes) =>
    nodes.map((node) => ({ src: (node as HTMLScriptElement).getAttribute("src")!, noModule: (node as HTMLScriptElement).noModule })),
  );
  const startup = scripts.filter((s) => !s.noModule);
  expect(startup.length).toBeGreaterThan(3);
  for (const { src } of startup) expect((await (await request.get(src)).text()).split("\n", 1)[0], src).toBe("//# allFunctionsCalledOnLoad");
  for (const { src } of scripts.filter((s) => s.noModule)) expect(await (await request.get(src)).text(), src).not.toContain("allFunctionsCalledOnLoad");
});
