"use server";
import { revalidatePath } from "next/cache";
import { actionWithId } from "@/lib/actions";
import { prisma } from "@/lib/db";
import { activeSchema, setListingActive } from "@/lib/listings";
import { publicListingChanged } from "@/lib/listings/public-cache";

export const moderateListingAction = actionWithId(
  activeSchema,
  ({ id, input, user }) => setListingActive(prisma, user, id, input.active),
  {
    access: ["OPERATOR"],
    onSuccess: (listing) => {
      publicListingChanged(listing.id);
      revalidatePath("/admin/listings");
      revalidatePath(`/saunas/${listing.slug}`);
      return listing.active ? "Listing activated." : "Listing taken down: it is hidden, and its host cannot make it active again.";
    },
  },
);
