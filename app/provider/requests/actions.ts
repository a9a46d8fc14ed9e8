"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actionWithId } from "@/lib/actions";
import { BookingMovedOn } from "@/lib/bookings/conflicts";
import { answerSchema } from "@/lib/bookings/schemas";
import { appContext } from "@/lib/context";
import { acceptRequest, declineRequest } from "@/lib/use-cases/answer-request";

/**
 * A request answered, cancelled or expired meanwhile is a normal outcome: the inbox reloads
 * (the request has left it, and its form with it) and says at page level what the request
 * is now. Every other refusal stays the form's message.
 */
async function orMovedOn<T>(answer: () => Promise<T>): Promise<{ answered: T } | { movedOn: string }> {
  try {
    return { answered: await answer() };
  } catch (error) {
    if (error instanceof BookingMovedOn) return { movedOn: error.bookingId };
    throw error;
  }
}

function afterAnswer(result: { movedOn: string } | object, answered: "accepted" | "declined"): never {
  revalidatePath("/provider/bookings");
  if ("movedOn" in result) redirect(`/provider/requests?moved=${encodeURIComponent(result.movedOn)}`);
  // The answered request leaves the inbox (and its form with it): confirm at page level.
  redirect(`/provider/requests?answered=${answered}`);
}

/** Accepts a request; inside the charge lead window the use case charges the card at once. */
export const acceptBookingRequest = actionWithId(
  answerSchema,
  ({ user, id, input }) => orMovedOn(() => acceptRequest(appContext(), user, { bookingId: id, message: input.message })),
  { access: ["PROVIDER"], onSuccess: (result) => afterAnswer(result, "accepted") },
);

export const declineBookingRequest = actionWithId(
  answerSchema,
  ({ user, id, input }) => orMovedOn(() => declineRequest(appContext(), user, { bookingId: id, message: input.message })),
  { access: ["PROVIDER"], onSuccess: (result) => afterAnswer(result, "declined") },
);
