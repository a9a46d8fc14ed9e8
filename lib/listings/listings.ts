/**
 * Listings: the domain functions pages, actions and tests call. Each takes an injectable
 * Prisma client and, for writes, the acting user. Only the provider who owns a listing
 * may change it; operators may take any listing down and make it active again.
 */
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { now } from "@/lib/clock";
import { canBePaid } from "@/lib/connect/account-state";
import { NotAllowed, NotFound, ValidationError } from "@/lib/errors";
import { dbDateToLocalDate, formatLocalDate, isoWeekday, localDateToDbDate, todayIn, type LocalDate } from "@/lib/time";
import { validateOpeningPlan, type OpeningSlot } from "./opening-hours";
import type { ListingDetails, SearchCriteria } from "./schemas";
import { uniqueSlug } from "./slug";

export const MAX_PHOTOS = 8;

const cardSelect = {
  id: true,
  slug: true,
  title: true,
  city: true,
  hourlyPrice: true,
  currency: true,
  capacity: true,
  reviewCount: true,
  ratingTotal: true,
  photos: { orderBy: { position: "asc" }, take: 1, select: { url: true, alt: true } },
} satisfies Prisma.ListingSelect;

export type ListingCard = {
  id: string;
  slug: string;
  title: string;
  city: string;
  hourlyPrice: number;
  currency: string;
  capacity: number;
  /** Reviews and the sum of their ratings (lib/reviews: `ratingSummary`). */
  reviewCount: number;
  ratingTotal: number;
  photos: { url: string; alt: string }[];
};

const fullInclude = {
  photos: { orderBy: { position: "asc" } },
  openingHours: { orderBy: [{ weekday: "asc" }, { opensAt: "asc" }] },
  blockedDates: { orderBy: { date: "asc" } },
  provider: { select: { id: true, name: true, connectedAccount: { select: { chargesEnabled: true, payoutsEnabled: true } } } },
} satisfies Prisma.ListingInclude;

/**
 * Listings that take booking requests: active, and their host can be paid (charges and
 * payouts enabled on the host's connected account). Search and the front page show only these.
 */
export const BOOKABLE_LISTING_WHERE = {
  active: true,
  provider: { connectedAccount: { is: { chargesEnabled: true, payoutsEnabled: true } } },
} satisfies Prisma.ListingWhereInput;

/** Whether a listing (with its host's account) takes booking requests now. */
export function takesRequests(listing: { active: boolean; provider: { connectedAccount: { chargesEnabled: boolean; payoutsEnabled: boolean } | null } }): boolean {
  return listing.active && canBePaid(listing.provider.connectedAccount);
}

// ---------------------------------------------------------------- reading

/** Active listings matching city (case-insensitive), guests ≤ capacity, open and not blocked on date. */
export async function searchListings(db: Db, criteria: SearchCriteria): Promise<ListingCard[]> {
  const { city, date, guests } = criteria;
  return db.listing.findMany({
    where: {
      ...BOOKABLE_LISTING_WHERE,
      ...(city ? { city: { equals: city, mode: "insensitive" } } : {}),
      ...(guests ? { capacity: { gte: guests } } : {}),
      ...(date
        ? {
            openingHours: { some: { weekday: isoWeekday(date) } },
            blockedDates: { none: { date: localDateToDbDate(date) } },
          }
        : {}),
    },
    orderBy: [{ city: "asc" }, { title: "asc" }],
    select: cardSelect,
    take: 100,
  });
}

export async function featuredListings(db: Db, count = 6): Promise<ListingCard[]> {
  return db.listing.findMany({
    where: { ...BOOKABLE_LISTING_WHERE, photos: { some: {} } },
    orderBy: [{ createdAt: "asc" }],
    select: cardSelect,
    take: count,
  });
}

/** Cities with listings that take requests, for the search select. */
export async function listingCities(db: Db): Promise<string[]> {
  const rows = await db.listing.findMany({
    where: BOOKABLE_LISTING_WHERE,
    distinct: ["city"],
    select: { city: true },
    orderBy: { city: "asc" },
  });
  return rows.map((r) => r.city);
}

/**
 * A listing with everything its public page shows — no check of who asks: not the arrival
 * notes, which only a paid booking shows (lib/bookings). `activeOnly` for what anybody may see.
 */
export async function findListingBySlug(db: Db, slug: string, { activeOnly = false }: { activeOnly?: boolean } = {}) {
  const listing = await db.listing.findFirst({
    where: { slug, ...(activeOnly ? { active: true } : {}) },
    include: fullInclude,
    omit: { arrivalNotes: true },
  });
  if (!listing) return null;
  return { ...listing, blockedDates: listing.blockedDates.map((b) => ({ ...b, day: dbDateToLocalDate(b.date) })) };
}

