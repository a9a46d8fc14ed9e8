/**
 * Reviews: after a completed stay (the lifecycle's `isReviewable`) the booking's customer
 * rates the sauna 1–5 and writes a review, once; the listing's host replies, once. "Once"
 * is the database's: a unique booking id on reviews, and a reply written only where none is.
 * The listing keeps the count and the sum of its ratings in the same transaction, so its
 * average rides along with every read of the listing.
 */
import type { Actor } from "@/lib/auth/actor";
import { isReviewable } from "@/lib/bookings/lifecycle";
import type { Db } from "@/lib/db";
import { Conflict, NotFound, ValidationError } from "@/lib/errors";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { isCleanText } from "@/lib/validation";
import { MAX_REPLY_LENGTH, MAX_REVIEW_LENGTH } from "./limits";

export { ratingSummary, type RatingSummary } from "./rating";

export const ALREADY_REVIEWED = "You have already reviewed this stay; a review can be written once.";
export const ALREADY_REPLIED = "You have already replied to this review; a reply can be written once.";
export const NOT_YET_REVIEWABLE = "You can review your stay once it is over and marked completed.";

function cleaned(value: string, max: number, field: string, empty: string): string {
  const trimmed = value.trim();
  if (!isCleanText(trimmed)) throw new ValidationError("Remove the control characters.", { [field]: ["Remove the control characters."] });
  if (trimmed.length === 0) throw new ValidationError(empty, { [field]: [empty] });
  if (trimmed.length > max) throw new ValidationError(`At most ${max} characters.`, { [field]: [`At most ${max} characters.`] });
  return trimmed;
}

const reviewSelect = {
  id: true,
  rating: true,
  body: true,
  createdAt: true,
  reply: true,
  repliedAt: true,
  author: { select: { name: true } },
} as const;

/** The review of one booking, for its pages (the caller has checked who may see the booking). */
export function reviewOfBooking(db: Db, bookingId: string) {
  return db.review.findUnique({ where: { bookingId }, select: reviewSelect });
}
export type BookingReview = NonNullable<Awaited<ReturnType<typeof reviewOfBooking>>>;

/** A listing's reviews, newest first (public). */
export async function listingReviews(db: Db, listingId: string, take = 20) {
  const rows = await db.review.findMany({
    where: { listingId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: reviewSelect,
  });
  // Only the first name of a reviewer is public.
  return rows.map(({ author, ...r }) => ({ ...r, authorName: author.name.split(/\s+/)[0] ?? author.name }));
}
export type ListingReview = Awaited<ReturnType<typeof listingReviews>>[number];

export async function createReview(
  db: PrismaClient,
  actor: Actor,
  input: { bookingId: string; rating: number; body: string; at: Date },
): Promise<{ reviewId: string; listingId: string; listingSlug: string }> {
  const booking = await db.booking.findUnique({
    where: { id: input.bookingId },
    select: { id: true, customerId: true, status: true, listingId: true, listing: { select: { slug: true } } },
  });
  if (!booking || actor.role !== "CUSTOMER" || booking.customerId !== actor.id) throw new NotFound("Booking");
  if (!isReviewable(booking.status)) throw new Conflict(NOT_YET_REVIEWABLE);
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) {
    throw new ValidationError("Choose a rating from 1 to 5 stars.", { rating: ["Choose a rating from 1 to 5 stars."] });
  }
  const body = cleaned(input.body, MAX_REVIEW_LENGTH, "review", "Write a few words about your stay.");
  try {
    const review = await db.$transaction(async (tx) => {
      const created = await tx.review.create({
        data: { bookingId: booking.id, listingId: booking.listingId, authorId: actor.id, rating: input.rating, body, createdAt: input.at },
        select: { id: true },
      });
      await tx.listing.update({
        where: { id: booking.listingId },
        data: { reviewCount: { increment: 1 }, ratingTotal: { increment: input.rating } },
      });
      return created;
    });
    return { reviewId: review.id, listingId: booking.listingId, listingSlug: booking.listing.slug };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new Conflict(ALREADY_REVIEWED);
    throw error;
  }
}

export async function replyToReview(
  db: Db,
  actor: Actor,
  input: { bookingId: string; reply: string; at: Date },
): Promise<{ listingId: string; listingSlug: string }> {
  const review = await db.review.findUnique({
    where: { bookingId: input.bookingId },
    select: { id: true, listingId: true, listing: { select: { providerId: true, slug: true } } },
  });
  if (!review || actor.role !== "PROVIDER" || review.listing.providerId !== actor.id) throw new NotFound("Review");
  const reply = cleaned(input.reply, MAX_REPLY_LENGTH, "reply", "Write your reply first.");
  // Compare-and-set: of two replies at once, one finds the reply still empty.
  const { count } = await db.review.updateMany({ where: { id: review.id, reply: null }, data: { reply, repliedAt: input.at } });
  if (count === 0) throw new Conflict(ALREADY_REPLIED);
  return { listingId: review.listingId, listingSlug: review.listing.slug };
}
