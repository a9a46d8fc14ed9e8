/** A listing's average rating, from the count and sum kept on the listing (pure: safe anywhere). */
export interface RatingSummary {
  count: number;
  /** The mean rating to one decimal, or null with no reviews. */
  average: number | null;
}

/** From the listing's kept count and sum. */
export function ratingSummary(listing: { reviewCount: number; ratingTotal: number }): RatingSummary {
  if (listing.reviewCount <= 0) return { count: 0, average: null };
  return { count: listing.reviewCount, average: Math.round((listing.ratingTotal / listing.reviewCount) * 10) / 10 };
}
