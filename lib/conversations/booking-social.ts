/**
 * What a booking page needs of the conversation and the review, read for an actor who may
 * see the booking (its customer, its host, an operator); anyone else gets NotFound.
 */
import type { Actor } from "@/lib/auth/actor";
import { isReviewable, type BookingStatus } from "@/lib/bookings/lifecycle";
import type { Db } from "@/lib/db";
import { reviewOfBooking } from "@/lib/reviews/reviews";
import { listMessages } from "./messages";

export async function bookingSocial(db: Db, actor: Actor, booking: { id: string; status: BookingStatus }) {
  const [messages, review] = await Promise.all([listMessages(db, actor, booking.id), reviewOfBooking(db, booking.id)]);
  return {
    messages,
    review: review ? { ...review, authorName: review.author.name } : null,
    reviewable: isReviewable(booking.status),
  };
}
