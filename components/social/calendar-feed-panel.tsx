"use client";
import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { fieldError, type FormState } from "@/lib/actions/form-state";

type Action = (state: FormState<{ url: string }>, formData: FormData) => Promise<FormState<{ url: string }>>;

/**
 * The host's private iCal feed: make its URL, or reset it (the old one stops working). The
 * URL is shown once, right after it is made; only a digest of its secret is kept.
 */
export function CalendarFeedPanel({ action, activeSince }: { action: Action; activeSince: string | null }) {
  const [state, formAction] = useActionState(action, null);
  const url = state?.ok ? state.data?.url : undefined;
  return (
    <section aria-labelledby="feed-title" className="mt-10 space-y-3 rounded-2xl border border-birch-200 bg-white p-5">
      <h2 id="feed-title" className="text-xl font-semibold">
        Calendar feed
      </h2>
      <p className="text-sm text-pine-700">
        Subscribe to your accepted, paid and completed bookings in Google Calendar, Apple Calendar or Outlook with a private
        address. Anyone with the address can read the times and your guests&apos; names, so keep it to yourself.
      </p>
      <p className="text-sm text-pine-800">
        {activeSince ? `Your feed has been active since ${activeSince}. Lost the address, or shared it by mistake? Reset it: the old address stops working.` : "You have no feed address yet."}
      </p>
      <form action={formAction} className="space-y-3">
        <div className="space-y-1">
          <label className="flex items-start gap-2 text-sm text-pine-800">
            <input
              type="checkbox"
              name="confirm"
              required
              className="mt-1"
              aria-invalid={fieldError(state, "confirm") ? true : undefined}
              aria-describedby={fieldError(state, "confirm") ? "field-confirm-error" : undefined}
            />
            <span>{activeSince ? "I understand that my current feed address stops working." : "I will keep the feed address to myself."}</span>
          </label>
          {fieldError(state, "confirm") ? (
            <p id="field-confirm-error" className="text-sm font-medium text-ember-700">
              {fieldError(state, "confirm")}
            </p>
          ) : null}
        </div>
        <SubmitButton variant="secondary" pendingText="Making the address…">
          {activeSince ? "Reset the feed address" : "Create a feed address"}
        </SubmitButton>
        <FormMessage state={state} />
      </form>
      {url ? (
        <div className="space-y-1">
          <label htmlFor="feed-url" className="block text-sm font-medium text-pine-800">
            Your private feed address
          </label>
          <input id="feed-url" readOnly value={url} onFocus={(e) => e.currentTarget.select()} className="block w-full rounded-lg border border-birch-300 bg-birch-50 px-3 py-2 font-mono text-sm" />
        </div>
      ) : null}
    </section>
  );
}
