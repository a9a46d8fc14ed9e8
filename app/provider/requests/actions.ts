"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actionWithId } from "@/lib/actions";
import { acceptRequest, declineRequest } from "@/lib/bookings/provider";
import { answerSchema } from "@/lib/bookings/schemas";
import { chargeBookingIfDue } from "@/lib/payments/charge";

/**
 * Accepts a request. When the booking is already inside the charge lead window the card is
 * charged at once, after the accept transition committed (issue 5's charge engine); a failed
 * charge does not undo the acceptance — the booking moves by the failure rules.
 */
export const acceptBookingRequest = actionWithId(
  answerSchema,
  async ({ user, id, input }) => {
    const accepted = await acceptRequest(user, { bookingId: id, message: input.message });
    if (accepted.chargeDue) {
      try {
        await chargeBookingIfDue(accepted.bookingId);
      } catch (error) {
        // The scheduled pass retries due charges; the acceptance stands either way.
        console.error(`[accept] charging ${accepted.bookingId} at once failed:`, error);
      }
    }
    return accepted;
  },
  {
    access: ["PROVIDER"],
    onSuccess: () => {
      revalidatePath("/provider/bookings");
      // The answered request leaves the inbox (and its form with it): confirm at page level.
      redirect("/provider/requests?answered=accepted");
    },
  },
);

export const declineBookingRequest = actionWithId(answerSchema, ({ user, id, input }) => declineRequest(user, { bookingId: id, message: input.message }), {
  access: ["PROVIDER"],
  onSuccess: () => {
    revalidatePath("/provider/bookings");
    redirect("/provider/requests?answered=declined");
  },
});
