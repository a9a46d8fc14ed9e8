import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../server/index.js";

export const SECRET_KEY = "sk_test_emulator_tests";
export const PUBLISHABLE_KEY = "pk_test_emulator_tests";

export interface TestEmulator {
  emulator: RunningEmulator;
  stripe: Stripe;
  dataDir: string;
  /** an SDK client with its own options (retries, timeout, key) */
  client(options?: Partial<Stripe.StripeConfig> & { key?: string }): Stripe;
  /** raw HTTP against the emulator */
  raw(method: string, path: string, init?: { body?: string; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }>;
  stop(): Promise<void>;
}

export async function startTestEmulator(options: EmulatorOptions = {}, dataDir = mkdtempSync(join(tmpdir(), "stripe-emulator-"))): Promise<TestEmulator> {
  const emulator = await startEmulator({
    port: 0,
    dataDir,
    quiet: true,
    refundTransitionMs: 150,
    webhookSettings: { retryBaseMs: 30, timeoutMs: 2000 },
    ...options,
  });
  const client = (o: Partial<Stripe.StripeConfig> & { key?: string } = {}): Stripe => {
    const { key, ...config } = o;
    return new Stripe(key ?? SECRET_KEY, { host: "127.0.0.1", port: emulator.port, protocol: "http", maxNetworkRetries: 0, ...config });
  };
  return {
    emulator,
    stripe: client(),
    dataDir,
    client,
    async raw(method, path, init = {}) {
      const res = await fetch(`${emulator.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${SECRET_KEY}`, "content-type": "application/x-www-form-urlencoded", ...init.headers },
        ...(init.body !== undefined ? { body: init.body } : {}),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
    async stop() {
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The SDK error a promise rejects with (fails the test if it resolves). */
export async function stripeError(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

export interface Received {
  body: string;
  signature: string;
  event: Stripe.Event;
}

/** A local webhook receiver; `respond` picks the status per request (default 200). */
export async function startReceiver(secret: string, respond: (n: number, event: Stripe.Event) => number = () => 200) {
  const received: Received[] = [];
  const verifier = new Stripe(SECRET_KEY);
  let n = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const signature = String(req.headers["stripe-signature"] ?? "");
      try {
        const event = verifier.webhooks.constructEvent(body, signature, secret);
        received.push({ body, signature, event });
        res.statusCode = respond(n++, event);
      } catch {
        res.statusCode = 400;
      }
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  return {
    url,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function eventually<T>(fn: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  let lastError: unknown;
  while (Date.now() - started < timeoutMs) {
    try {
      return await fn();
    } catch (error) {
      lastError = error;
      await sleep(25);
    }
  }
  throw lastError;
}
