/**
 * Expected conflicts: answers and cancels that lost a race, or came after the booking moved
 * on, end as a `BookingMovedOn` (a Conflict, which every form shows as its message) saying
 * what the booking is now — never an unexpected error. Real PostgreSQL, real concurrency.
 */
import { describe, expect, it } from "vitest";
import { BookingMovedOn } from "@/lib/bookings/conflicts";
import { requestMovedOn } from "@/lib/bookings/provider";
import { applyTransition, byUser, ConcurrentChange } from "@/lib/bookings/transitions";
import { InvalidTransition } from "@/lib/bookings/lifecycle";
import { Conflict, isDomainError, ValidationError } from "@/lib/errors";
import { acceptRequest, declineRequest } from "@/lib/use-cases/answer-request";
import { cancelBooking } from "@/lib/use-cases/cancel-booking";
import { cancelAsOperator } from "@/lib/use-cases/operator";
import type { BookingSelection } from "@/lib/use-cases/request-booking";
import { bookingTestContext, daysAhead, makeListing, makeUser, requestBooking } from "../support/booking-fixtures";

const tc = bookingTestContext({ connections: 8 });
const { db } = tc;
const ctx = tc.ctx;

let dayOffset = 20;
/** A fresh request on a fresh listing (each test its own day, so slots never collide). */
async function freshRequest() {
  const provider = await makeUser(db, "PROVIDER");
  const customer = await makeUser(db, "CUSTOMER");
  const listing = await makeListing(db, provider.id);
  const selection: BookingSelection = { date: daysAhead(dayOffset++), startMinutes: 17 * 60, endMinutes: 19 * 60, guests: 2 };
  const { bookingId } = await requestBooking(ctx(), tc.t, customer, listing.id, selection);
  return { provider, customer, bookingId };
}

const statusOf = async (id: string) => (await db.booking.findUniqueOrThrow({ where: { id } })).status;
const eventsOf = (id: string, type: string) => db.bookingEvent.count({ where: { bookingId: id, type } });

async function movedOn(promise: Promise<unknown>): Promise<BookingMovedOn> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BookingMovedOn);
  return error as BookingMovedOn;
}

describe("five concurrent accepts of one request", () => {
  it("one accepts; the four others are told it was already answered, nothing is written twice", async () => {
    const { provider, bookingId } = await freshRequest();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => acceptRequest(ctx(), provider, { bookingId })));

    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(refused).toHaveLength(4);
    for (const error of refused) {
      expect(error).toBeInstanceOf(BookingMovedOn);
      expect(isDomainError(error)).toBe(true); // the form shows it; never an error page
      expect(error).toMatchObject({ status: "ACCEPTED", message: "This request was already answered: it was accepted." });
    }
    expect(await statusOf(bookingId)).toBe("ACCEPTED");
    expect(await eventsOf(bookingId, "accept")).toBe(1);
    expect(await db.outboxEmail.count({ where: { bookingId, template: "booking.accepted" } })).toBe(2); // customer + host, once
  });

  it("accept and decline at the same time: one wins, the other is told which", async () => {
    const { provider, bookingId } = await freshRequest();
    const [a, d] = await Promise.allSettled([acceptRequest(ctx(), provider, { bookingId }), declineRequest(ctx(), provider, { bookingId })]);
    expect([a.status, d.status].sort()).toEqual(["fulfilled", "rejected"]);
    const final = await statusOf(bookingId);
    const loser = (a.status === "rejected" ? a.reason : d.status === "rejected" ? d.reason : null) as unknown;
    expect(loser).toBeInstanceOf(BookingMovedOn);
    expect((loser as BookingMovedOn).message).toBe(
      final === "ACCEPTED" ? "This request was already answered: it was accepted." : "This request was already answered: it was declined.",
    );
  });
});

