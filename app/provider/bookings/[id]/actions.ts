"use server";
import { revalidatePath } from "next/cache";
import { actionWithId } from "@/lib/actions";
import { appContext } from "@/lib/context";
import { messageSchema } from "@/lib/conversations/schemas";
import { replySchema } from "@/lib/reviews/schemas";
import { sendMessage } from "@/lib/use-cases/send-message";
import { writeReply } from "@/lib/use-cases/reviews";
import { revalidateListingReviews } from "@/app/(marketing)/saunas/[slug]/revalidate-reviews";

/** The host writes to the customer in the booking's conversation. */
export const sendHostMessage = actionWithId(messageSchema, ({ user, id, input }) => sendMessage(appContext(), user, { bookingId: id, body: input.message }), {
  access: ["PROVIDER"],
  onSuccess: (_result, { id }) => {
    revalidatePath(`/provider/bookings/${id}`);
    return "Message sent.";
  },
});

/** The host answers the booking's review, once. */
export const replyToReviewAction = actionWithId(replySchema, ({ user, id, input }) => writeReply(appContext(), user, { bookingId: id, reply: input.reply }), {
  access: ["PROVIDER"],
  onSuccess: (result, { id }) => {
    revalidatePath(`/provider/bookings/${id}`);
    revalidateListingReviews(result);
    return "Your reply is published under the review.";
  },
});
