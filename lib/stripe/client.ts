/**
 * The server's Stripe client: the official SDK, pointed at the local emulator when no real
 * key is configured (lib/env.ts decides), with a pinned API version and app info.
 *
 * Only the gateway (gateway.ts) calls it; the app's one gateway lives in its context
 * (lib/context.ts). Framework-free (no `server-only`) so the cron, scripts, benchmarks and
 * tests share it; browser code never imports it — it only needs the publishable key.
 */
import Stripe from "stripe";
import { getEnv, type Env } from "@/lib/env";

export { Stripe };

/** The API version this code was written against (the SDK's own pinned version). */
export const STRIPE_API_VERSION = "2026-10-28.endive" as const;

type StripeEnv = Pick<Env, "STRIPE_SECRET_KEY" | "STRIPE_MODE" | "STRIPE_EMULATOR_URL">;

export interface CreateStripeOptions {
  /**
   * The SDK's own re-sends of network errors, 429 and 5xx (default none: the gateway re-sends,
   * each re-send taking a turn of the rate limit; scripts that call the SDK directly may ask).
   * Whatever this says, the SDK re-sends once when a connection closes, with the same key.
   */
  maxNetworkRetries?: number;
  timeoutMs?: number;
}

export function createStripe(env: StripeEnv = getEnv(), options: CreateStripeOptions = {}): Stripe {
  const config: Stripe.StripeConfig = {
    apiVersion: STRIPE_API_VERSION,
    appInfo: { name: "Löyly", url: "https://github.com/loyly" },
    maxNetworkRetries: options.maxNetworkRetries ?? 0,
    timeout: options.timeoutMs ?? 20_000,
    telemetry: false,
  };
  if (env.STRIPE_MODE === "emulator") {
    const url = new URL(env.STRIPE_EMULATOR_URL);
    config.protocol = url.protocol === "https:" ? "https" : "http";
    config.host = url.hostname;
    config.port = url.port || (url.protocol === "https:" ? "443" : "80");
  }
  return new Stripe(env.STRIPE_SECRET_KEY, config);
}
