import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { isPlausibleSlug } from "@/lib/validation";
import { BookingRequestForm } from "@/components/bookings/booking-request-form";
import { PriceBreakdown } from "@/components/bookings/price-breakdown";
import { PageHeader } from "@/components/ui/page-header";
import { startCardSetup } from "@/app/account/payment-methods/actions";
import { requireRole } from "@/lib/auth";
import { appContext } from "@/lib/context";
import { bookingTerms } from "@/lib/use-cases/request-booking";
import { isSlotTaken } from "@/lib/bookings/availability";
import { requireRoomForRequest } from "@/lib/bookings/request-limits";
import { prisma } from "@/lib/db";
import { stripeJsConfig } from "@/lib/stripe/browser";
import { NotFound, ValidationError } from "@/lib/errors";
import { quoteSchema } from "@/lib/listings/schemas";
import { formatMoney } from "@/lib/money";
import { listSavedCards } from "@/lib/payments/saved-cards";
import { formatLocalDate, formatTimeOfDay } from "@/lib/time";
import { sendBookingRequest } from "./actions";
import { countOf } from "@/lib/words";

export const metadata: Metadata = { title: "Request to book" };

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function BookPage({ params, searchParams }: Props) {
  const user = await requireRole("CUSTOMER"); // visitors sign in (or up) and come back here
  const { slug } = await params;
  if (!isPlausibleSlug(slug)) notFound();
  const query = await searchParams;
  const listing = await prisma.listing.findUnique({ where: { slug }, select: { id: true, slug: true, title: true, city: true } });
  if (!listing) notFound();

  const back = `/saunas/${listing.slug}`;
  const parsed = quoteSchema.safeParse({
    date: first(query.date),
    start: first(query.start),
    end: first(query.end),
    guests: first(query.guests),
  });
  if (!parsed.success) return <Problem title={listing.title} back={back} message="Choose a date, a time and the number of guests first." />;
  const selection = { date: parsed.data.date, startMinutes: parsed.data.start, endMinutes: parsed.data.end, guests: parsed.data.guests };

  let terms;
  try {
    terms = await bookingTerms(appContext(), listing.id, selection);
  } catch (error) {
    if (error instanceof ValidationError) {
      return <Problem title={listing.title} back={back} message={error.message} />;
    }
    if (error instanceof NotFound) notFound();
    throw error;
  }
  const { quote } = terms;
  const chosen = `${back}?date=${selection.date}&start=${formatTimeOfDay(selection.startMinutes)}&end=${formatTimeOfDay(selection.endMinutes)}&guests=${selection.guests}`;
  // Said before the card is asked for; sending checks both again.
  if (await isSlotTaken(prisma, listing.id, quote.startsAt, quote.endsAt)) {
    return <Problem title={listing.title} back={chosen} message="This time is already booked by someone else. Choose another time: the sauna's page shows which times are free." />;
  }
  try {
    await requireRoomForRequest(prisma, user.id, terms.listing, selection.date);
  } catch (error) {
    if (error instanceof ValidationError) return <Problem title={listing.title} back={chosen} message={error.message} />;
    throw error;
  }
  const cards = await listSavedCards(prisma, user);

  return (
    <>
      <PageHeader title="Request to book" description={`${listing.title}, ${listing.city}`} />
      <div className="grid gap-8 lg:grid-cols-[1fr_24rem]">
        <section className="order-2 rounded-2xl border border-birch-200 bg-white p-5 lg:order-1">
          <BookingRequestForm
            stripeJs={stripeJsConfig()}
            currency={quote.currency}
            selection={{
              listingId: listing.id,
              date: selection.date,
              start: formatTimeOfDay(selection.startMinutes),
              end: formatTimeOfDay(selection.endMinutes),
              guests: String(selection.guests),
            }}
            cards={cards}
            consentText={terms.consent.text}
            consentHash={terms.consent.textHash}
            total={formatMoney(quote.totalAmount, quote.currency)}
            startSetup={startCardSetup}
            sendRequest={sendBookingRequest}
          />
        </section>
        <aside aria-labelledby="summary-title" className="order-1 h-fit space-y-4 rounded-2xl border border-birch-200 bg-white p-5 lg:order-2">
          <h2 id="summary-title" className="text-xl font-semibold">
            Your booking
          </h2>
          <p className="text-pine-800">
            {formatLocalDate(selection.date)}, {formatTimeOfDay(selection.startMinutes)}–{formatTimeOfDay(selection.endMinutes)}
            <br />
            {countOf(selection.guests, "guest")}
          </p>
          <PriceBreakdown quote={quote} />
          <dl className="space-y-2 text-sm text-pine-800">
            <div>
              <dt className="font-semibold">Charge date</dt>
              <dd>
                {terms.chargeNotBefore ? `On or after ${terms.chargeDateText}` : "When the host accepts"} ({terms.listing.timeZone})
              </dd>
            </div>
            <div>
              <dt className="font-semibold">Cancellation</dt>
              <dd>Free until your card is charged: cancel from My bookings.</dd>
            </div>
          </dl>
          <Link href={chosen} className="text-sm">
            Change the time
          </Link>
        </aside>
      </div>
    </>
  );
}

function Problem({ title, back, message }: { title: string; back: string; message: string }) {
  return (
    <>
      <PageHeader title="Request to book" description={title} />
      <div role="alert" className="rounded-lg bg-ember-100 px-4 py-3 text-ember-700">
        {message}
      </div>
      <p className="mt-4">
        <Link href={back}>Back to the sauna</Link> to choose another time.
      </p>
    </>
  );
}
