/**
 * What the charge engine, the webhook handlers, the pay-now domain and the scheduled pass
 * need from the outside world, as one injectable object. The app uses `paymentDeps()`
 * (the Prisma singleton, the one Stripe client, the test clock, the env's rate limit);
 * tests and the benchmark build their own with `createPaymentDeps({...})`.
 */
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { now as clockNow } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { appUrl, getEnv } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry-policy";
import { StripeGate } from "./rate-limit";
import { getStripe } from "./stripe";

export interface PaymentDeps {
  /** The root client: the engine opens its own short transactions. */
  db: PrismaClient;
  stripe: Stripe;
  now: () => Date;
  retry: RetryPolicy;
  /** Every Stripe call of the engine goes through it (concurrency + rate). */
  gate: StripeGate;
  /** Who holds a claim: unique per process (host/pid/random). */
  workerId: string;
  /** How long a claim is held before reconciliation may take it over. */
  leaseMs: number;
  /** Re-sends of one request after a transient failure (429, 5xx, network), same idempotency key. */
  transientRetries: number;
  /** Waits between those re-sends (injectable so tests do not sleep). */
  sleep: (ms: number) => Promise<void>;
  /** Absolute links for emails. */
  link: (pathname: string) => string;
  operatorEmail: string;
  /** False turns every email off (the benchmark measures charging, not mail). */
  emails: boolean;
}

export const DEFAULT_LEASE_MS = 5 * 60_000;
export const DEFAULT_STRIPE_CONCURRENCY = 16;

export function newWorkerId(): string {
  return `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Deps with sensible defaults for everything not given. */
export function createPaymentDeps(overrides: Partial<PaymentDeps> & Pick<PaymentDeps, "db" | "stripe">): PaymentDeps {
  const env = getEnv();
  return {
    now: clockNow,
    retry: DEFAULT_RETRY_POLICY,
    gate: new StripeGate({ perSecond: env.STRIPE_RATE_LIMIT_PER_SECOND, concurrency: DEFAULT_STRIPE_CONCURRENCY }),
    workerId: newWorkerId(),
    leaseMs: DEFAULT_LEASE_MS,
    transientRetries: 3,
    sleep,
    link: (pathname) => appUrl(pathname, env),
    operatorEmail: env.OPERATOR_EMAIL,
    emails: true,
    ...overrides,
  };
}

const globalForDeps = globalThis as typeof globalThis & { __loylyPaymentDeps?: PaymentDeps };

/** The process's deps: one gate shared by the cron pass, accept actions and pay-now. */
export function paymentDeps(): PaymentDeps {
  globalForDeps.__loylyPaymentDeps ??= createPaymentDeps({ db: prisma, stripe: getStripe() });
  return globalForDeps.__loylyPaymentDeps;
}
