import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { isPlausibleId } from "@/lib/validation";
import { BlockedDates } from "@/components/provider/blocked-dates";
import { ListingForm } from "@/components/provider/listing-form";
import { OpeningHoursForm } from "@/components/provider/opening-hours-form";
import { PhotoManager } from "@/components/provider/photo-manager";
import { ActionButton } from "@/components/ui/action-button";
import { Badge, PageHeader } from "@/components/ui/page-header";
import { getEnv } from "@/lib/env";
import { requireRole } from "@/lib/auth";
import { now } from "@/lib/clock";
import { whyNotBookable } from "@/lib/connect/account-state";
import { connectedAccountOf } from "@/lib/connect/accounts";
import { prisma } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { MAX_PHOTOS, getOwnListingOrThrow } from "@/lib/listings";
import { bundledPictures } from "@/lib/listings/bundled-pictures";
import { minorDigits, toDecimalString } from "@/lib/money";
import { formatInstant, formatLocalDate, supportedTimeZones, todayIn } from "@/lib/time";
import {
  addBlockedDateAction,
  addBundledPhotoAction,
  makeCoverPhotoAction,
  removeBlockedDateAction,
  removePhotoAction,
  saveOpeningHoursAction,
  setListingActiveAction,
  updateListingAction,
  uploadPhotoAction,
} from "../actions";

export const metadata: Metadata = { title: "Edit listing" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ created?: string }> };

export default async function EditListingPage({ params, searchParams }: Props) {
  const user = await requireRole("PROVIDER");
  const { id } = await params;
  if (!isPlausibleId(id)) notFound();
  const { created } = await searchParams;
  const listing = await getOwnListingOrThrow(prisma, user, id).catch((error: unknown) => {
    if (error instanceof NotFound) notFound();
    throw error;
  });
  const today = todayIn(listing.timeZone, now());
  const pictures = await bundledPictures();
  const notBookable = listing.active ? whyNotBookable(listing, await connectedAccountOf(prisma, user.id)) : null;

  return (
    <div className="space-y-12">
      <PageHeader
        title={listing.title}
        description={
          <>
            {listing.active ? <Badge tone="good">Active</Badge> : <Badge tone="warn">Inactive</Badge>}{" "}
            <Link href={`/saunas/${listing.slug}`}>View the public page</Link> ·{" "}
            <Link href={`/provider/listings/${listing.id}/calendar`}>Calendar</Link>
          </>
        }
      />
      {notBookable ? (
        <p role="status" className="rounded-lg bg-ember-50 px-3 py-2 text-pine-900">
          {notBookable} <Link href="/provider/get-paid">Go to Get paid</Link>
        </p>
      ) : null}
      {created ? (
        <p role="status" className="rounded-lg bg-pine-500/10 px-3 py-2 font-medium text-pine-800">
          Listing created. Add photos and blocked dates below.
        </p>
      ) : null}

      <section aria-labelledby="details-title" className="space-y-4">
        <h2 id="details-title" className="text-2xl font-semibold">
          Details
        </h2>
        <ListingForm
          action={updateListingAction.bind(null, listing.id)}
          submitLabel="Save details"
          timeZones={supportedTimeZones()}
          initial={{
            title: listing.title,
            description: listing.description,
            city: listing.city,
            address: listing.address,
            arrivalNotes: listing.arrivalNotes ?? "",
            timeZone: listing.timeZone,
            currency: listing.currency,
            price: toDecimalString(listing.hourlyPrice, minorDigits(listing.currency)),
            capacity: String(listing.capacity),
            minHours: String(listing.minHours),
            cancellationPolicy: listing.cancellationPolicy ?? "",
          }}
          defaultPolicy={getEnv().DEFAULT_CANCELLATION_POLICY}
        />
      </section>

      <section aria-labelledby="photos-title" className="space-y-4">
        <h2 id="photos-title" className="text-2xl font-semibold">
          Photos
        </h2>
        <PhotoManager
          photos={listing.photos}
          pictures={pictures}
          maxPhotos={MAX_PHOTOS}
          upload={uploadPhotoAction.bind(null, listing.id)}
          addBundled={addBundledPhotoAction.bind(null, listing.id)}
          remove={removePhotoAction.bind(null, listing.id)}
          makeCover={makeCoverPhotoAction.bind(null, listing.id)}
        />
      </section>

      <section aria-labelledby="hours-title" className="space-y-4">
        <h2 id="hours-title" className="text-2xl font-semibold">
          Opening hours
        </h2>
        <OpeningHoursForm action={saveOpeningHoursAction.bind(null, listing.id)} slots={listing.openingHours} />
      </section>

      <section aria-labelledby="blocked-title" className="space-y-4">
        <h2 id="blocked-title" className="text-2xl font-semibold">
          Blocked dates
        </h2>
        <BlockedDates
          minDate={today}
          dates={listing.blockedDates
            .filter((b) => b.day >= today)
            .map((b) => ({ id: b.id, day: b.day, label: formatLocalDate(b.day), reason: b.reason }))}
          add={addBlockedDateAction.bind(null, listing.id)}
          remove={removeBlockedDateAction.bind(null, listing.id)}
        />
      </section>

      <section aria-labelledby="status-title" className="space-y-3">
        <h2 id="status-title" className="text-2xl font-semibold">
          Status
        </h2>
        {listing.takenDownAt ? (
          <p role="status" className="text-pine-700">
            <Badge tone="warn">Taken down</Badge> An operator took your listing down on {formatInstant(listing.takenDownAt, listing.timeZone)}:
            it is hidden from search and cannot be booked, and only an operator can make it active again. Write to Löyly&apos;s support
            to have it reviewed; existing bookings are kept.
          </p>
        ) : (
          <>
            <p className="text-pine-700">
              {listing.active
                ? "Your listing is visible in search. Deactivate it to hide it; existing bookings are kept."
                : "Your listing is hidden from search and cannot be booked."}
            </p>
            <ActionButton
              action={setListingActiveAction.bind(null, listing.id)}
              fields={{ active: listing.active ? "false" : "true" }}
              variant={listing.active ? "danger" : "primary"}
            >
              {listing.active ? "Deactivate listing" : "Reactivate listing"}
            </ActionButton>
          </>
        )}
      </section>
    </div>
  );
}