/** Inactive listings are visible only to their provider and operators. */
export function canViewListing(listing: { active: boolean; providerId: string }, viewer: Actor | null): boolean {
  return listing.active || (viewer !== null && (viewer.role === "OPERATOR" || viewer.id === listing.providerId));
}

/** A public listing page. Inactive listings are visible only to their provider and operators. */
export async function getListingBySlugOrThrow(db: Db, slug: string, viewer: Actor | null = null) {
  const listing = await findListingBySlug(db, slug);
  if (!listing || !canViewListing(listing, viewer)) throw new NotFound("Sauna");
  return listing;
}
export type ListingDetail = NonNullable<Awaited<ReturnType<typeof findListingBySlug>>>;

/** A listing its owner is about to edit. Another provider gets NotFound (no existence leak). */
export async function getOwnListingOrThrow(db: Db, actor: Actor, listingId: string) {
  const listing = await db.listing.findUnique({ where: { id: listingId }, include: fullInclude });
  if (!listing || listing.providerId !== actor.id || actor.role !== "PROVIDER") throw new NotFound("Listing");
  return { ...listing, blockedDates: listing.blockedDates.map((b) => ({ ...b, day: dbDateToLocalDate(b.date) })) };
}
export type OwnListing = Awaited<ReturnType<typeof getOwnListingOrThrow>>;

export async function listProviderListings(db: Db, actor: Actor) {
  if (actor.role !== "PROVIDER") throw new NotAllowed("Only providers have listings.");
  return db.listing.findMany({
    where: { providerId: actor.id },
    orderBy: [{ active: "desc" }, { title: "asc" }],
    select: { ...cardSelect, active: true, _count: { select: { bookings: true } } },
  });
}

export async function listAllListings(db: Db, actor: Actor) {
  if (actor.role !== "OPERATOR") throw new NotAllowed("Only operators can see all listings.");
  return db.listing.findMany({
    orderBy: [{ active: "desc" }, { city: "asc" }, { title: "asc" }],
    select: { ...cardSelect, active: true, takenDownAt: true, provider: { select: { id: true, name: true, email: true } } },
  });
}

// ---------------------------------------------------------------- ownership

/** Loads the listing and checks that the actor is its provider; throws NotAllowed otherwise. */
async function requireOwnership(db: Db, actor: Actor, listingId: string) {
  const listing = await db.listing.findUnique({ where: { id: listingId }, select: { id: true, providerId: true, timeZone: true } });
  if (!listing) throw new NotFound("Listing");
  if (actor.role !== "PROVIDER" || listing.providerId !== actor.id) {
    throw new NotAllowed("Only the provider who owns this listing can change it.");
  }
  return listing;
}

// ---------------------------------------------------------------- writing

export async function createListing(
  db: Db,
  actor: Actor,
  details: ListingDetails,
  openingHours: readonly OpeningSlot[] = [],
) {
  if (actor.role !== "PROVIDER") throw new NotAllowed("Only providers can create listings.");
  const plan = validateOpeningPlan(openingHours);
  const slug = await uniqueSlug(`${details.title} ${details.city}`, async (candidate) =>
    Boolean(await db.listing.findUnique({ where: { slug: candidate }, select: { id: true } })),
  );
  return db.listing.create({
    data: {
      ...details,
      slug,
      providerId: actor.id,
      openingHours: { create: plan.map(({ weekday, opensAt, closesAt }) => ({ weekday, opensAt, closesAt })) },
    },
    select: { id: true, slug: true },
  });
}

export async function updateListing(db: Db, actor: Actor, listingId: string, details: ListingDetails) {
  await requireOwnership(db, actor, listingId);
  return db.listing.update({ where: { id: listingId }, data: details, select: { id: true, slug: true } });
}

/** Replaces the weekly plan in one statement batch (delete + create in a transaction by the caller or here). */
export async function replaceOpeningHours(db: Db, actor: Actor, listingId: string, slots: readonly OpeningSlot[]) {
  await requireOwnership(db, actor, listingId);
  const plan = validateOpeningPlan(slots);
  await db.listing.update({
    where: { id: listingId },
    data: {
      openingHours: {
        deleteMany: {},
        create: plan.map(({ weekday, opensAt, closesAt }) => ({ weekday, opensAt, closesAt })),
      },
    },
  });
  return plan;
}

const TAKEN_DOWN_MESSAGE = "An operator has taken this listing down, so only an operator can make it active again: write to Löyly's support to have it reviewed.";

/**
 * Owners switch their listing on and off. An operator switching one off takes it down
 * (moderation): the owner can no longer switch it on, until an operator does.
 */
