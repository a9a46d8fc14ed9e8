import type { Metadata } from "next";
import Image from "next/image";
import { notFound } from "next/navigation";
import { isPlausibleSlug } from "@/lib/validation";
import { cache } from "react";
import { OpeningHoursTable } from "@/components/listings/opening-hours-table";
import { BookingWidget } from "@/components/bookings/booking-widget";
import { CancellationPolicySummary } from "@/components/bookings/cancellation-policy-summary";
import { effectivePolicy } from "@/lib/bookings/cancellation-policy";
import { getEnv } from "@/lib/env";
import { Badge } from "@/components/ui/page-header";
import { getCurrentUser } from "@/lib/auth";
import { now } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { canViewListing, findListingBySlug, takesRequests, type ListingDetail } from "@/lib/listings";
import { BOOKING_HORIZON_DAYS } from "@/lib/listings/pricing";
import { cachedListingBySlug } from "@/lib/listings/public-cache";
import { formatMoney } from "@/lib/money";
import { addDays, formatLocalDate, formatTimeOfDay, isoWeekday, todayIn } from "@/lib/time";
import { takenRangesOn } from "@/lib/bookings/availability";
import { isLocalDate, parseTimeOfDay } from "@/lib/time";
import { quotePrice } from "./actions";
import { takenSlots } from "./booking-actions";
import { ListingReviews } from "@/components/social/listing-reviews";
import { RatingBadge } from "@/components/social/rating";
import { ratingSummary } from "@/lib/reviews/rating";
import { listingReviews } from "@/lib/reviews/reviews";
import { firstFreeRange, overlapsAny, toMinutes } from "@/components/bookings/slot-choice";

type Params = { params: Promise<{ slug: string }> };
type PageProps = Params & { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** A selection carried back from the payment step ("Change the time"), when it is well-formed. */
function carriedSelection(query: Record<string, string | string[] | undefined>) {
  const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);
  const date = one(query.date);
  const start = one(query.start);
  const end = one(query.end);
  const guests = one(query.guests);
  return {
    date: date && isLocalDate(date) ? date : undefined,
    start: start && parseTimeOfDay(start) !== null ? start : undefined,
    end: end && parseTimeOfDay(end) !== null ? end : undefined,
    guests: guests && /^\d{1,2}$/.test(guests) ? guests : undefined,
  };
}

const loadListing = cache(async (slug: string): Promise<ListingDetail> => {
  if (!isPlausibleSlug(slug)) notFound(); // e.g. /saunas/%00: not a slug of ours
  // An active listing comes from the public cache; an inactive one is read for its host and
  // operators only.
  const listing = (await cachedListingBySlug(slug)) ?? (await inactiveListingFor(slug));
  if (!listing) notFound();
  return listing;
});

async function inactiveListingFor(slug: string): Promise<ListingDetail | null> {
  const viewer = await getCurrentUser();
  if (!viewer) return null;
  const listing = await findListingBySlug(prisma, slug);
  return listing && canViewListing(listing, viewer) ? listing : null;
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const listing = await loadListing((await params).slug);
  return { title: `${listing.title}, ${listing.city}`, description: listing.description.slice(0, 160) };
}

/** Half-hour steps across the listing's opening hours, for the calculator's selects. */
function timeChoices(listing: ListingDetail) {
  const opens = Math.min(...listing.openingHours.map((s) => s.opensAt), 16 * 60);
  const closes = Math.max(...listing.openingHours.map((s) => s.closesAt), 22 * 60);
  const times: string[] = [];
  for (let m = Math.floor(opens / 30) * 30; m <= closes; m += 30) times.push(formatTimeOfDay(m));
  return { startTimes: times.slice(0, -1), endTimes: times.slice(1) };
}

/** The next date from today the sauna is open and not blocked (for the calculator default). */
function nextOpenDate(listing: ListingDetail, today: string): string {
  const blocked = new Set(listing.blockedDates.map((b) => b.day));
  for (let i = 1; i <= 60; i++) {
    const date = addDays(today, i);
    if (!blocked.has(date) && listing.openingHours.some((s) => s.weekday === isoWeekday(date))) return date;
  }
  return addDays(today, 1);
}

