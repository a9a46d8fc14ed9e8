/**
 * The one context every use case and domain function of Löyly takes as its first argument:
 * the database, the Stripe gateway, the clock, mail settings and the configured policies.
 * The app uses `appContext()` (the Prisma singleton, one gateway shared by the cron pass,
 * accept actions and pay-now, the app clock, the env); tests and benchmarks build their own
 * with `createContext({...})`.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type Stripe from "stripe";
import type { CancellationPolicy } from "@/lib/bookings/cancellation-policy";
import type { LifecyclePolicy } from "@/lib/bookings/lifecycle";
import { lifecyclePolicy } from "@/lib/bookings/policy";
import { appClock, type Clock } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { appUrl, getEnv, type Env } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "@/lib/payments/retry-policy";
import { createStripe } from "@/lib/stripe/client";
import { StripeGateway, type GatewayOptions } from "@/lib/stripe/gateway";
import { StripeGate, TokenBucket, type RateLimiter } from "@/lib/stripe/rate-limit";
import { SharedRateLimit } from "@/lib/stripe/shared-rate-limit";

export interface MailSettings {
  /** False turns every email off (the benchmark measures charging, not mail). */
  enabled: boolean;
  /** Absolute links for emails. */
  link: (pathname: string) => string;
  operatorEmail: string;
}

export interface Ctx {
  /** The root client: domain functions open their own short transactions. */
  db: PrismaClient;
  stripe: StripeGateway;
  clock: Clock;
  mail: MailSettings;
  lifecycle: LifecyclePolicy;
  retry: RetryPolicy;
  /** The platform fee in basis points of the subtotal. */
  feeBps: number;
  /** A booking's money is paid out to its host this many days after the booking ends. */
  payoutDelayDays: number;
  /** The cancellation policy of listings whose host chose none (DEFAULT_CANCELLATION_POLICY). */
  defaultCancellationPolicy: CancellationPolicy;
  /** VAT included in prices, basis points (VAT_RATE_BPS), for receipts. */
  vatBps: number;
  /** Who holds a charge claim: unique per process (host/pid/random). */
  workerId: string;
  /** How long a claim is held before reconciliation may take it over. */
  leaseMs: number;
}

export const DEFAULT_LEASE_MS = 5 * 60_000;
export const DEFAULT_STRIPE_CONCURRENCY = 16;

export function newWorkerId(): string {
  return `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
}

export interface ContextOptions extends GatewayOptions, Partial<Omit<Ctx, "db" | "stripe" | "mail">> {
  db: PrismaClient;
  /** A gateway, or an SDK client to wrap in one (with the gate/retry options given). */
  stripe: StripeGateway | Stripe;
  mail?: Partial<MailSettings>;
}

/** A context with sensible defaults for everything not given. */
export function createContext(options: ContextOptions): Ctx {
  const env = getEnv();
  const { db, stripe, mail, gate, transientRetries, rateLimitRetries, sleep, ...rest } = options;
  const gateway =
    stripe instanceof StripeGateway
      ? stripe
      : new StripeGateway(stripe, {
          gate: gate ?? new StripeGate({ limiter: configuredRateLimit(db, env), concurrency: DEFAULT_STRIPE_CONCURRENCY }),
          transientRetries,
          rateLimitRetries,
          sleep,
        });
  return {
    db,
    stripe: gateway,
    clock: appClock,
    lifecycle: lifecyclePolicy(env),
    retry: DEFAULT_RETRY_POLICY,
    feeBps: env.PLATFORM_FEE_BPS,
    payoutDelayDays: env.PAYOUT_DELAY_DAYS,
    defaultCancellationPolicy: env.DEFAULT_CANCELLATION_POLICY,
    vatBps: env.VAT_RATE_BPS,
    workerId: newWorkerId(),
    leaseMs: DEFAULT_LEASE_MS,
    ...rest,
    mail: {
      enabled: true,
      link: (pathname) => appUrl(pathname, env),
      operatorEmail: env.OPERATOR_EMAIL,
      ...mail,
    },
  };
}

/**
 * The configured Stripe rate: shared by every instance through PostgreSQL (the default), or
 * a bucket in this process (STRIPE_RATE_LIMIT_SCOPE=instance: then give each instance its share).
 */
export function configuredRateLimit(db: PrismaClient, env: Pick<Env, "STRIPE_RATE_LIMIT_PER_SECOND" | "STRIPE_RATE_LIMIT_SCOPE">): RateLimiter {
  return env.STRIPE_RATE_LIMIT_SCOPE === "shared"
    ? new SharedRateLimit(db, { perSecond: env.STRIPE_RATE_LIMIT_PER_SECOND })
    : new TokenBucket({ perSecond: env.STRIPE_RATE_LIMIT_PER_SECOND });
}

const globalForContext = globalThis as typeof globalThis & { __loylyContext?: Ctx };

/** The process's context: one gateway (and so one rate limit) for everything it does. */
export function appContext(): Ctx {
  globalForContext.__loylyContext ??= createContext({ db: prisma, stripe: createStripe() });
  return globalForContext.__loylyContext;
}
