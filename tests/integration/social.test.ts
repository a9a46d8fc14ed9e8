/**
 * Messages, reviews and calendars against the real database: who may read and write a
 * booking's conversation, the e-mail throttle (one e-mail per conversation and recipient per
 * quiet period, also under concurrent sends), one review and one reply per booking (the
 * database's unique key and compare-and-set), the listing's average, and the host's feed
 * (hashed token, reset, which bookings it lists).
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import type { BookingStatus } from "@/lib/bookings/lifecycle";
import { feedPath, hashFeedToken, hostFeed, resetFeedToken } from "@/lib/calendar/feeds";
import { bookingIcs } from "@/lib/calendar/ics";
import { ManualClock } from "@/lib/clock";
import { listMessages, NOTICE_QUIET_MINUTES, postMessage } from "@/lib/conversations/messages";
import { createPrismaClient } from "@/lib/db/client";
import { Conflict, NotAllowed, NotFound, ValidationError } from "@/lib/errors";
import { ALREADY_REPLIED, ALREADY_REVIEWED, createReview, listingReviews, NOT_YET_REVIEWABLE, replyToReview } from "@/lib/reviews/reviews";
import { ratingSummary } from "@/lib/reviews/rating";
import { sendMessage } from "@/lib/use-cases/send-message";
import { makeListing, makeUser } from "@/tests/support/booking-fixtures";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required for integration tests");
const db = createPrismaClient(url, { max: 6 });
afterAll(async () => {
  await db.$disconnect();
});

const MINUTE = 60_000;
const link = (p: string) => `http://loyly.test${p}`;

function ctxAt(clock: ManualClock) {
  return { db, clock, mail: { enabled: true, link, operatorEmail: "ops@it.test" } };
}

/** A booking of a fresh listing in `status`, starting `startsInHours` from `at`. */
async function booking(status: BookingStatus, options: { at?: Date; startsInHours?: number } = {}) {
  const customer = await makeUser(db, "CUSTOMER", "Aino");
  const host = await makeUser(db, "PROVIDER", "Heikki");
  const listing = await makeListing(db, host.id);
  const at = options.at ?? new Date();
  const startsAt = new Date(at.getTime() + (options.startsInHours ?? 72) * 60 * MINUTE);
  const row = await db.booking.create({
    data: {
      listingId: listing.id,
      customerId: customer.id,
      status,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 60 * MINUTE),
      guests: 2,
      hourlyPrice: 4000,
      hours: 2,
      subtotalAmount: 8000,
      feeAmount: 800,
      totalAmount: 8800,
      currency: "EUR",
    },
  });
  return { booking: row, customer, host, listing };
}

const emails = (bookingId: string) => db.outboxEmail.findMany({ where: { bookingId, template: "conversation.new_message" }, orderBy: { createdAt: "asc" } });

describe("a booking's conversation", () => {
  it("only its customer and host write; they and operators read; anyone else is told it does not exist", async () => {
    const { booking: b, customer, host } = await booking("REQUESTED");
    const stranger = await makeUser(db, "CUSTOMER");
    const otherHost = await makeUser(db, "PROVIDER");
    const operator = await makeUser(db, "OPERATOR");
    const clock = new ManualClock(new Date("2030-01-10T10:00:00Z"));

    await sendMessage(ctxAt(clock), customer, { bookingId: b.id, body: "  Is there a cold plunge?\nWe are two.  " });
    clock.advance(MINUTE);
    await sendMessage(ctxAt(clock), host, { bookingId: b.id, body: "Yes, the lake <b>is</b> right there." });

    for (const outsider of [stranger, otherHost]) {
      await expect(sendMessage(ctxAt(clock), outsider, { bookingId: b.id, body: "hi" })).rejects.toBeInstanceOf(NotFound);
      await expect(listMessages(db, outsider, b.id)).rejects.toBeInstanceOf(NotFound);
    }
    await expect(postMessage(db, operator, { bookingId: b.id, body: "hi", at: clock.now() })).rejects.toBeInstanceOf(NotFound);
    await expect(sendMessage(ctxAt(clock), customer, { bookingId: "missing-booking", body: "hi" })).rejects.toBeInstanceOf(NotFound);

    const seen = await listMessages(db, operator, b.id);
    expect(seen.map((m) => [m.side, m.body])).toEqual([
      ["customer", "Is there a cold plunge?\nWe are two."],
      ["host", "Yes, the lake <b>is</b> right there."],
    ]);
    expect(await listMessages(db, host, b.id)).toEqual(seen);
    expect(await db.message.count({ where: { bookingId: b.id } })).toBe(2);
  });

  it("refuses an empty, an over-long and a control-character message (also in the database)", async () => {
    const { booking: b, customer } = await booking("ACCEPTED");
    const at = new Date();
    await expect(postMessage(db, customer, { bookingId: b.id, body: "   \n ", at })).rejects.toBeInstanceOf(ValidationError);
    await expect(postMessage(db, customer, { bookingId: b.id, body: "x".repeat(2001), at })).rejects.toBeInstanceOf(ValidationError);
    await expect(postMessage(db, customer, { bookingId: b.id, body: "a\u0000b", at })).rejects.toBeInstanceOf(ValidationError);
    await expect(db.message.create({ data: { bookingId: b.id, authorId: customer.id, body: "" } })).rejects.toThrow();
    expect(await db.message.count({ where: { bookingId: b.id } })).toBe(0);
  });

  it("e-mails the other side once per quiet period: ten messages in a row are one e-mail, with a link", async () => {
    const { booking: b, customer, host } = await booking("PAID");
    const clock = new ManualClock(new Date("2030-02-01T08:00:00Z"));
    for (let i = 1; i <= 10; i++) {
      await sendMessage(ctxAt(clock), customer, { bookingId: b.id, body: `Question ${i}` });
      clock.advance(30_000);
    }
    let sent = await emails(b.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe((await db.user.findUniqueOrThrow({ where: { id: host.id } })).email);
    expect(sent[0]!.text).toContain("> Question 1");
    expect(sent[0]!.text).toContain(`http://loyly.test/provider/bookings/${b.id}`);

    // The host answering is a conversation of its own direction: the customer gets one e-mail.
    await sendMessage(ctxAt(clock), host, { bookingId: b.id, body: "Answers inside." });
    sent = await emails(b.id);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.to).toBe(customer.email);
    expect(sent[1]!.text).toContain(`http://loyly.test/account/bookings/${b.id}`);

    // After the quiet period, the next message e-mails again.
    clock.advance(NOTICE_QUIET_MINUTES * MINUTE);
    await sendMessage(ctxAt(clock), customer, { bookingId: b.id, body: "One more thing" });
    expect(await emails(b.id)).toHaveLength(3);
    expect(await db.message.count({ where: { bookingId: b.id } })).toBe(12);
  });

  it("two messages sent at the same moment e-mail once", async () => {
    const { booking: b, customer } = await booking("ACCEPTED");
    const clock = new ManualClock(new Date("2030-03-01T08:00:00Z"));
    await Promise.all(Array.from({ length: 6 }, (_, i) => sendMessage(ctxAt(clock), customer, { bookingId: b.id, body: `at once ${i}` })));
    expect(await emails(b.id)).toHaveLength(1);
    expect(await db.message.count({ where: { bookingId: b.id } })).toBe(6);
  });
});

