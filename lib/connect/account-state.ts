/**
 * What a host's connected account lets them do, read from our mirror of it (the
 * `connected_accounts` row, kept current by `account.updated`). Pure: no database, no Stripe.
 *
 * One reading, used everywhere: a listing takes booking requests, a host may accept one and
 * the charge engine may charge for it only when `canBePaid` says so (charges and payouts
 * enabled), and the "Get paid" page names the same state with what to do next.
 */
import type Stripe from "stripe";

/** The fields of the mirror, read from Stripe's Account object. */
export function factsFromAccount(account: Stripe.Account): AccountFacts {
  const req = account.requirements;
  const due = [...new Set([...(req?.currently_due ?? []), ...(req?.past_due ?? [])])];
  return {
    chargesEnabled: account.charges_enabled ?? false,
    payoutsEnabled: account.payouts_enabled ?? false,
    detailsSubmitted: account.details_submitted ?? false,
    requirementsDue: due,
    pendingVerification: req?.pending_verification ?? [],
    disabledReason: req?.disabled_reason ?? null,
    currentDeadline: req?.current_deadline ? new Date(req.current_deadline * 1000) : null,
  };
}

/** The fields of the mirror the state depends on. */
export interface AccountFacts {
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
  requirementsDue: readonly string[];
  pendingVerification: readonly string[];
  disabledReason: string | null;
  currentDeadline: Date | null;
}

export type AccountState =
  /** No connected account yet. */
  | "not_started"
  /** Onboarding not finished, or Stripe asks for more information before enabling it. */
  | "details_needed"
  /** Everything is submitted; Stripe is verifying it. */
  | "pending_verification"
  /** Charges and payouts enabled: the host's listings take requests. */
  | "enabled"
  /** It was enabled (details submitted) and Stripe has since disabled charges or payouts. */
  | "restricted";

/** Charges and payouts enabled: the only state in which a host's listings take requests. */
export function canBePaid(account: Pick<AccountFacts, "chargesEnabled" | "payoutsEnabled"> | null | undefined): boolean {
  return Boolean(account?.chargesEnabled && account.payoutsEnabled);
}

/** Whether a destination charge to this account may be made now (the charge engine's test). */
export function canBeCharged(account: Pick<AccountFacts, "chargesEnabled"> | null | undefined): boolean {
  return Boolean(account?.chargesEnabled);
}

export function accountState(account: AccountFacts | null | undefined): AccountState {
  if (!account) return "not_started";
  if (canBePaid(account)) return "enabled";
  if (!account.detailsSubmitted) return "details_needed";
  // Stripe disabled it for a reason other than waiting on its own checks: restricted.
  const disabledForCause = account.disabledReason !== null && account.disabledReason !== "requirements.pending_verification";
  if (account.requirementsDue.length > 0 || disabledForCause) return "restricted";
  return "pending_verification";
}

/** What the host reads about each state, and what to do next. */
export const ACCOUNT_STATE_TEXT: Record<AccountState, { label: string; next: string }> = {
  not_started: {
    label: "Not set up",
    next: "Set up payouts with Stripe to take booking requests. It takes a few minutes: your details and a bank account.",
  },
  details_needed: {
    label: "Details needed",
    next: "Stripe needs more details before you can be paid. Continue where you left off.",
  },
  pending_verification: {
    label: "Pending verification",
    next: "Stripe is checking your details. Nothing to do now; this page updates when it is done.",
  },
  enabled: {
    label: "Ready to be paid",
    next: "Your listings take booking requests and you are paid for each booking.",
  },
  restricted: {
    label: "Restricted",
    next: "Stripe has paused charges or payouts on your account. Update your details so your listings take requests again.",
  },
};

/** Why a listing does not take requests (null when it does). */
export function whyNotBookable(listing: { active: boolean }, account: AccountFacts | null | undefined): string | null {
  if (!listing.active) return "Hidden: you have taken it off the site.";
  if (canBePaid(account)) return null;
  const state = accountState(account);
  if (state === "pending_verification") return "Not taking requests yet: Stripe is verifying your payout details.";
  if (state === "restricted") return "Not taking requests: Stripe has restricted your payout account. See Get paid.";
  return "Not taking requests yet: set up how you get paid (Get paid).";
}

/** Stripe's requirement names in words (the common ones); others are shown as Stripe names them. */
export function describeRequirement(name: string): string {
  const known: Record<string, string> = {
    external_account: "a bank account for payouts",
    "business_profile.url": "your website or a description of your business",
    "business_profile.mcc": "your business category",
    business_type: "the type of business",
    "tos_acceptance.date": "acceptance of Stripe's terms",
    "tos_acceptance.ip": "acceptance of Stripe's terms",
    "individual.verification.document": "an identity document",
    "individual.id_number": "your personal ID number",
  };
  if (known[name]) return known[name];
  const field = name.replace(/^(individual|company|representative)\./, "").replace(/[._]/g, " ");
  return field;
}
