"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actionWithId } from "@/lib/actions";
import { answerSchema } from "@/lib/bookings/schemas";
import { appContext } from "@/lib/context";
import { acceptRequest, declineRequest } from "@/lib/use-cases/answer-request";

/** Accepts a request; inside the charge lead window the use case charges the card at once. */
export const acceptBookingRequest = actionWithId(answerSchema, ({ user, id, input }) => acceptRequest(appContext(), user, { bookingId: id, message: input.message }), {
  access: ["PROVIDER"],
  onSuccess: () => {
    revalidatePath("/provider/bookings");
    // The answered request leaves the inbox (and its form with it): confirm at page level.
    redirect("/provider/requests?answered=accepted");
  },
});

export const declineBookingRequest = actionWithId(answerSchema, ({ user, id, input }) => declineRequest(appContext(), user, { bookingId: id, message: input.message }), {
  access: ["PROVIDER"],
  onSuccess: () => {
    revalidatePath("/provider/bookings");
    redirect("/provider/requests?answered=declined");
  },
});
