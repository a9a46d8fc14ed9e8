/**
 * A tiny "merchant app" for the Stripe.js e2e tests, on its own origin (a different port
 * from the emulator, so the card iframe is really cross-origin). Its server side creates
 * SetupIntents and PaymentIntents with the official `stripe` SDK against the emulator and
 * hands the client secret to the page, like a real app would.
 *
 * Pages:
 *   /react  — @stripe/stripe-js loadStripe + @stripe/react-stripe-js <PaymentElement/>
 *             (bundled with esbuild at start), after the emulator's v3.js <script>.
 *   /plain  — plain JS with the Card Element (confirmCardSetup / confirmCardPayment / pay now).
 *   /return — shows the query string a redirect came back with.
 * API:
 *   POST /api/setup-intents   { customer? }                        → IntentInfo
 *   POST /api/payment-intents { amount, currency?, customer?, setup_future_usage? } → IntentInfo
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { build } from "esbuild";
import type Stripe from "stripe";

const here = path.dirname(fileURLToPath(import.meta.url));

export interface IntentInfo {
  id: string;
  clientSecret: string;
  customer: string;
}

export interface Site {
  url: string;
  close(): Promise<void>;
}

export interface SiteOptions {
  stripe: Stripe;
  emulatorUrl: string;
  publishableKey: string;
}

async function bundleReactApp(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(here, "react-app.tsx")],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2020",
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"development"' },
    logLevel: "silent",
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error("esbuild produced no output for react-app.tsx");
  return file.text;
}

function page(title: string, head: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 560px; margin: 32px auto; padding: 0 16px; }
  form { display: grid; gap: 16px; }
  #card { border: 1px solid #ccc; border-radius: 6px; padding: 10px; }
  output { display: block; white-space: pre-wrap; }
</style>
${head}
</head>
<body>
${body}
</body>
</html>`;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return {};
  const parsed: unknown = JSON.parse(text);
  return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
  res.end(body);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

export async function startSite(options: SiteOptions): Promise<Site> {
  const { stripe, emulatorUrl, publishableKey } = options;
  const reactBundle = await bundleReactApp();
  const plainScript = await readFile(path.join(here, "plain.js"), "utf8");
  const config = JSON.stringify({ publishableKey });
  const head = `<script src="${emulatorUrl}/stripe-js/v3.js"></script>
<script>window.__SITE__ = ${config};</script>`;

  async function customerFor(body: Record<string, unknown>): Promise<string> {
    const existing = optionalString(body.customer);
    if (existing) return existing;
    const customer = await stripe.customers.create({ email: "guest@example.com", name: "Sauna Guest" });
    return customer.id;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://site.local");
    if (req.method === "GET" && url.pathname === "/react") {
      send(res, 200, "text/html; charset=utf-8", page("React checkout", head,
        `<div id="root"></div>\n<script src="/react-app.js"></script>`));
    } else if (req.method === "GET" && url.pathname === "/react-app.js") {
      send(res, 200, "text/javascript; charset=utf-8", reactBundle);
    } else if (req.method === "GET" && url.pathname === "/plain") {
      send(res, 200, "text/html; charset=utf-8", page("Card Element checkout", head,
        `<form id="form" novalidate>
  <label for="name">Name on card</label>
  <input id="name" name="name" value="Sauna Guest" autocomplete="cc-name">
  <div id="card"></div>
  <button id="submit" type="submit" disabled>Pay</button>
  <output id="card-error" role="alert"></output>
  <output id="result" aria-live="polite"></output>
</form>
<script src="/plain.js"></script>`));
    } else if (req.method === "GET" && url.pathname === "/plain.js") {
      send(res, 200, "text/javascript; charset=utf-8", plainScript);
    } else if (req.method === "GET" && url.pathname === "/return") {
      send(res, 200, "text/html; charset=utf-8", page("Returned", "",
        `<h1>Back from Stripe</h1><output id="return-params">${escapeHtml(url.search)}</output>`));
    } else if (req.method === "POST" && url.pathname === "/api/setup-intents") {
      const body = await readJson(req);
      const customer = await customerFor(body);
      const intent = await stripe.setupIntents.create({ customer, usage: "off_session" });
      sendIntent(res, intent.id, intent.client_secret, customer);
    } else if (req.method === "POST" && url.pathname === "/api/payment-intents") {
      const body = await readJson(req);
      const customer = await customerFor(body);
      const setupFutureUsage = body.setup_future_usage === "off_session" ? "off_session" : undefined;
      const intent = await stripe.paymentIntents.create({
        amount: typeof body.amount === "number" ? body.amount : 4500,
        currency: optionalString(body.currency) ?? "eur",
        customer,
        ...(setupFutureUsage ? { setup_future_usage: setupFutureUsage } : {}),
      });
      sendIntent(res, intent.id, intent.client_secret, customer);
    } else {
      send(res, 404, "text/plain", "not found");
    }
  }

  function sendIntent(res: ServerResponse, id: string, clientSecret: string | null, customer: string): void {
    if (!clientSecret) throw new Error(`intent ${id} came back without a client_secret`);
    const info: IntentInfo = { id, clientSecret, customer };
    send(res, 200, "application/json", JSON.stringify(info));
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      send(res, 500, "text/plain", err instanceof Error ? err.stack ?? err.message : String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("site server has no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);
}
