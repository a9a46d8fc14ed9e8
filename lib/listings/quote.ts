/** Prices a time range of a listing from the database, using the pure pricing rules. */
import { quote, type Quote, type QuoteRequest } from "@/lib/listings/pricing";
import type { Db } from "@/lib/db";
import { canBePaid } from "@/lib/connect/account-state";
import { NotFound, ValidationError } from "@/lib/errors";
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
      provider: { select: { connectedAccount: { select: { chargesEnabled: true, payoutsEnabled: true } } } },
    },
  });
  if (!listing) throw new NotFound("Sauna");
  // Requests only for hosts who can be paid (charges and payouts enabled).
  if (listing.active && !canBePaid(listing.provider.connectedAccount)) {
    throw new ValidationError("This sauna is not taking booking requests yet: its host is still setting up how they get paid.");
  }
  return quote(request, {
    listing,
    openingHours: listing.openingHours,
    blockedDates: listing.blockedDates.map((b) => dbDateToLocalDate(b.date)),
    feeBps: options.feeBps,
    now: options.now,
  });
}
