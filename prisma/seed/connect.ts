/**
 * The demo hosts' Stripe connected accounts, made the way Get paid makes them (through the
 * gateway) and onboarded in the emulator with a test bank account (Stripe's successful
 * Finnish test IBAN) and its control API, then mirrored from Stripe: they can be paid. The
 * hosts in DEMO_HOSTS_NOT_ONBOARDED are left without one, to show onboarding.
 */
import type Stripe from "stripe";
import type { Actor } from "@/lib/auth/actor";
import { HOST_ACCOUNT_COUNTRY, mirrorAccount } from "@/lib/connect/accounts";
import { createContext } from "@/lib/context";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { StripeGate } from "@/lib/stripe/rate-limit";
import type { DemoStripe } from "./bookings";
import { DEMO_HOSTS_NOT_ONBOARDED, DEMO_USERS } from "./data";

/** Stripe's documented successful test IBAN for Finland. */
export const TEST_IBAN_FI = "FI2112345600000785";

export async function onboardDemoHosts(db: PrismaClient, demo: DemoStripe, users: ReadonlyMap<string, Actor>): Promise<number> {
  const ctx = createContext({ db, stripe: demo.stripe, gate: new StripeGate({ perSecond: null, concurrency: 4 }) });
  let onboarded = 0;
  for (const host of DEMO_USERS.filter((u) => u.role === "PROVIDER" && !DEMO_HOSTS_NOT_ONBOARDED.includes(u.key))) {
    const user = users.get(host.key);
    if (!user) throw new Error(`Seed: no user for demo host ${host.key}`);
    const account = await ctx.stripe.createConnectedAccount({ userId: user.id, email: host.email, country: HOST_ACCOUNT_COUNTRY });
    await demo.stripe.accounts.update(account.id, {
      external_account: { object: "bank_account", country: "FI", currency: "eur", account_number: TEST_IBAN_FI },
    } as Stripe.AccountUpdateParams);
    await demo.control.completeOnboarding(account.id);
    await db.connectedAccount.create({ data: { userId: user.id, stripeAccountId: account.id } });
    const result = await mirrorAccount(ctx, await ctx.stripe.retrieveAccount(account.id));
    if (result.kind !== "updated" || !result.isPayable) throw new Error(`Seed: demo host ${host.key} could not be onboarded in the emulator`);
    onboarded++;
  }
  return onboarded;
}
