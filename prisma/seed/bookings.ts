/**
 * Demo bookings in every state of the lifecycle, made the way real ones are: through the
 * domain's use cases against the Stripe emulator (cards saved through real SetupIntents,
 * 3D Secure completed as the challenge page would, PaymentIntents charged off session by the
 * scheduled pass, refunds, emails, timeline events). Nothing here writes a booking row itself.
 *
 * Every step of every story has a time in the past (or now). The steps run in time order on
 * a context whose clock is set to each step's time, so the timeline, payment attempts,
 * emails and cron runs are dated as if the marketplace had been running for three months;
 * the clock-driven work (charging on the charge date, completing, expiring) is done by
 * `runScheduledPass` at the moment it falls due. A last pass at "now" leaves nothing due, so
 * the scheduler of `npm run dev` finds the data as seeded.
 *
 * Not seeded: CHARGING, which lasts only while a charge is in flight.
 */
import type Stripe from "stripe";
import type { Actor } from "@/lib/auth/actor";
import type { Clock } from "@/lib/clock";
import { createContext, type Ctx } from "@/lib/context";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { runScheduledPass } from "@/lib/jobs/pass";
import { createSetupIntent } from "@/lib/payments/setup";
import { syncPayout } from "@/lib/payouts/state";
import { StripeGate } from "@/lib/stripe/rate-limit";
import { addDays, isoWeekday, todayIn, zonedTimeToUtc } from "@/lib/time";
import { acceptRequest, declineRequest } from "@/lib/use-cases/answer-request";
import { cancelBooking } from "@/lib/use-cases/cancel-booking";
import { cancelAsOperator, refundAsOperator } from "@/lib/use-cases/operator";
import { cancelPaidBookingAsCustomer, cancelPaidBookingAsHost, customerCancellationQuote } from "@/lib/use-cases/cancel-paid-booking";
import { finalizePayNow, preparePayNow } from "@/lib/use-cases/pay-now";
import { bookingTerms, createBookingRequest } from "@/lib/use-cases/request-booking";
import { writeReply, writeReview } from "@/lib/use-cases/reviews";
import { sendMessage } from "@/lib/use-cases/send-message";
import type { EmulatorControl } from "@/emulator/client";
import { DEMO_LISTINGS, type DemoListing } from "./data";