export async function setListingActive(db: Db, actor: Actor, listingId: string, active: boolean, at: Date = now()) {
  const listing = await db.listing.findUnique({ where: { id: listingId }, select: { providerId: true } });
  if (!listing) throw new NotFound("Listing");
  const select = { id: true, slug: true, active: true, takenDownAt: true } as const;
  if (actor.role === "OPERATOR") {
    return db.listing.update({ where: { id: listingId }, data: { active, takenDownAt: active ? null : at }, select });
  }
  if (actor.role !== "PROVIDER" || listing.providerId !== actor.id) throw new NotAllowed("Only the owner or an operator can do that.");
  // The take-down is checked in the write itself, so one made a moment ago is not undone.
  const { count } = await db.listing.updateMany({ where: { id: listingId, ...(active ? { takenDownAt: null } : {}) }, data: { active } });
  if (count === 0) throw new ValidationError(TAKEN_DOWN_MESSAGE);
  return db.listing.findUniqueOrThrow({ where: { id: listingId }, select });
}

export async function addBlockedDate(db: Db, actor: Actor, listingId: string, date: LocalDate, reason?: string, at: Date = now()) {
  const { timeZone } = await requireOwnership(db, actor, listingId);
  const today = todayIn(timeZone, at);
  if (date < today) {
    const message = `Choose today (${formatLocalDate(today)}) or a later date: days that have passed need no blocking.`;
    throw new ValidationError(message, { date: [message] });
  }
  const day = localDateToDbDate(date);
  const existing = await db.availabilityException.findUnique({
    where: { listingId_date: { listingId, date: day } },
    select: { id: true },
  });
  if (existing) throw new ValidationError("That date is already blocked.", { date: ["That date is already blocked."] });
  return db.availabilityException.create({ data: { listingId, date: day, reason: reason ?? null } });
}

export async function removeBlockedDate(db: Db, actor: Actor, listingId: string, blockedDateId: string) {
  await requireOwnership(db, actor, listingId);
  const { count } = await db.availabilityException.deleteMany({ where: { id: blockedDateId, listingId } });
  if (count === 0) throw new NotFound("Blocked date");
}

/**
 * Holds the listing's row until the transaction ends, so photo changes of one listing run
 * one after the other: two uploads at once cannot both pass the count or take one position.
 */
async function lockListing(tx: Prisma.TransactionClient, listingId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM listings WHERE id = ${listingId} FOR UPDATE`;
}

/** Adds a photo at the end; refused past MAX_PHOTOS. */
export async function addPhoto(db: PrismaClient, actor: Actor, listingId: string, photo: { url: string; alt: string }) {
  return db.$transaction(async (tx) => {
    await lockListing(tx, listingId);
    await requireOwnership(tx, actor, listingId);
    const { _count, _max } = await tx.listingPhoto.aggregate({ where: { listingId }, _count: true, _max: { position: true } });
    if (_count >= MAX_PHOTOS) {
      throw new ValidationError(`A listing can have at most ${MAX_PHOTOS} photos.`, {
        photo: [`Remove a photo first: at most ${MAX_PHOTOS}.`],
      });
    }
    // After the last one: removals leave gaps, so the count could be a position in use.
    const position = _max.position === null ? 0 : _max.position + 1;
    return tx.listingPhoto.create({ data: { listingId, url: photo.url, alt: photo.alt, position } });
  });
}

/** Removes a photo; returns its URL so the caller can delete an uploaded file. */
export async function removePhoto(db: Db, actor: Actor, listingId: string, photoId: string): Promise<string> {
  await requireOwnership(db, actor, listingId);
  const photo = await db.listingPhoto.findFirst({ where: { id: photoId, listingId }, select: { url: true } });
  if (!photo) throw new NotFound("Photo");
  await db.listingPhoto.delete({ where: { id: photoId } });
  return photo.url;
}

/** Moves a photo to the front (the card and first picture of the page), renumbering all in one go. */
export async function makeCoverPhoto(db: PrismaClient, actor: Actor, listingId: string, photoId: string) {
  await db.$transaction(async (tx) => {
    await lockListing(tx, listingId);
    await requireOwnership(tx, actor, listingId);
    const photos = await tx.listingPhoto.findMany({ where: { listingId }, orderBy: { position: "asc" }, select: { id: true } });
    if (!photos.some((p) => p.id === photoId)) throw new NotFound("Photo");
    const order = [photoId, ...photos.map((p) => p.id).filter((id) => id !== photoId)];
    for (const [position, id] of order.entries()) {
      await tx.listingPhoto.update({ where: { id }, data: { position } });
    }
  });
}