describe("answers that come too late", () => {
  it("accept racing the customer's cancel: never an unexpected error", async () => {
    for (let i = 0; i < 3; i++) {
      const { provider, customer, bookingId } = await freshRequest();
      const [accepted, cancelled] = await Promise.allSettled([
        acceptRequest(ctx(), provider, { bookingId }),
        cancelBooking(ctx(), customer, { bookingId }),
      ]);
      // Cancelling an accepted, unpaid booking is allowed: either both went through in that
      // order, or the cancel came first and the host is told.
      expect(cancelled.status).toBe("fulfilled");
      expect(await statusOf(bookingId)).toBe("CANCELLED");
      if (accepted.status === "rejected") {
        expect(accepted.reason).toBeInstanceOf(BookingMovedOn);
        expect((accepted.reason as Error).message).toBe("The customer cancelled this request.");
      }
    }
  });

  it("accept after the customer cancelled", async () => {
    const { provider, customer, bookingId } = await freshRequest();
    await cancelBooking(ctx(), customer, { bookingId });
    const error = await movedOn(acceptRequest(ctx(), provider, { bookingId }));
    expect(error).toMatchObject({ status: "CANCELLED", message: "The customer cancelled this request." });
    expect(await eventsOf(bookingId, "accept")).toBe(0);
  });

  it("decline after accept", async () => {
    const { provider, bookingId } = await freshRequest();
    await acceptRequest(ctx(), provider, { bookingId });
    const error = await movedOn(declineRequest(ctx(), provider, { bookingId }));
    expect(error).toMatchObject({ status: "ACCEPTED", message: "This request was already answered: it was accepted." });
    expect(await statusOf(bookingId)).toBe("ACCEPTED");
  });

  it("decline twice", async () => {
    const { provider, bookingId } = await freshRequest();
    await declineRequest(ctx(), provider, { bookingId });
    const emails = () => db.outboxEmail.count({ where: { bookingId, template: "booking.declined" } });
    const emailsAfterFirst = await emails();
    const error = await movedOn(declineRequest(ctx(), provider, { bookingId }));
    expect(error.message).toBe("This request was already answered: it was declined.");
    expect(await eventsOf(bookingId, "decline")).toBe(1);
    expect(await emails()).toBe(emailsAfterFirst); // nobody is told twice
  });

  it("accept after decline", async () => {
    const { provider, bookingId } = await freshRequest();
    await declineRequest(ctx(), provider, { bookingId });
    const error = await movedOn(acceptRequest(ctx(), provider, { bookingId }));
    expect(error).toMatchObject({ status: "DECLINED", message: "This request was already answered: it was declined." });
    expect(await statusOf(bookingId)).toBe("DECLINED");
  });

  it("an operator's cancel is named as such, and the inbox read says what the request is now", async () => {
    const { provider, bookingId } = await freshRequest();
    const operator = await makeUser(db, "OPERATOR");
    await cancelAsOperator(ctx(), operator, { bookingId, reason: "Duplicate request" });
    const error = await movedOn(acceptRequest(ctx(), provider, { bookingId }));
    expect(error.message).toBe("Löyly's support cancelled this request.");
    expect(await requestMovedOn(db, provider, bookingId)).toMatchObject({ status: "CANCELLED", message: "Löyly's support cancelled this request." });
    const stranger = await makeUser(db, "PROVIDER");
    expect(await requestMovedOn(db, stranger, bookingId)).toBeNull(); // not theirs: nothing shown
  });
});

describe("customer and operator on a booking that moved on", () => {
  it("the customer cancels twice (two tabs): the second is told it is cancelled already", async () => {
    const { customer, bookingId } = await freshRequest();
    await cancelBooking(ctx(), customer, { bookingId });
    await expect(cancelBooking(ctx(), customer, { bookingId })).rejects.toThrow("This booking is already cancelled.");
    expect(await eventsOf(bookingId, "cancel")).toBe(1);
  });

  it("two concurrent customer cancels: one cancels, the other is a form message", async () => {
    const { customer, bookingId } = await freshRequest();
    const results = await Promise.allSettled([cancelBooking(ctx(), customer, { bookingId }), cancelBooking(ctx(), customer, { bookingId })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected");
    expect(isDomainError(loser?.status === "rejected" ? loser.reason : null)).toBe(true);
    expect(await eventsOf(bookingId, "cancel")).toBe(1);
  });

  it("the operator cancels what the customer just cancelled: told who did, nothing else done", async () => {
    const { customer, bookingId } = await freshRequest();
    const operator = await makeUser(db, "OPERATOR");
    await cancelBooking(ctx(), customer, { bookingId });
    const error = await cancelAsOperator(ctx(), operator, { bookingId, reason: "x" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDomainError(error)).toBe(true);
    expect(error).toBeInstanceOf(ValidationError);
  });

  it("concurrent operator and customer cancels: one cancels, the other is a domain error", async () => {
    const { customer, bookingId } = await freshRequest();
    const operator = await makeUser(db, "OPERATOR");
    const results = await Promise.allSettled([cancelBooking(ctx(), customer, { bookingId }), cancelAsOperator(ctx(), operator, { bookingId, reason: "x" })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(isDomainError(r.reason)).toBe(true);
    expect(await eventsOf(bookingId, "cancel")).toBe(1);
  });
});

describe("the lifecycle's own refusals are form messages, not error pages", () => {
  it("InvalidTransition and ConcurrentChange are Conflicts", async () => {
    const { provider, bookingId } = await freshRequest();
    await acceptRequest(ctx(), provider, { bookingId });
    const invalid = await applyTransition(db, { bookingId, event: "decline", actor: byUser(provider) }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InvalidTransition);
    expect(invalid).toBeInstanceOf(Conflict);
    const lost = await applyTransition(db, { bookingId, event: "cancel", actor: byUser(provider), expectedFrom: "REQUESTED" }).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(ConcurrentChange);
    expect(lost).toBeInstanceOf(Conflict);
  });
});
