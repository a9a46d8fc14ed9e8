/**
 * The cancellation policy a booking is made under: the listing's (or the marketplace
 * default), stated in the consent text the customer agrees to, and kept on the booking when
 * the host changes the listing's policy later.
 */
import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { effectivePolicy } from "@/lib/bookings/cancellation-policy";
import { bookingTerms, type BookingSelection } from "@/lib/use-cases/request-booking";
import { daysAhead, makeListing, makeUser, requestBooking, bookingTestContext } from "../support/booking-fixtures";

const tc = bookingTestContext({ connections: 4 });
const { db } = tc;
const ctx = tc.ctx;
const selection: BookingSelection = { date: daysAhead(30), startMinutes: 17 * 60, endMinutes: 19 * 60, guests: 2 };

const request = (customer: Actor, listingId: string) => requestBooking(ctx(), tc.t, customer, listingId, selection);

describe("the policy a booking is made under", () => {
  it("is the listing's, in the consent text, and stays with the booking", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const customer = await makeUser(db, "CUSTOMER");
    const listing = await makeListing(db, provider.id);
    await db.listing.update({ where: { id: listing.id }, data: { cancellationPolicy: "FLEXIBLE" } });

    const { bookingId, terms } = await request(customer, listing.id);
    expect(terms.cancellationPolicy).toBe("FLEXIBLE");
    expect(terms.consent.text).toContain("After payment, this cancellation policy applies: Flexible cancellation: a full refund if cancelled at least 24 hours before the start");
    const booking = await db.booking.findUniqueOrThrow({ where: { id: bookingId }, include: { consent: true } });
    expect(booking.cancellationPolicy).toBe("FLEXIBLE");
    expect(booking.consent?.text).toBe(terms.consent.text);

    await db.listing.update({ where: { id: listing.id }, data: { cancellationPolicy: "STRICT" } });
    expect(effectivePolicy(booking.cancellationPolicy, "STRICT", ctx().defaultCancellationPolicy)).toBe("FLEXIBLE");
    expect((await bookingTerms(ctx(), listing.id, { ...selection, date: daysAhead(31) })).consent.text).toContain("Strict cancellation");
  });

  it("is the marketplace default when the host chose none", async () => {
    const provider = await makeUser(db, "PROVIDER");
    const listing = await makeListing(db, provider.id);
    const terms = await bookingTerms(ctx({ defaultCancellationPolicy: "STRICT" }), listing.id, selection);
    expect(terms.cancellationPolicy).toBe("STRICT");
    expect(terms.cancellationText).toContain("a 50 % refund if cancelled at least 14 days before the start");
  });
});
