/** Prices a time range of a listing from the database, using the pure pricing rules. */
import { quote, type Quote, type QuoteRequest } from "@/lib/listings/pricing";
import type { Db } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { dbDateToLocalDate } from "@/lib/time";

export async function quoteListing(
  db: Db,
  listingId: string,
  request: QuoteRequest,
  options: { feeBps: number; now: Date },
): Promise<Quote> {
  const listing = await db.listing.findUnique({
    where: { id: listingId },
    include: {
      openingHours: { select: { weekday: true, opensAt: true, closesAt: true } },
      blockedDates: { select: { date: true } },
    },
  });
  if (!listing) throw new NotFound("Sauna");
  return quote(request, {
    listing,
    openingHours: listing.openingHours,
    blockedDates: listing.blockedDates.map((b) => dbDateToLocalDate(b.date)),
    feeBps: options.feeBps,
    now: options.now,
  });
}
