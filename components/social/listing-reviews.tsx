import type { RatingSummary } from "@/lib/reviews/rating";
import { RatingBadge } from "./rating";
import { ReviewItem, type ReviewView } from "./reviews";

/** The listing page's reviews, newest first, under the average. */
export function ListingReviews({ summary, reviews, hostName, timeZone }: { summary: RatingSummary; reviews: readonly ReviewView[]; hostName: string; timeZone: string }) {
  return (
    <section aria-labelledby="reviews-title" className="space-y-3">
      <h2 id="reviews-title" className="flex flex-wrap items-baseline gap-x-4 text-2xl font-semibold">
        Reviews <RatingBadge summary={summary} className="text-base font-normal" />
      </h2>
      {reviews.length === 0 ? (
        <p className="text-pine-700">No reviews yet. Guests can review the sauna after their stay.</p>
      ) : (
        <ol className="space-y-3">
          {reviews.map((r) => (
            <li key={r.id}>
              <ReviewItem review={r} hostName={hostName} timeZone={timeZone} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