describe("reviews", () => {
  it("a completed stay is reviewed once by its customer and replied to once by its host; the listing keeps the average", async () => {
    const first = await booking("COMPLETED", { startsInHours: -48 });
    const { customer, host, listing } = first;
    const at = new Date();

    const stranger = await makeUser(db, "CUSTOMER");
    await expect(createReview(db, stranger, { bookingId: first.booking.id, rating: 5, body: "Nice", at })).rejects.toBeInstanceOf(NotFound);
    await expect(createReview(db, host, { bookingId: first.booking.id, rating: 5, body: "Nice", at })).rejects.toBeInstanceOf(NotFound);
    await expect(createReview(db, customer, { bookingId: first.booking.id, rating: 6, body: "Nice", at })).rejects.toBeInstanceOf(ValidationError);

    await createReview(db, customer, { bookingId: first.booking.id, rating: 4, body: "Soft steam.", at });
    await expect(createReview(db, customer, { bookingId: first.booking.id, rating: 1, body: "Again", at })).rejects.toThrow(ALREADY_REVIEWED);

    // A second completed booking of the same listing by the same customer: its own review.
    const second = await db.booking.create({
      data: { ...pick(first.booking), startsAt: new Date(first.booking.startsAt.getTime() - 86_400_000), endsAt: new Date(first.booking.endsAt.getTime() - 86_400_000) },
    });
    await createReview(db, customer, { bookingId: second.id, rating: 5, body: "Even better.", at: new Date(at.getTime() + MINUTE) });

    const counted = await db.listing.findUniqueOrThrow({ where: { id: listing.id } });
    expect(ratingSummary(counted)).toEqual({ count: 2, average: 4.5 });
    const listed = await listingReviews(db, listing.id);
    expect(listed.map((r) => r.body)).toEqual(["Even better.", "Soft steam."]); // newest first

    const otherHost = await makeUser(db, "PROVIDER");
    await expect(replyToReview(db, otherHost, { bookingId: first.booking.id, reply: "Thanks", at })).rejects.toBeInstanceOf(NotFound);
    await expect(replyToReview(db, customer, { bookingId: first.booking.id, reply: "Thanks", at })).rejects.toBeInstanceOf(NotFound);
    const replies = await Promise.allSettled([
      replyToReview(db, host, { bookingId: first.booking.id, reply: "Thank you!", at }),
      replyToReview(db, host, { bookingId: first.booking.id, reply: "Thanks twice", at }),
    ]);
    expect(replies.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = replies.find((r) => r.status === "rejected");
    expect(refused && refused.status === "rejected" ? refused.reason : null).toBeInstanceOf(Conflict);
    await expect(replyToReview(db, host, { bookingId: first.booking.id, reply: "Third", at })).rejects.toThrow(ALREADY_REPLIED);
    const review = await db.review.findUniqueOrThrow({ where: { bookingId: first.booking.id } });
    expect(["Thank you!", "Thanks twice"]).toContain(review.reply);
  });

  it("only a completed stay may be reviewed, and the database refuses a second review or a rating out of range", async () => {
    for (const status of ["REQUESTED", "PAID", "CANCELLED", "REFUNDED"] as const) {
      const { booking: b, customer } = await booking(status);
      await expect(createReview(db, customer, { bookingId: b.id, rating: 5, body: "Too early", at: new Date() })).rejects.toThrow(NOT_YET_REVIEWABLE);
    }
    const { booking: b, customer, listing } = await booking("COMPLETED", { startsInHours: -30 });
    const row = { bookingId: b.id, listingId: listing.id, authorId: customer.id, body: "Direct" };
    await expect(db.review.create({ data: { ...row, rating: 0 } })).rejects.toThrow();
    await db.review.create({ data: { ...row, rating: 3 } });
    await expect(db.review.create({ data: { ...row, rating: 4 } })).rejects.toThrow();
  });
});

describe("calendars", () => {
  it("a host's feed lists their accepted, paid and completed bookings; the token is stored hashed and a reset retires it", async () => {
    const paid = await booking("PAID");
    const host: Actor = paid.host;
    const listing = paid.listing;
    const other = async (status: BookingStatus, hoursFromNow: number) => {
      const customer = await makeUser(db, "CUSTOMER", "Other");
      const startsAt = new Date(Date.now() + hoursFromNow * 60 * MINUTE);
      return db.booking.create({
        data: { ...pick(paid.booking), customerId: customer.id, status, startsAt, endsAt: new Date(startsAt.getTime() + 60 * MINUTE) },
      });
    };
    const accepted = await other("ACCEPTED", 200);
    const requested = await other("REQUESTED", 300);
    const declined = await other("DECLINED", 400);
    const unrelated = await booking("PAID"); // another host's

    await expect(resetFeedToken(db, paid.customer, new Date())).rejects.toBeInstanceOf(NotAllowed);
    const token = await resetFeedToken(db, host, new Date());
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(feedPath(token)).toBe(`/calendar/host/${token}.ics`);
    const stored = await db.calendarFeed.findUniqueOrThrow({ where: { userId: host.id } });
    expect(stored.tokenHash).toBe(hashFeedToken(token));
    expect(stored.tokenHash).not.toContain(token);

    const ics = await hostFeed(db, token, new Date(), link);
    expect(ics).not.toBeNull();
    expect(ics).toContain("BEGIN:VCALENDAR");
    for (const shown of [paid.booking, accepted]) expect(ics).toContain(`UID:booking-${shown.id}@loyly`);
    for (const hidden of [requested, declined, unrelated.booking]) expect(ics).not.toContain(hidden.id);
    expect(ics).toContain(`LOCATION:${listing.address}\\, ${listing.city}`);
    expect(ics).toMatch(/DTSTART:\d{8}T\d{6}Z/);

    const next = await resetFeedToken(db, host, new Date());
    expect(next).not.toBe(token);
    expect(await hostFeed(db, token, new Date(), link)).toBeNull();
    expect(await hostFeed(db, next, new Date(), link)).toContain(paid.booking.id);
    expect(await hostFeed(db, "not a token", new Date(), link)).toBeNull();
    expect(await hostFeed(db, randomUUID().replace(/-/g, "").padEnd(43, "x"), new Date(), link)).toBeNull();

    await db.user.update({ where: { id: host.id }, data: { status: "SUSPENDED" } });
    expect(await hostFeed(db, next, new Date(), link)).toBeNull();
  });

  it("a booking's .ics has its times in UTC and names the listing's time zone", () => {
    const ics = bookingIcs({
      id: "bk1",
      startsAt: new Date("2030-06-03T14:00:00Z"),
      endsAt: new Date("2030-06-03T16:00:00Z"),
      guests: 3,
      updatedAt: new Date("2030-05-01T00:00:00Z"),
      listing: { title: "Rantasauna; by the lake", address: "Rantatie 1", city: "Helsinki", timeZone: "Europe/Helsinki" },
      with: "host Heikki",
      url: "http://loyly.test/account/bookings/bk1",
      statusLabel: "Paid",
    });
    expect(ics).toContain("DTSTART:20300603T140000Z");
    expect(ics).toContain("DTEND:20300603T160000Z");
    expect(ics).toContain("X-WR-TIMEZONE:Europe/Helsinki");
    expect(ics).toContain("SUMMARY:Sauna: Rantasauna\\; by the lake");
    expect(ics).toContain("17:00"); // the local time in the description (UTC+3 in June)
  });
});

/** A booking's columns to copy into another booking of the same listing. */
function pick(b: Awaited<ReturnType<typeof booking>>["booking"]) {
  return {
    listingId: b.listingId,
    customerId: b.customerId,
    status: b.status,
    startsAt: b.startsAt,
    endsAt: b.endsAt,
    guests: b.guests,
    hourlyPrice: b.hourlyPrice,
    hours: b.hours,
    subtotalAmount: b.subtotalAmount,
    feeAmount: b.feeAmount,
    totalAmount: b.totalAmount,
    currency: b.currency,
  };
}
