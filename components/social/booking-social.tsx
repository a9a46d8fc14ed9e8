import type { FormState } from "@/lib/actions/form-state";
import type { ConversationMessage, Side } from "@/lib/conversations/messages";
import { Conversation } from "./conversation";
import { ReplyForm, ReviewForm } from "./review-form";
import { ReviewItem, type ReviewView } from "./reviews";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/**
 * What a booking page shows of its conversation and review, for the customer, the host or an
 * operator (read-only): the sections of a booking that belong to both sides.
 */
export function BookingSocial({
  viewer,
  timeZone,
  listingTitle,
  customerName,
  hostName,
  messages,
  review,
  reviewable,
  sendMessage,
  submitReview,
  submitReply,
}: {
  viewer: Side | null;
  timeZone: string;
  listingTitle: string;
  customerName: string;
  hostName: string;
  messages: readonly ConversationMessage[];
  review: ReviewView | null;
  /** The stay is completed: the customer may review it (if not done yet). */
  reviewable: boolean;
  sendMessage?: Action;
  submitReview?: Action;
  submitReply?: Action;
}) {
  const otherName = viewer === "customer" ? hostName : customerName;
  const showReview = review !== null || (viewer === "customer" && reviewable);
  return (
    <>
      {showReview ? (
        <section aria-labelledby="review-title" className="space-y-3">
          <h2 id="review-title" className="text-xl font-semibold">
            Review
          </h2>
          {review ? (
            <ReviewItem review={review} hostName={hostName} timeZone={timeZone} />
          ) : submitReview ? (
            <ReviewForm action={submitReview} listingTitle={listingTitle} />
          ) : null}
          {review && !review.reply && viewer === "host" && submitReply ? <ReplyForm action={submitReply} /> : null}
        </section>
      ) : null}
      <Conversation messages={messages} viewer={viewer} timeZone={timeZone} otherName={otherName} action={sendMessage} />
    </>
  );
}

/** The "Add to calendar" link: the booking as an .ics file. */
export function AddToCalendar({ bookingId }: { bookingId: string }) {
  return (
    <a
      href={`/bookings/${bookingId}/calendar`}
      download
      className="inline-flex w-full items-center justify-center gap-2 rounded-lg border border-birch-300 bg-white px-4 py-2 text-sm font-semibold text-pine-800 no-underline hover:bg-birch-100"
    >
      Add to calendar (.ics)
    </a>
  );
}