/** What the demo bookings need from Stripe: the API (the emulator) and its 3D Secure page. */
export interface DemoStripe {
  stripe: Stripe;
  control: Pick<EmulatorControl, "complete3DS" | "completeOnboarding" | "makeFundsAvailable" | "settlePayouts">;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MINUTE = 60_000;
const ZONE = "Europe/Helsinki";
/** Every demo booking starts at 17:00 local time (open at every demo sauna on some days). */
const START_MINUTES = 17 * 60;

/** Test cards (see emulator/README.md): how each behaves is what the story needs. */
const CARDS = {
  /** Always succeeds. */
  visa: "pm_card_visa",
  /** 3D Secure when saved, and again on every off-session charge (authentication_required). */
  threeDS: "pm_card_threeDSecure2Required",
  /** Saves fine; every charge is declined (card_declined). */
  declines: "pm_card_chargeCustomerFail",
} as const;
type CardKind = keyof typeof CARDS;

type Step = { at: Date; order: number; label: string; run: () => Promise<void> };

export interface DemoBookingsResult {
  bookings: number;
}

/**
 * Seeds the demo bookings. `users` maps the demo users' keys (data.ts) to their ids;
 * `listings` the listings' slugs to their ids.
 */
export async function seedDemoBookings(
  db: PrismaClient,
  demo: DemoStripe,
  users: ReadonlyMap<string, Actor>,
  listings: ReadonlyMap<string, string>,
  options: { now?: Date } = {},
): Promise<DemoBookingsResult> {
  const now = options.now ?? new Date();
  const clock = new RunningClock(now);
  const ctx: Ctx = createContext({
    db,
    stripe: demo.stripe,
    clock,
    gate: new StripeGate({ perSecond: null, concurrency: 8 }),
  });
  const steps: Step[] = [];
  let order = 0;
  // A step due after "now" (a story moved to a later open day) runs now instead.
  const at = (when: Date, label: string, run: () => Promise<void>) =>
    steps.push({ at: when.getTime() > now.getTime() ? now : when, order: order++, label, run });

  const user = (key: string): Actor => {
    const found = users.get(key);
    if (!found) throw new Error(`Demo bookings: unknown user ${key}`);
    return found;
  };
  const operator = user("operator");
  const taken = new Set<string>();
  const savedCards = new Map<string, string>();

  /** One booking's story. Returns the helpers to add its later steps. */
  function story(s: { customer: string; listing: string; day: number; hours?: number; guests?: number; card?: CardKind; requestedAt: (start: Date) => Date }) {
    const listing = demoListing(s.listing);
    const hours = Math.max(s.hours ?? 2, listing.minHours);
    const date = openDate(listing, addDays(todayIn(ZONE, now), s.day), hours, taken);
    const startsAt = zonedTimeToUtc(date, START_MINUTES, ZONE);
    const endsAt = new Date(startsAt.getTime() + hours * HOUR);
    const ref: { id?: string } = {};
    const id = () => {
      if (!ref.id) throw new Error(`Demo booking at ${s.listing} on ${date} was not created`);
      return ref.id;
    };
    const customer = user(s.customer);
    const provider = user(listing.provider);
    const requestedAt = s.requestedAt(startsAt);
    const policy = ctx.lifecycle;
    const chargeAt = new Date(startsAt.getTime() - policy.chargeLeadHours * HOUR);
    const payBy = new Date(startsAt.getTime() - policy.paymentGraceHours * HOUR);

    at(requestedAt, `request ${s.listing} ${date}`, async () => {
      const listingId = listings.get(s.listing);
      if (!listingId) throw new Error(`Demo bookings: unknown listing ${s.listing}`);
      const selection = { date, startMinutes: START_MINUTES, endMinutes: START_MINUTES + hours * 60, guests: s.guests ?? 2 };
      const terms = await bookingTerms(ctx, listingId, selection);
      const payment = await cardFor(ctx, demo, savedCards, customer, s.card ?? "visa");
      const { bookingId } = await createBookingRequest(ctx, customer, {
        listingId,
        ...selection,
        payment,
        consent: { accepted: true, textHash: terms.consent.textHash, ip: "127.0.0.1", userAgent: "Löyly demo data" },
      });
      ref.id = bookingId;
      if (payment.kind === "new") {
        const { paymentMethodId } = await db.booking.findUniqueOrThrow({ where: { id: bookingId }, select: { paymentMethodId: true } });
        const card = paymentMethodId ? await db.savedCard.findUnique({ where: { paymentMethodId }, select: { id: true } }) : null;
        if (card) savedCards.set(`${customer.id}/${s.card ?? "visa"}`, card.id);
      }
    });

    const helpers = {
      startsAt,
      endsAt,
      chargeAt,
      payBy,
      accept(when: Date, message?: string) {
        at(when, `accept ${s.listing} ${date}`, async () => void (await acceptRequest(ctx, provider, { bookingId: id(), message })));
        return helpers;
      },
      decline(when: Date, message: string) {
        at(when, `decline ${s.listing} ${date}`, () => declineRequest(ctx, provider, { bookingId: id(), message }));
        return helpers;
      },
      cancelByCustomer(when: Date, reason?: string) {
        at(when, `cancel ${s.listing} ${date}`, () => cancelBooking(ctx, customer, { bookingId: id(), reason }));
        return helpers;
      },
      cancelByOperator(when: Date, reason: string) {
        at(when, `operator cancel ${s.listing} ${date}`, async () => void (await cancelAsOperator(ctx, operator, { bookingId: id(), reason })));
        return helpers;
      },
      /** The customer cancels the paid booking, confirming the refund its policy gives then. */
      cancelPaidByCustomer(when: Date, reason?: string) {
        at(when, `cancel paid ${s.listing} ${date}`, async () => {
          const quote = await customerCancellationQuote(ctx, customer, id());
          await cancelPaidBookingAsCustomer(ctx, customer, { bookingId: id(), expectedRefund: quote.refund.amount, reason });
        });
        return helpers;
      },
      cancelPaidByHost(when: Date, reason: string) {
        at(when, `host cancel ${s.listing} ${date}`, async () => void (await cancelPaidBookingAsHost(ctx, provider, { bookingId: id(), reason })));
        return helpers;
      },
      refund(when: Date, amount: number | "remaining", reason: string) {
        at(when, `refund ${s.listing} ${date}`, async () => void (await refundAsOperator(ctx, operator, { bookingId: id(), amount, reason })));
        return helpers;
      },
      /** A message in the booking's conversation, from its customer or its host. */
      message(when: Date, from: "customer" | "host", body: string) {
        at(when, `message ${s.listing} ${date}`, async () => void (await sendMessage(ctx, from === "customer" ? customer : provider, { bookingId: id(), body })));
        return helpers;
      },
      /** The customer reviews the completed stay; the host may reply. */
      review(when: Date, rating: number, body: string, reply?: { at: Date; body: string }) {
        at(when, `review ${s.listing} ${date}`, async () => void (await writeReview(ctx, customer, { bookingId: id(), rating, body })));
        if (reply) at(reply.at, `reply ${s.listing} ${date}`, async () => void (await writeReply(ctx, provider, { bookingId: id(), reply: reply.body })));
        return helpers;
      },
      /** The customer opens the pay-now page, confirms with the bank (3D Secure) and pays. */
      payNow(when: Date) {
        at(when, `pay now ${s.listing} ${date}`, async () => {
          const view = await preparePayNow(ctx, id(), customer.id);
          if (!view.clientSecret || !view.paymentIntentId || !view.bookingPaymentMethodId) throw new Error(`pay-now not payable for ${id()}`);
          const pi = await demo.stripe.paymentIntents.confirm(view.paymentIntentId, { payment_method: view.bookingPaymentMethodId });
          if (pi.status === "requires_action") await demo.control.complete3DS(pi.id, view.clientSecret);
          const result = await finalizePayNow(ctx, id(), customer.id);
          if (result.status !== "paid") throw new Error(`pay-now of ${id()} ended ${result.status}`);
        });
        return helpers;
      },
    };
    return helpers;
  }

  /** A pass of the scheduled work at `when` (charges, retries, expiries, completions due then). */
  const pass = (when: Date) => at(when, "scheduled pass", async () => void (await runScheduledPass(ctx, { trigger: "demo data" })));
  /**
   * The pass that pays a host: the emulator's clock is real time, so the charge's funds are
   * made available first (in Stripe they are, days after the charge), then the payout step
   * releases the booking's money on the host's connected account.
   */
  const payoutPass = (when: Date) =>
    at(when, "payout pass", async () => {
      await demo.control.makeFundsAvailable();
      await runScheduledPass(ctx, { trigger: "demo data" });
    });
  const ago = (days: number, hours = 0) => new Date(now.getTime() - days * DAY - hours * HOUR);
  const before = (d: Date, days: number, hours = 0) => new Date(d.getTime() - days * DAY - hours * HOUR);
  const after = (d: Date, ms: number) => new Date(d.getTime() + ms);

  // Requested: one the host must answer within hours, two more.
  story({ customer: "emma", listing: "kallio-harbour-sauna", day: 8, requestedAt: () => new Date(now.getTime() - (ctx.lifecycle.requestExpiryHours - 3) * HOUR) });
  story({ customer: "juha", listing: "pyynikki-lakeside-sauna", day: 21, hours: 3, guests: 6, requestedAt: () => ago(1) })
    .message(ago(0, 23), "customer", "Hi! We are six friends celebrating a birthday. Is it all right to bring a cake and have coffee on the terrace afterwards?");
  story({ customer: "liisa", listing: "rovaniemi-aurora-cabin", day: 45, guests: 4, requestedAt: () => ago(0, 2) });

  // Accepted, charged on the charge date later.
  story({ customer: "emma", listing: "levi-fell-sauna", day: 15, requestedAt: () => ago(4) }).accept(ago(3), "Welcome! Towels are in the changing room.");
  story({ customer: "juha", listing: "turku-ruissalo-villa", day: 38, guests: 5, requestedAt: () => ago(6) }).accept(ago(5));
  story({ customer: "liisa", listing: "lauttasaari-lakeside-cabin", day: 58, requestedAt: () => ago(2) }).accept(ago(1));

  // Paid and coming up: charged by the pass on the charge date, or at once when accepted late.
  const paidSoon = story({ customer: "emma", listing: "kallio-harbour-sauna", day: 4, hours: 3, guests: 6, requestedAt: () => ago(25) }).accept(ago(24), "The sauna is heated by five; the ladder to the sea is by the terrace.");
  pass(after(paidSoon.chargeAt, MINUTE));
  paidSoon
    .message(ago(23), "customer", "Thank you! Is there parking for two cars near the harbour?")
    .message(ago(23, -1), "customer", "And can we swim from the ladder in this weather?")
    .message(ago(22), "host", "Hi Emma! Two spaces are reserved for you behind the building: the gate code comes in the confirmation.\nYes, the sea is open all winter: the ladder is by the terrace and the water is about 4 °C.")
    .message(ago(21), "customer", "Perfect, see you then!");
  story({ customer: "liisa", listing: "jyvaskyla-harju-modern", day: 2, guests: 8, requestedAt: () => ago(3) }).accept(ago(2, 20));
  const partly = story({ customer: "juha", listing: "oulu-nallikari-beach", day: 6, guests: 3, requestedAt: () => ago(12) }).accept(ago(11));
  pass(after(partly.chargeAt, MINUTE));
  partly.refund(after(partly.chargeAt, 3 * HOUR), 3000, "The cold plunge pool is closed for repairs that week");

  // Completed, spread over the past three months; one partly refunded afterwards.
  // Most have a review, some with the host's reply; the latest one is still waiting for its review.
  type DemoReview = { rating: number; text: string; reply?: string };
  const completed: { customer: string; listing: string; day: number; refund?: string; review?: DemoReview }[] = [
    {
      customer: "emma",
      listing: "kallio-harbour-sauna",
      day: -80,
      review: { rating: 5, text: "The best löyly in Helsinki, and the swim from the ladder was unforgettable. Spotless changing room.", reply: "Thank you Emma, welcome back any time!" },
    },
    { customer: "juha", listing: "kuopio-jatkankamppa", day: -55, review: { rating: 5, text: "A real smoke sauna experience. Soft heat for hours; worth the drive." } },
    {
      customer: "liisa",
      listing: "pyynikki-lakeside-sauna",
      day: -40,
      refund: "The cold shower was broken during the booking",
      review: { rating: 3, text: "Lovely lake view, but the cold shower was broken. Löyly refunded part of the price quickly.", reply: "We are sorry about the shower: it has been replaced since. Thank you for your patience." },
    },
    { customer: "liisa", listing: "inari-wilderness-smoke", day: -30, review: { rating: 4, text: "Remote and quiet, with northern lights on the way back. Bring warm shoes for the path." } },
    { customer: "emma", listing: "nasijarvi-ice-hole", day: -12, review: { rating: 5, text: "Ice swimming for the first time, and the hosts made it easy. We will come back!" } },
    { customer: "juha", listing: "porvoo-riverside-barrel", day: -3 },
  ];
  for (const c of completed) {
    const b = story({ customer: c.customer, listing: c.listing, day: c.day, requestedAt: (start) => before(start, 21) });
    b.accept(before(b.startsAt, 20));
    pass(after(b.chargeAt, MINUTE));
    pass(after(b.endsAt, MINUTE));
    // The refunded one is paid out two days after its end, before the refund the same day (the
    // host then owes part of it, taken from their next payout); the others at "now".
    if (c.refund) payoutPass(after(b.endsAt, ctx.payoutDelayDays * DAY));
    if (c.refund) b.refund(after(b.endsAt, 2 * DAY), 4000, c.refund);
    if (c.review) b.review(after(b.endsAt, DAY), c.review.rating, c.review.text, c.review.reply ? { at: after(b.endsAt, 2 * DAY + HOUR), body: c.review.reply } : undefined);
  }

  // A failed off-session charge that the customer put right on the pay-now page (3D Secure).
  const recovered = story({ customer: "liisa", listing: "kallio-harbour-sauna", day: -70, card: "threeDS", requestedAt: (start) => before(start, 20) });
  recovered.accept(before(recovered.startsAt, 19));
  pass(after(recovered.chargeAt, MINUTE));
  recovered.payNow(after(recovered.chargeAt, 5 * HOUR));
  pass(after(recovered.endsAt, MINUTE));

  // Refunded in full: an operator cancels a paid booking; another is refunded before it starts.
  const stormed = story({ customer: "emma", listing: "lahti-vesijarvi-tent", day: -20, requestedAt: (start) => before(start, 15) });
  stormed.accept(before(stormed.startsAt, 14));
  pass(after(stormed.chargeAt, MINUTE));
  stormed.cancelByOperator(before(stormed.startsAt, 3), "Storm damage: the tent sauna is closed until repaired");
  const refunded = story({ customer: "juha", listing: "porvoo-riverside-barrel", day: 5, requestedAt: () => ago(10) }).accept(ago(9));
  pass(after(refunded.chargeAt, MINUTE));
  refunded.refund(after(refunded.chargeAt, DAY), "remaining", "The customer is ill; refunded as a goodwill gesture");

  // Cancelled after payment: the customer, inside the half-refund band of the moderate policy
  // (its receipts: the payment and the refund); the host of another, refunding it in full.
  const plansChanged = story({ customer: "emma", listing: "porvoo-riverside-barrel", day: 5, requestedAt: () => ago(12) }).accept(ago(11));
  pass(after(plansChanged.chargeAt, MINUTE));
  plansChanged.cancelPaidByCustomer(before(plansChanged.startsAt, 4), "Our plans changed");
  const hostCancelled = story({ customer: "liisa", listing: "turku-ruissalo-villa", day: 3, requestedAt: () => ago(12) }).accept(ago(11));
  pass(after(hostCancelled.chargeAt, MINUTE));
  hostCancelled.cancelPaidByHost(ago(1), "A burst pipe: the villa is closed for repairs this week");

  // Payment failed, the pay-now page waiting: one needs 3D Secure, one was declined.
  const needs3DS = story({ customer: "liisa", listing: "rovaniemi-aurora-cabin", day: 5, card: "threeDS", requestedAt: () => ago(14) }).accept(ago(13));
  pass(after(needs3DS.chargeAt, MINUTE));
  const declined = story({ customer: "emma", listing: "nasijarvi-ice-hole", day: 6, card: "declines", requestedAt: () => ago(9) }).accept(ago(8));
  pass(after(declined.chargeAt, MINUTE));

  // Payment expired: declined, never paid, cancelled at the pay-by deadline.
  const expiredUnpaid = story({ customer: "juha", listing: "levi-fell-sauna", day: -10, card: "declines", requestedAt: (start) => before(start, 20) });
  expiredUnpaid.accept(before(expiredUnpaid.startsAt, 19));
  pass(after(expiredUnpaid.chargeAt, MINUTE));
  pass(after(expiredUnpaid.payBy, MINUTE));

  // Declined by the host.
  story({ customer: "emma", listing: "jyvaskyla-harju-modern", day: 12, requestedAt: () => ago(5) }).decline(ago(4), "Sorry, the sauna is closed for maintenance that week.");
  const privateEvent = story({ customer: "liisa", listing: "oulu-nallikari-beach", day: -60, requestedAt: (start) => before(start, 10) });
  privateEvent.decline(before(privateEvent.startsAt, 9), "We have a private event that evening.");

  // Expired: the host never answered.
  const unanswered = story({ customer: "emma", listing: "turku-ruissalo-villa", day: -25, requestedAt: (start) => before(start, 10) });
  pass(after(new Date(Math.min(unanswered.startsAt.getTime() - ctx.lifecycle.requestExpiryBeforeStartHours * HOUR, before(unanswered.startsAt, 10).getTime() + ctx.lifecycle.requestExpiryHours * HOUR)), MINUTE));

  // Cancelled: by the customer (a request, an accepted booking) and by an operator.
  story({ customer: "liisa", listing: "nasijarvi-ice-hole", day: 25, requestedAt: () => ago(6) }).cancelByCustomer(ago(5), "Our plans changed.");
  const changedPlans = story({ customer: "juha", listing: "rovaniemi-aurora-cabin", day: -50, requestedAt: (start) => before(start, 30) });
  changedPlans.accept(before(changedPlans.startsAt, 29)).cancelByCustomer(before(changedPlans.startsAt, 20));
  story({ customer: "juha", listing: "inari-wilderness-smoke", day: 9, requestedAt: () => ago(3) })
    .accept(ago(2))
    .cancelByOperator(ago(0, 12), "Booked twice by mistake; the customer keeps the other booking");

  // Shortly before "now" the hosts are paid what is due, and the banks answer (paid); before
  // "now", so every timeline entry is in the past when the app starts.
  payoutPass(new Date(now.getTime() - 10 * MINUTE));
  at(new Date(now.getTime() - 5 * MINUTE), "payouts arrive", async () => {
    await demo.control.settlePayouts();
    const accounts = await db.payout.findMany({ where: { stripePayoutId: { not: null } }, distinct: ["stripeAccountId"], select: { stripeAccountId: true } });
    for (const { stripeAccountId } of accounts) {
      const payouts = await demo.stripe.payouts.list({ limit: 100 }, { stripeAccount: stripeAccountId });
      for (const payout of payouts.data) await syncPayout(ctx, payout, stripeAccountId);
    }
  });

  steps.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  for (const step of steps) {
    if (step.at.getTime() > now.getTime()) throw new Error(`Demo step "${step.label}" is in the future (${step.at.toISOString()})`);
    clock.set(step.at);
    try {
      await step.run();
    } catch (error) {
      throw new Error(`Demo data: "${step.label}" at ${step.at.toISOString()} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  return { bookings: await db.booking.count() };
}

/**
 * A clock set to each step's time that then runs on in real time, so the writes of one step
 * (a claim, then the charge's outcome) are ordered on the timeline as they happened.
 */
class RunningClock implements Clock {
  private base: number;
  private setAt = performance.now();
  constructor(at: Date) {
    this.base = at.getTime();
  }
  set(at: Date): void {
    this.base = at.getTime();
    this.setAt = performance.now();
  }
  now = (): Date => new Date(this.base + Math.floor(performance.now() - this.setAt));
}

function demoListing(slug: string): DemoListing {
  const listing = DEMO_LISTINGS.find((l) => l.slug === slug);
  if (!listing) throw new Error(`Demo bookings: unknown listing ${slug}`);
  return listing;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return h! * 60 + m!;
};

/**
 * The first date on or after `date` when the listing is open from 17:00 for `hours` and no
 * other demo booking of it starts; marks it taken.
 */
function openDate(listing: DemoListing, date: string, hours: number, taken: Set<string>): string {
  for (let i = 0; i < 14; i++) {
    const candidate = addDays(date, i);
    const weekday = isoWeekday(candidate);
    const open = listing.hours.some(([d, opens, closes]) => d === weekday && minutesOf(opens) <= START_MINUTES && minutesOf(closes) >= START_MINUTES + hours * 60);
    const [, month, day] = candidate.split("-").map(Number);
    const blocked = (listing.blocked ?? []).some((b) => b.month === month && b.day === day);
    const key = `${listing.slug}/${candidate}`;
    if (open && !blocked && !taken.has(key)) {
      taken.add(key);
      return candidate;
    }
  }
  throw new Error(`Demo bookings: ${listing.slug} has no open date near ${date}`);
}

/**
 * The card for a demo request: the customer's saved card of that kind, or a new one saved the
 * way the Payment Element does it (a SetupIntent confirmed with the test card, 3D Secure
 * completed as the challenge page would).
 */
async function cardFor(
  ctx: Ctx,
  demo: DemoStripe,
  saved: Map<string, string>,
  customer: Actor,
  kind: CardKind,
): Promise<{ kind: "new"; setupIntentId: string } | { kind: "saved"; savedCardId: string }> {
  const savedCardId = saved.get(`${customer.id}/${kind}`);
  if (savedCardId) return { kind: "saved", savedCardId };
  const created = await createSetupIntent(ctx, customer.id);
  const intent = await demo.stripe.setupIntents.confirm(created.id, { payment_method: CARDS[kind] });
  if (intent.status === "requires_action") await demo.control.complete3DS(created.id, created.clientSecret);
  return { kind: "new", setupIntentId: created.id };
}
