import "server-only";
import { revalidatePath } from "next/cache";

/**
 * A new review or reply changes the listing page (reviews, average) and every list of
 * listing cards (the average and count on search results and the home page).
 */
export function revalidateListingReviews(slug: string): void {
  revalidatePath(`/saunas/${slug}`);
  revalidatePath("/search");
  revalidatePath("/");
}
