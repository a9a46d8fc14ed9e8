import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { ActionButton } from "@/components/ui/action-button";
import { Badge, PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";
import { ACCOUNT_STATE_TEXT, accountState, describeRequirement, whyNotBookable, type AccountState } from "@/lib/connect/account-state";
import { connectedAccountOf } from "@/lib/connect/accounts";
import { appContext } from "@/lib/context";
import { prisma } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { isDomainError } from "@/lib/errors";
import { formatInstant } from "@/lib/time";
import { refreshAccount } from "@/lib/use-cases/get-paid";
import { openStripeDashboardAction, startOnboardingAction } from "./actions";

export const metadata: Metadata = { title: "Get paid" };

const TONE: Record<AccountState, "good" | "warn" | "neutral"> = {
  not_started: "warn",
  details_needed: "warn",
  pending_verification: "neutral",
  enabled: "good",
  restricted: "warn",
};

const BUTTON: Record<AccountState, string | null> = {
  not_started: "Set up payouts with Stripe",
  details_needed: "Continue with Stripe",
  pending_verification: null,
  enabled: null,
  restricted: "Update your details with Stripe",
};

/** Löyly's saunas are in Finland: deadlines are shown in its time. */
const TIME_ZONE = "Europe/Helsinki";

export default async function GetPaidPage({ searchParams }: { searchParams: Promise<{ from?: string; expired?: string }> }) {
  const user = await requireRole("PROVIDER");
  const { from, expired } = await searchParams;
  // Back from Stripe: read the account now rather than wait for the webhook.
  let refreshProblem: string | null = null;
  let account = await connectedAccountOf(prisma, user.id);
  if (from === "stripe" && account) {
    try {
      account = await refreshAccount(appContext(), user);
    } catch (error) {
      console.error("[get-paid] reading the account back from Stripe failed:", error);
      refreshProblem = isDomainError(error) ? error.message : "Stripe could not be reached just now; this page shows what we knew before. Reload it in a minute.";
    }
  }
  const state = accountState(account);
  const text = ACCOUNT_STATE_TEXT[state];
  const button = BUTTON[state];
  const listings = await prisma.listing.findMany({ where: { providerId: user.id }, select: { id: true, title: true, active: true }, orderBy: { title: "asc" } });
  const feePercent = getEnv().PLATFORM_FEE_BPS / 100;

  return (
    <>
      <PageHeader title="Get paid" description="How Löyly pays you for your bookings, through Stripe." />

      {expired ? (
        <p role="status" className="mb-6 rounded-lg bg-ember-50 px-4 py-3 text-pine-900">
          That setup link had expired (they last a few minutes). Continue below for a new one; what you entered is kept.
        </p>
      ) : null}
      {refreshProblem ? (
        <p role="alert" className="mb-6 rounded-lg bg-ember-50 px-4 py-3 text-pine-900">
          {refreshProblem}
        </p>
      ) : null}

      <section aria-labelledby="payout-status" className="space-y-4 rounded-2xl border border-birch-200 bg-white p-6">
        <div className="flex flex-wrap items-center gap-3">
          <h2 id="payout-status" className="text-xl font-semibold">
            Payouts
          </h2>
          <Badge tone={TONE[state]}>{text.label}</Badge>
        </div>
        <p className="text-pine-800">{text.next}</p>

        {account && account.requirementsDue.length > 0 ? (
          <div>
            <h3 className="font-semibold">Stripe needs</h3>
            <ul className="list-inside list-disc text-pine-800">
              {account.requirementsDue.map((r) => (
                <li key={r}>{describeRequirement(r)}</li>
              ))}
            </ul>
            {account.currentDeadline ? (
              <p className="mt-1 text-sm text-pine-700">Before {formatInstant(account.currentDeadline, TIME_ZONE)}, or Stripe pauses payments to you.</p>
            ) : null}
          </div>
        ) : null}
        {account && account.pendingVerification.length > 0 ? (
          <p className="text-sm text-pine-700">Being verified: {account.pendingVerification.map(describeRequirement).join(", ")}.</p>
        ) : null}

        <div className="flex flex-wrap items-start gap-3">
          {button ? (
            <ActionButton action={startOnboardingAction} variant="primary" pendingText="Opening Stripe…">
              {button}
            </ActionButton>
          ) : null}
          {state === "pending_verification" ? (
            <Link href="/provider/get-paid?from=stripe" className="self-center">
              Check again
            </Link>
          ) : null}
          {account?.detailsSubmitted ? (
            <ActionButton action={openStripeDashboardAction} variant="secondary" pendingText="Opening Stripe…">
              Open your Stripe dashboard
            </ActionButton>
          ) : null}
        </div>
        <p className="text-sm text-pine-700">
          Stripe, our payments partner, collects your details and bank account on its own secure pages; Löyly never sees your bank details or ID.
        </p>
      </section>

      <section aria-labelledby="your-listings" className="mt-8 space-y-3">
        <h2 id="your-listings" className="text-xl font-semibold">
          Your listings
        </h2>
        {listings.length === 0 ? (
          <p className="text-pine-800">
            You have no listings yet. <Link href="/provider/listings/new">Create one</Link>: it takes requests once you can be paid.
          </p>
        ) : (
          <ul className="divide-y divide-birch-200 rounded-2xl border border-birch-200 bg-white">
            {listings.map((listing) => {
              const why = whyNotBookable(listing, account);
              return (
                <li key={listing.id} className="flex flex-wrap items-center justify-between gap-2 p-4">
                  <Link href={`/provider/listings/${listing.id}`} className="font-medium">
                    {listing.title}
                  </Link>
                  {why ? <span className="text-sm text-ember-700">{why}</span> : <Badge tone="good">Taking requests</Badge>}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="how-paid" className="mt-8 space-y-2 text-pine-800">
        <h2 id="how-paid" className="text-xl font-semibold text-pine-900">
          How you are paid
        </h2>
        <p>
          When a booking is charged, you receive its price (hours × your hourly price) in your Stripe balance; Löyly keeps only the service fee the customer pays on top
          ({feePercent} % of the price).
        </p>
        <p>If a booking is refunded, your share is given back in the same proportion as the refund.</p>
      </section>
    </>
  );
}
