import type { RatingSummary } from "@/lib/reviews/rating";

/** "★ 4.7 (3 reviews)", read out as words. Nothing when there are no reviews, unless `empty` is given. */
export function RatingBadge({ summary, empty, className }: { summary: RatingSummary; empty?: string; className?: string }) {
  if (summary.average === null) return empty ? <span className={className}>{empty}</span> : null;
  const reviews = `${summary.count} review${summary.count === 1 ? "" : "s"}`;
  return (
    <span className={className} aria-label={`Rated ${summary.average.toFixed(1)} out of 5 from ${reviews}`} role="img">
      <span aria-hidden="true" className="text-ember-700">
        ★
      </span>{" "}
      <span className="font-semibold text-pine-900">{summary.average.toFixed(1)}</span> <span className="text-pine-700">({reviews})</span>
    </span>
  );
}

/** Five stars for one rating, with the number in words for screen readers. */
export function Stars({ rating }: { rating: number }) {
  return (
    <span role="img" aria-label={`${rating} out of 5 stars`} className="tracking-wider text-ember-700">
      {"★".repeat(rating)}
      <span className="text-pine-600">{"☆".repeat(5 - rating)}</span>
    </span>
  );
}