export default async function ListingPage({ params, searchParams }: PageProps) {
  const listing = await loadListing((await params).slug);
  const carried = carriedSelection(await searchParams);
  const today = todayIn(listing.timeZone, now());
  const [cover, ...more] = listing.photos;
  const rating = ratingSummary(listing);
  const reviews = await listingReviews(prisma, listing.id);
  const upcomingBlocked = listing.blockedDates.filter((b) => b.day >= today).slice(0, 10);
  const quote = quotePrice.bind(null, listing.id);
  const defaultDate = nextOpenDate(listing, today);
  const firstSlot = listing.openingHours.find((s) => s.weekday === isoWeekday(defaultDate));
  const defaultStart = firstSlot?.opensAt ?? 17 * 60;
  const defaultEnd = Math.min(defaultStart + listing.minHours * 60, firstSlot?.closesAt ?? 24 * 60);
  const chosen = {
    date: carried.date ?? defaultDate,
    start: carried.start ?? formatTimeOfDay(defaultStart),
    end: carried.end ?? formatTimeOfDay(defaultEnd),
    guests: carried.guests ?? "2",
  };
  const choices = timeChoices(listing);
  const initialTaken = listing.active ? await takenRangesOn(prisma, listing, chosen.date) : [];
  // The default time is never a taken one: the first free range of the minimum length instead.
  const free =
    !carried.start && overlapsAny(initialTaken, toMinutes(chosen.start), toMinutes(chosen.end))
      ? firstFreeRange(initialTaken, choices.startTimes, choices.endTimes, listing.minHours, chosen.start)
      : null;
  const initial = free ? { ...chosen, ...free } : chosen;

  return (
    <article className="space-y-10 pb-20 lg:pb-0" aria-labelledby="listing-title">
      <header className="space-y-2">
        <p className="text-sm font-medium uppercase tracking-widest text-pine-600">{listing.city}</p>
        <h1 id="listing-title" className="text-4xl font-semibold tracking-tight">
          {listing.title}
        </h1>
        <p className="text-pine-700">
          <span className="font-semibold text-pine-900">{formatMoney(listing.hourlyPrice, listing.currency)}</span> per hour · up
          to {listing.capacity} guests · minimum {listing.minHours} h
          {rating.average !== null ? (
            <>
              {" · "}
              <a href="#reviews-title" className="no-underline hover:underline">
                <RatingBadge summary={rating} />
              </a>
            </>
          ) : null}
          {!listing.active ? (
            <>
              {" "}
              <Badge tone="warn">Inactive — only you can see this page</Badge>
            </>
          ) : null}
        </p>
      </header>

      {cover ? (
        <section aria-label="Photos" className="grid gap-3 md:grid-cols-3">
          <div className="relative aspect-[16/10] overflow-hidden rounded-2xl bg-birch-100 md:col-span-2 md:row-span-2">
            <Image src={cover.url} alt={cover.alt} fill preload fetchPriority="high" sizes="(min-width: 768px) 66vw, 100vw" className="object-cover" />
          </div>
          {more.slice(0, 4).map((photo) => (
            <div key={photo.id} className="relative aspect-[16/10] overflow-hidden rounded-2xl bg-birch-100">
              <Image src={photo.url} alt={photo.alt} fill sizes="(min-width: 768px) 33vw, 100vw" className="object-cover" />
            </div>
          ))}
        </section>
      ) : null}

      <div className="grid gap-10 lg:grid-cols-[1fr_22rem]">
        <div className="space-y-10">
          <section aria-labelledby="about-title" className="space-y-3">
            <h2 id="about-title" className="text-2xl font-semibold">
              About this sauna
            </h2>
            {listing.description.split(/\n{2,}/).map((paragraph, i) => (
              <p key={i} className="leading-relaxed text-pine-800">
                {paragraph}
              </p>
            ))}
            <p className="text-sm text-pine-600">Hosted by {listing.provider.name}</p>
          </section>

          <section aria-labelledby="location-title" className="space-y-2">
            <h2 id="location-title" className="text-2xl font-semibold">
              Location
            </h2>
            <address className="not-italic text-pine-800">
              {listing.address}
              <br />
              {listing.city}, Finland
            </address>
            <p className="text-sm text-pine-600">The exact entrance and parking are shared when your booking is confirmed.</p>
          </section>

          <section aria-labelledby="hours-title" className="space-y-3">
            <h2 id="hours-title" className="text-2xl font-semibold">
              Opening hours
            </h2>
            <OpeningHoursTable slots={listing.openingHours} timeZone={listing.timeZone} />
            {upcomingBlocked.length > 0 ? (
              <div className="text-sm text-pine-700">
                <h3 className="font-semibold">Closed on</h3>
                <ul className="mt-1 list-inside list-disc">
                  {upcomingBlocked.map((b) => (
                    <li key={b.id}>
                      {formatLocalDate(b.day)}
                      {b.reason ? ` — ${b.reason}` : ""}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </section>

          <CancellationPolicySummary policy={effectivePolicy(null, listing.cancellationPolicy, getEnv().DEFAULT_CANCELLATION_POLICY)} />
          <ListingReviews summary={rating} reviews={reviews} hostName={listing.provider.name} timeZone={listing.timeZone} />
        </div>

        <aside aria-label="Price" className="h-fit rounded-2xl border border-birch-200 bg-white p-5 shadow-xs lg:sticky lg:top-6">
          {takesRequests(listing) ? (
            <BookingWidget
              slug={listing.slug}
              quote={quote}
              takenSlots={takenSlots.bind(null, listing.id)}
              capacity={listing.capacity}
              minHours={listing.minHours}
              minDate={today}
              maxDate={addDays(today, BOOKING_HORIZON_DAYS)}
              initial={initial}
              initialTaken={initialTaken}
              priceLine={`${formatMoney(listing.hourlyPrice, listing.currency)} per hour · minimum ${listing.minHours} h`}
              {...choices}
            />
          ) : (
            <p className="text-pine-700">
              {listing.active
                ? "This sauna is not taking booking requests yet: its host is still setting up how they get paid."
                : "This sauna is not taking bookings at the moment."}
            </p>
          )}
        </aside>
      </div>
    </article>
  );
}
