/**
 * The public pages' listing data (home, search, a listing page), cached with Next's
 * `"use cache"` and tagged, so a page view costs no database query for what is the same for
 * everybody. What depends on the viewer or on bookings is never in here: the header's
 * account menu, whether an inactive listing may be shown, and the taken times of the
 * booking widget are read per request.
 *
 * Tags: `PUBLIC_LISTINGS_TAG` for everything that lists listings (featured, search, cities,
 * a slug nobody has yet) and `listingTag(id)` for one listing's page. Every write to a
 * listing, its photos, opening hours, blocked dates or active flag calls
 * `publicListingChanged(id)` from the server action that made it (app/provider/listings,
 * app/admin/listings), which expires both at once in this instance, and empties the
 * cached HTML of the public pages (lib/http/public-html-cache.ts).
 *
 * The cache lives in each instance's memory. Every render of a public page reads at the
 * database's version of the public pages, which every change moves (proxy.ts tells the render,
 * lib/http/public-html-cache.ts follows the version): the entries are keyed by that version,
 * so another instance's change is in the next render, cached HTML and signed-in views alike.
 * Elsewhere (none of the public pages' paths) the key is "" and another instance's change
 * shows when the entry is revalidated, at most `PUBLIC_LISTING_LIFE.revalidate` seconds later.
 *
 * Next.js gives every `"use cache"` function a server reference id, as it does a server
 * action; proxy.ts refuses a request that calls one (lib/actions/references.ts). Even so,
 * nothing in here returns what a visitor may not see.
 */
import { cacheLife, cacheTag, revalidateTag, updateTag } from "next/cache";
import { headers } from "next/headers";
import { prisma, type Db } from "@/lib/db";
import { forgetPublicPages, VERSION_HEADER } from "@/lib/http/public-html-cache";
import { featuredListings, findListingBySlug, listingCities, searchListings, type ListingCard, type ListingDetail } from "./listings";
import type { SearchCriteria } from "./schemas";

export const PUBLIC_LISTINGS_TAG = "public-listings";
export const listingTag = (listingId: string) => `listing:${listingId}`;

/** Seconds: served from the cache while fresh, refreshed in the background after `revalidate`. */
export const PUBLIC_LISTING_LIFE = { stale: 30, revalidate: 60, expire: 3600 } as const;

/**
 * The version this render reads at: the public pages' version for a render of one of those
 * pages (proxy.ts sets the header, replacing any a client sent), else "".
 */
async function readVersion(): Promise<string> {
  return (await headers()).get(VERSION_HEADER) ?? "";
}

export async function cachedFeaturedListings(count: number): Promise<ListingCard[]> {
  return featuredListingsAt(await readVersion(), count);
}

async function featuredListingsAt(_version: string, count: number): Promise<ListingCard[]> {
  "use cache";
  cacheTag(PUBLIC_LISTINGS_TAG);
  cacheLife(PUBLIC_LISTING_LIFE);
  return featuredListings(prisma, count);
}

export async function cachedListingCities(): Promise<string[]> {
  return listingCitiesAt(await readVersion());
}

async function listingCitiesAt(_version: string): Promise<string[]> {
  "use cache";
  cacheTag(PUBLIC_LISTINGS_TAG);
  cacheLife(PUBLIC_LISTING_LIFE);
  return listingCities(prisma);
}

export async function cachedSearchListings(criteria: SearchCriteria): Promise<ListingCard[]> {
  return searchListingsAt(await readVersion(), criteria);
}

async function searchListingsAt(_version: string, criteria: SearchCriteria): Promise<ListingCard[]> {
  "use cache";
  cacheTag(PUBLIC_LISTINGS_TAG);
  cacheLife(PUBLIC_LISTING_LIFE);
  return searchListings(prisma, criteria);
}

/**
 * An active listing by slug, what its public page shows (null when there is none): an
 * inactive one is for its host and operators only, and the page reads it per request.
 */
export async function cachedListingBySlug(slug: string): Promise<ListingDetail | null> {
  return listingBySlugAt(await readVersion(), slug);
}

async function listingBySlugAt(_version: string, slug: string): Promise<ListingDetail | null> {
  "use cache";
  cacheLife(PUBLIC_LISTING_LIFE);
  const listing = await findListingBySlug(prisma, slug, { activeOnly: true });
  // A listing created with this slug later, or made active again, expires the "none" answer
  // with the lists.
  cacheTag(listing ? listingTag(listing.id) : PUBLIC_LISTINGS_TAG);
  return listing;
}

/** Called by every server action that changes a listing: its page and every list expire now. */
export function publicListingChanged(listingId: string): void {
  updateTag(listingTag(listingId));
  updateTag(PUBLIC_LISTINGS_TAG);
  forgetPublicPages();
}

/**
 * Outside a server action (a webhook's route handler): whether a host can be paid decides
 * whether their listings are shown and take requests, so a change to their connected account
 * expires their listings' pages and every list, without serving the stale answer again.
 */
export async function hostListingsChanged(db: Db, hostId: string): Promise<void> {
  forgetPublicPages();
  const listings = await db.listing.findMany({ where: { providerId: hostId }, select: { id: true } });
  try {
    for (const { id } of listings) revalidateTag(listingTag(id), { expire: 0 });
    revalidateTag(PUBLIC_LISTINGS_TAG, { expire: 0 });
  } catch (error) {
    // Outside a Next.js request (the scheduler, scripts, tests) there is no page cache to expire.
    if (!(error instanceof Error && error.message.startsWith("Invariant: static generation store missing"))) throw error;
  }
}
