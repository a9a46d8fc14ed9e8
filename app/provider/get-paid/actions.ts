"use server";
import { redirect } from "next/navigation";
import { action, noFields } from "@/lib/actions";
import { appContext } from "@/lib/context";
import { appUrl } from "@/lib/env";
import { expressDashboardLink, startOnboarding } from "@/lib/use-cases/get-paid";

/**
 * Sends the host to Stripe's hosted onboarding with a fresh Account Link (created on every
 * press: links are single-use and expire within minutes). Stripe sends them back to Get paid:
 * `from=stripe` when they finished or left, `expired=1` when the link had expired.
 */
export const startOnboardingAction = action(
  noFields,
  ({ user }) =>
    startOnboarding(appContext(), user, {
      returnUrl: appUrl("/provider/get-paid?from=stripe"),
      refreshUrl: appUrl("/provider/get-paid?expired=1"),
    }),
  { access: ["PROVIDER"], onSuccess: ({ url }) => redirect(url) },
);

/** The host's Stripe Express dashboard (a single-use login link). */
export const openStripeDashboardAction = action(noFields, ({ user }) => expressDashboardLink(appContext(), user), {
  access: ["PROVIDER"],
  onSuccess: ({ url }) => redirect(url),
});
