import "server-only";
import { revalidatePath } from "next/cache";
import { publicListingChanged } from "@/lib/listings/public-cache";

/**
 * A new review or reply changes the listing page (reviews, average) and every list of
 * listing cards (the average and count on search results and the home page): the public
 * cache's tags of the listing and the lists, and the paths.
 */
export function revalidateListingReviews(listing: { listingId: string; listingSlug: string }): void {
  publicListingChanged(listing.listingId);
  revalidatePath(`/saunas/${listing.listingSlug}`);
  revalidatePath("/search");
  revalidatePath("/");
}
