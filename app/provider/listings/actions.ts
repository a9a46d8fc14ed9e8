"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action, actionWithId } from "@/lib/actions";
import { prisma } from "@/lib/db";
import {
  activeSchema,
  addBlockedDate,
  addPhoto,
  blockedDateSchema,
  bundledPhotoSchema,
  createListing,
  getOwnListingOrThrow,
  listingDetailsSchema,
  makeCoverPhoto,
  newListingSchema,
  openingHoursFormSchema,
  photoUploadSchema,
  removeBlockedDate,
  removePhoto,
  replaceOpeningHours,
  setListingActive,
  updateListing,
} from "@/lib/listings";
import { publicListingChanged } from "@/lib/listings/public-cache";
import { bundledPictures } from "@/lib/listings/bundled-pictures";
import { deleteUpload, storeListingPhoto } from "@/lib/listings/uploads";
import { photoStorage } from "@/lib/listings/photo-storage";
import { ValidationError } from "@/lib/errors";
import { idSchema } from "@/lib/validation";

const PROVIDER = ["PROVIDER"] as const;

function refresh(listing: { id: string; slug: string }) {
  publicListingChanged(listing.id);
  revalidatePath(`/provider/listings/${listing.id}`);
  revalidatePath("/provider/listings");
  revalidatePath(`/saunas/${listing.slug}`);
}

async function slugOf(id: string) {
  const listing = await prisma.listing.findUnique({ where: { id }, select: { id: true, slug: true } });
  return listing ?? { id, slug: "" };
}

export const createListingAction = action(
  newListingSchema,
  ({ input, user }) => createListing(prisma, user, input.details, input.openingHours),
  {
    access: PROVIDER,
    onSuccess: (listing) => {
      publicListingChanged(listing.id);
      revalidatePath("/provider/listings");
      redirect(`/provider/listings/${listing.id}?created=1`);
    },
  },
);

export const updateListingAction = actionWithId(
  listingDetailsSchema,
  ({ id, input, user }) => updateListing(prisma, user, id, input),
  {
    access: PROVIDER,
    onSuccess: (listing) => {
      refresh(listing);
      return "Listing details saved.";
    },
  },
);

export const saveOpeningHoursAction = actionWithId(
  openingHoursFormSchema,
  ({ id, input, user }) => replaceOpeningHours(prisma, user, id, input),
  {
    access: PROVIDER,
    onSuccess: async (_plan, { id }) => {
      refresh(await slugOf(id));
      return "Opening hours saved.";
    },
  },
);

export const addBlockedDateAction = actionWithId(
  blockedDateSchema,
  ({ id, input, user }) => addBlockedDate(prisma, user, id, input.date, input.reason),
  {
    access: PROVIDER,
    onSuccess: async (_row, { id }) => {
      refresh(await slugOf(id));
      return "Date blocked.";
    },
  },
);

export const removeBlockedDateAction = actionWithId(
  z.object({ blockedDateId: idSchema }),
  ({ id, input, user }) => removeBlockedDate(prisma, user, id, input.blockedDateId),
  {
    access: PROVIDER,
    onSuccess: async (_r, { id }) => {
      refresh(await slugOf(id));
      return "Date unblocked.";
    },
  },
);

export const uploadPhotoAction = actionWithId(
  photoUploadSchema,
  async ({ id, input, user }) => {
    const listing = await getOwnListingOrThrow(prisma, user, id); // before anything touches the disk
    const url = await storeListingPhoto(photoStorage(), listing.id, input.photo);
    try {
      return await addPhoto(prisma, user, id, { url, alt: input.alt || `${listing.title}, ${listing.city}` });
    } catch (error) {
      await deleteUpload(photoStorage(), url);
      throw error;
    }
  },
  {
    access: PROVIDER,
    onSuccess: async (_p, { id }) => {
      refresh(await slugOf(id));
      return "Photo uploaded.";
    },
  },
);

export const addBundledPhotoAction = actionWithId(
  bundledPhotoSchema,
  async ({ id, input, user }) => {
    const listing = await getOwnListingOrThrow(prisma, user, id);
    if (!(await bundledPictures()).some((picture) => picture.url === input.url)) {
      throw new ValidationError("Choose one of the bundled pictures.", { url: ["Choose one of the bundled pictures."] });
    }
    return addPhoto(prisma, user, id, { url: input.url, alt: input.alt || `${listing.title}, ${listing.city}` });
  },
  {
    access: PROVIDER,
    onSuccess: async (_p, { id }) => {
      refresh(await slugOf(id));
      return "Picture added.";
    },
  },
);

export const removePhotoAction = actionWithId(
  z.object({ photoId: idSchema }),
  async ({ id, input, user }) => {
    const url = await removePhoto(prisma, user, id, input.photoId);
    await deleteUpload(photoStorage(), url);
  },
  {
    access: PROVIDER,
    onSuccess: async (_r, { id }) => {
      refresh(await slugOf(id));
      return "Photo removed.";
    },
  },
);

export const makeCoverPhotoAction = actionWithId(
  z.object({ photoId: idSchema }),
  ({ id, input, user }) => makeCoverPhoto(prisma, user, id, input.photoId),
  {
    access: PROVIDER,
    onSuccess: async (_r, { id }) => {
      refresh(await slugOf(id));
      return "Cover photo changed.";
    },
  },
);

export const setListingActiveAction = actionWithId(
  activeSchema,
  ({ id, input, user }) => setListingActive(prisma, user, id, input.active),
  {
    access: PROVIDER,
    onSuccess: (listing) => {
      refresh(listing);
      return listing.active ? "The listing is active again." : "The listing is deactivated.";
    },
  },
);
