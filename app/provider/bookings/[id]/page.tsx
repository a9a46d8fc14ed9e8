import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { StatusBadge } from "@/components/bookings/status-badge";
import { PriceBreakdown } from "@/components/bookings/price-breakdown";
import { AddToCalendar, BookingSocial } from "@/components/social/booking-social";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";
import { bookingForPage } from "@/lib/bookings/page";
import { bookingSocial } from "@/lib/conversations/booking-social";
import { prisma } from "@/lib/db";
import { describeTime } from "@/lib/time";
import { replyToReviewAction, sendHostMessage } from "./actions";

export const metadata: Metadata = { title: "Booking" };

/** The host's page of one booking of their sauna: the details, the conversation, the review. */
export default async function ProviderBookingPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireRole("PROVIDER");
  const { id } = await params;
  const booking = await bookingForPage(prisma, user, id);
  // Operators may see any booking; this page is the host's own.
  if (booking.listing.providerId !== user.id) notFound();
  const tz = booking.listing.timeZone;
  const social = await bookingSocial(prisma, user, booking);

  return (
    <>
      <PageHeader
        title={`${booking.customer.name} at ${booking.listing.title}`}
        description={`${describeTime(booking)} (${tz})`}
        actions={<Link href="/provider/bookings?show=all">All bookings</Link>}
      />
      <div className="grid gap-8 lg:grid-cols-[1fr_22rem]">
        <div className="space-y-8">
          <section aria-labelledby="details-title" className="space-y-3 rounded-2xl border border-birch-200 bg-white p-5">
            <h2 id="details-title" className="flex items-center gap-3 text-xl font-semibold">
              Booking <StatusBadge status={booking.status} />
            </h2>
            <dl className="grid gap-3 text-sm sm:grid-cols-2">
              <div>
                <dt className="font-semibold text-pine-900">Guest</dt>
                <dd className="text-pine-800">{booking.customer.name}</dd>
              </div>
              <div>
                <dt className="font-semibold text-pine-900">Guests</dt>
                <dd className="text-pine-800">{booking.guests}</dd>
              </div>
              <div>
                <dt className="font-semibold text-pine-900">Sauna</dt>
                <dd className="text-pine-800">
                  <Link href={`/saunas/${booking.listing.slug}`}>{booking.listing.title}</Link>
                </dd>
              </div>
              <div>
                <dt className="font-semibold text-pine-900">When</dt>
                <dd className="text-pine-800">
                  {describeTime(booking)} ({tz})
                </dd>
              </div>
            </dl>
          </section>
          <BookingSocial
            viewer="host"
            timeZone={tz}
            listingTitle={booking.listing.title}
            customerName={booking.customer.name}
            hostName={booking.listing.provider.name}
            {...social}
            sendMessage={sendHostMessage.bind(null, booking.id)}
            submitReply={replyToReviewAction.bind(null, booking.id)}
          />
        </div>
        <aside className="h-fit space-y-4">
          <PriceBreakdown quote={booking} label="Amount" />
          <AddToCalendar bookingId={booking.id} />
        </aside>
      </div>
    </>
  );
}
