import Image from "next/image";
import Link from "@/components/ui/link";
import type { ListingCard as Card } from "@/lib/listings";
import { formatMoney } from "@/lib/money";
import { RatingBadge } from "@/components/social/rating";
import { ratingSummary } from "@/lib/reviews/rating";

/**
 * How soon a card's photo is fetched: "high" for the card a phone shows first (its photo is
 * the page's largest paint there), "preload" for the rest of the first row on wider screens;
 * otherwise it loads lazily as it nears the screen.
 */
export type PhotoPriority = "high" | "preload";

export function ListingCard({ listing, href, photoPriority }: { listing: Card; href?: string; photoPriority?: PhotoPriority }) {
  const photo = listing.photos[0];
  return (
    <article className="group relative overflow-hidden rounded-2xl border border-birch-200 bg-white shadow-xs transition-shadow hover:shadow-md">
      <div className="relative aspect-[4/3] bg-birch-100">
        {photo ? (
          <Image
            src={photo.url}
            alt={photo.alt}
            fill
            sizes="(min-width: 1024px) 33vw, (min-width: 640px) 50vw, 100vw"
            className="object-cover"
            preload={photoPriority !== undefined}
            fetchPriority={photoPriority === "high" ? "high" : undefined}
          />
        ) : (
          <div className="flex h-full items-center justify-center text-sm text-pine-600">No photo yet</div>
        )}
      </div>
      <div className="space-y-1 p-4">
        <h3 className="text-lg font-semibold leading-snug">
          <Link href={href ?? `/saunas/${listing.slug}`} className="text-pine-900 no-underline after:absolute after:inset-0 group-hover:underline">
            {listing.title}
          </Link>
        </h3>
        <p className="flex flex-wrap items-center justify-between gap-2 text-sm text-pine-700">
          <span>{listing.city}</span>
          <RatingBadge summary={ratingSummary(listing)} />
        </p>
        <dl className="flex items-center justify-between pt-2 text-sm">
          <div>
            <dt className="sr-only">Price</dt>
            <dd>
              <span className="font-semibold text-pine-900">{formatMoney(listing.hourlyPrice, listing.currency)}</span>
              <span className="text-pine-600"> / hour</span>
            </dd>
          </div>
          <div>
            <dt className="sr-only">Capacity</dt>
            <dd className="text-pine-700">Up to {listing.capacity} guests</dd>
          </div>
        </dl>
      </div>
    </article>
  );
}

/**
 * The first `priorityCount` photos are preloaded, the first of them fetched first. `query`
 * ("?date=…&guests=…") goes with every link, so a listing opens on what was searched for.
 */
export function ListingGrid({ listings, priorityCount = 0, query = "" }: { listings: readonly Card[]; priorityCount?: number; query?: string }) {
  return (
    <ul className="grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
      {listings.map((listing, i) => (
        <li key={listing.id}>
          <ListingCard listing={listing} href={`/saunas/${listing.slug}${query}`} photoPriority={i >= priorityCount ? undefined : i === 0 ? "high" : "preload"} />
        </li>
      ))}
    </ul>
  );
}
