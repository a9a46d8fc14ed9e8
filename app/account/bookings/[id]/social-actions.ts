"use server";
import { revalidatePath } from "next/cache";
import { actionWithId } from "@/lib/actions";
import { appContext } from "@/lib/context";
import { messageSchema } from "@/lib/conversations/schemas";
import { reviewSchema } from "@/lib/reviews/schemas";
import { sendMessage } from "@/lib/use-cases/send-message";
import { writeReview } from "@/lib/use-cases/reviews";
import { revalidateListingReviews } from "@/app/(marketing)/saunas/[slug]/revalidate-reviews";

/** The customer writes to the host in the booking's conversation. */
export const sendCustomerMessage = actionWithId(messageSchema, ({ user, id, input }) => sendMessage(appContext(), user, { bookingId: id, body: input.message }), {
  access: ["CUSTOMER"],
  onSuccess: (_result, { id }) => {
    revalidatePath(`/account/bookings/${id}`);
    return "Message sent.";
  },
});

/** The customer rates and reviews a completed stay, once. */
export const submitReview = actionWithId(reviewSchema, ({ user, id, input }) => writeReview(appContext(), user, { bookingId: id, rating: input.rating, body: input.review }), {
  access: ["CUSTOMER"],
  onSuccess: (result, { id }) => {
    revalidatePath(`/account/bookings/${id}`);
    revalidateListingReviews(result);
    return "Thank you! Your review is published on the listing page.";
  },
});
