import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { EmulatorControl } from "../client.js";
import { createControl, registerConfiguredEndpoints } from "./control.js";
import { Core, DEFAULT_API_VERSION } from "./core.js";
import { FaultInjector, RateLimiter } from "./faults.js";
import { createRequestListener, type App } from "./http.js";
import { scheduleRefundTransitions, cancelRefundTimer } from "./resources/refunds.js";
import { cancelPayoutTimer, schedulePayouts } from "./resources/payouts.js";
import { Store } from "./store.js";
import { WebhookDispatcher, type WebhookSettings } from "./webhooks.js";

export interface EmulatorOptions {
  port?: number;
  host?: string;
  /** state file directory; null keeps everything in memory */
  dataDir?: string | null;
  /** origin the browser uses (iframe, 3DS page); default http://localhost:<port> */
  publicUrl?: string;
  webhooks?: { url: string; secret: string }[];
  webhookSettings?: Partial<WebhookSettings>;
  refundTransitionMs?: number;
  payoutTransitionMs?: number;
  persistDebounceMs?: number;
  maxEvents?: number;
  maxIdempotencyKeys?: number;
  apiVersion?: string;
  quiet?: boolean;
}

export interface RunningEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
  control: EmulatorControl;
  /** in-process access for tests and tools */
  core: Core;
}

const here = dirname(fileURLToPath(import.meta.url));
export const STRIPEJS_PUBLIC_DIR = resolve(here, "../stripejs/public");
/** The keys Löyly itself uses when no Stripe key is configured (lib/env.ts), so the ones printed
 * by `npm run emulator` and the README agree. */
export const SUGGESTED_SECRET_KEY = "sk_test_emulator_loyly";
export const SUGGESTED_PUBLISHABLE_KEY = "pk_test_emulator_loyly";

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  const store = new Store({
    dataDir: options.dataDir === undefined ? join(process.cwd(), ".data/stripe-emulator") : options.dataDir,
    persistDebounceMs: options.persistDebounceMs ?? 200,
    maxEvents: options.maxEvents ?? 20_000,
    maxIdempotencyKeys: options.maxIdempotencyKeys ?? 50_000,
  });
  const webhooks = new WebhookDispatcher(store, {
    paused: false,
    duplicate: false,
    delayMs: 0,
    reorder: false,
    retryBaseMs: 1000,
    maxAttempts: 8,
    timeoutMs: 10_000,
    ...options.webhookSettings,
  });
  const core = new Core(store, webhooks, {
    publicUrl: options.publicUrl ?? "",
    apiVersion: options.apiVersion ?? DEFAULT_API_VERSION,
    refundTransitionMs: options.refundTransitionMs ?? 1500,
    payoutTransitionMs: options.payoutTransitionMs ?? 2000,
  });
  const faults = new FaultInjector();
  const rateLimiter = new RateLimiter();
  const deps = { core, faults, rateLimiter, configuredEndpoints: options.webhooks ?? [] };
  registerConfiguredEndpoints(deps);
  const app: App = { core, faults, rateLimiter, staticDir: STRIPEJS_PUBLIC_DIR, held: new Set(), control: createControl(deps) };

  const server: Server = createServer({ keepAliveTimeout: 65_000 }, createRequestListener(app));
  await new Promise<void>((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 12111, host, () => resolvePromise());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`;
  if (!options.publicUrl) core.config.publicUrl = `http://localhost:${port}`;
  scheduleRefundTransitions(core);
  schedulePayouts(core);

  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      webhooks.close();
      cancelRefundTimer(core);
      cancelPayoutTimer(core);
      for (const res of app.held) res.destroy();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await store.flush();
    })();
    return closed;
  };

  return { url, port, close, control: new EmulatorControl(url, SUGGESTED_SECRET_KEY), core };
}
