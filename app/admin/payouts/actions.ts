"use server";
/**
 * Operator actions on one booking's payout (bound to the booking's id): hold it, or release
 * it now. Operators only (the safe-action wrapper and the use case both check), with a
 * reason that goes on the booking's timeline.
 */
import { revalidatePath } from "next/cache";
import { actionWithId } from "@/lib/actions";
import { operatorReasonSchema } from "@/lib/admin/schemas";
import { appContext } from "@/lib/context";
import { holdBookingPayout, releaseBookingPayoutNow } from "@/lib/use-cases/payouts";

const OPERATOR = ["OPERATOR"] as const;

const refresh = (id: string) => {
  revalidatePath("/admin/payouts");
  revalidatePath(`/admin/bookings/${id}`);
};

export const holdPayoutAction = actionWithId(
  operatorReasonSchema,
  ({ id, input, user }) => holdBookingPayout(appContext(), user, { bookingId: id, reason: input.reason }),
  {
    access: OPERATOR,
    onSuccess: (_r, { id }) => {
      refresh(id);
      return "The payout is on hold: it is not paid out until you release it.";
    },
  },
);

export const releasePayoutAction = actionWithId(
  operatorReasonSchema,
  ({ id, input, user }) => releaseBookingPayoutNow(appContext(), user, { bookingId: id, reason: input.reason }),
  {
    access: OPERATOR,
    onSuccess: (r, { id }) => {
      refresh(id);
      if (r.paidOut) return "Paid out now: the money is on its way to the host's bank.";
      if (r.counts.refused > 0) return "Stripe refused the payout (see the failed payouts); it stays due and is tried again by the next pass.";
      if (r.counts.unknown > 0) return "Stripe did not answer; the next pass finishes the payout with the same idempotency key.";
      if (r.counts.reversed > 0) return "Nothing to pay: the host's share was refunded in full.";
      return "Released: it is paid out as soon as the host's Stripe balance covers it (funds still pending, or money owed after a refund).";
    },
  },
);
