import { randomUUID } from "node:crypto";

/**
 * Every idempotency key Löyly sends to Stripe, built from our own ids in this one place.
 * A key names the one operation it protects, so a re-send after a crash, a timeout or a
 * second worker is answered from Stripe's idempotency cache instead of acting twice.
 */
export const idempotencyKeys = {
  /** The Stripe customer of a user: concurrent first bookings create one customer. */
  customer: (userId: string) => `user/${userId}/customer`,
  /** The booking's one off-session PaymentIntent (created and confirmed at once). */
  paymentIntent: (bookingId: string) => `booking/${bookingId}/payment-intent`,
  /** The booking's PaymentIntent when the customer pays on session before any charge. */
  onSessionPaymentIntent: (bookingId: string) => `booking/${bookingId}/payment-intent/on-session`,
  /** The n-th automatic confirmation of that same PaymentIntent (a retry). */
  attempt: (bookingId: string, attempt: number) => `booking/${bookingId}/attempt/${attempt}`,
  /** The n-th refund of a booking (n is unique under the booking's row lock). */
  refund: (bookingId: string, n: number) => `booking/${bookingId}/refund/${n}`,
  /** The host's one connected account: a double click on "Set up payouts" creates one. */
  connectedAccount: (userId: string) => `user/${userId}/connected-account`,
  /**
   * A payout to a host's bank: the Payout row is written (with the bookings it pays) before
   * Stripe is asked, so its id names the one payout and a re-send after a crash makes none.
   */
  payout: (payoutRowId: string) => `payout/${payoutRowId}`,
  /**
   * A request no operation of ours names (a SetupIntent for one card form, an onboarding
   * link, a cancel, a detach): a key of its own, made once per gateway call and sent with
   * every re-send of that call, so a re-send of a request that did reach Stripe is answered
   * from Stripe's cache instead of making a second SetupIntent or link.
   */
  request: () => `request/${randomUUID()}`,
  /**
   * Not sent to Stripe: the key of an on-session attempt row, so a reload of the pay-now page
   * records one row per charge outcome.
   */
  payNowAttempt: (paymentIntentId: string, outcome: string) => `pay-now/${paymentIntentId}/${outcome}`,
} as const;
