/**
 * The one module that calls Stripe. Every request goes through `StripeGateway`:
 *
 * - the gate (rate-limit.ts): bounded concurrency and a token bucket for the rate;
 * - transient failures (429, 409 conflicts, 5xx, network, timeouts) re-sent after a backoff
 *   with the SAME idempotency key, so a request that did reach Stripe is answered from
 *   Stripe's idempotency cache and never executed twice. Stripe's advice wins: an answer with
 *   `Stripe-Should-Retry: false` is not re-sent, one with `true` is (whatever its status);
 *   a 429 (`Retry-After`, else the backoff) holds back every call of this gateway for that
 *   long, not only the one that got it, so a rate-limited process slows down as a whole;
 * - idempotency keys built from our ids in keys.ts, never at the call site; a POST that no id
 *   of ours names gets a key of its own per call (`call` hands it to the request), so every
 *   re-send carries one. The SDK re-sends nothing itself (client.ts; only once when a
 *   connection closes, with the same key): its re-sends would not take a turn of the limit;
 * - every other failure classified once (errors.ts) and thrown as `StripeCallFailed`.
 *
 * The methods are the operations Löyly performs, named for what they do; a new Stripe
 * operation is a new method here. The SDK object itself stays private to this module.
 */
import type Stripe from "stripe";
import { describeStripeError, StripeCallFailed, transientBackoffMs } from "./errors";
import { idempotencyKeys } from "./keys";
import { StripeGate, type StripeGateOptions } from "./rate-limit";

export interface GatewayOptions {
  gate?: StripeGate | StripeGateOptions;
  /** Re-sends of one request after a transient failure (5xx, network, conflicts), same idempotency key. */
  transientRetries?: number;
  /**
   * Re-sends after a 429: Stripe did not run the request, so waiting longer is always safe;
   * default twice transientRetries.
   */
  rateLimitRetries?: number;
  /** Waits between those re-sends (injectable so tests do not sleep). */
  sleep?: (ms: number) => Promise<void>;
}

/** What a PaymentIntent of a booking is made from (amounts in minor units). */
export interface BookingCharge {
  bookingId: string;
  amount: number;
  /** ISO code as stored (upper or lower case); Stripe takes lower case. */
  currency: string;
  customerId: string | null;
  paymentMethodId: string | null;
  /**
   * Stripe Connect: the host's connected account (acct_…) and the platform fee. The charge
   * is a destination charge: the customer pays `amount`, the platform keeps
   * `applicationFeeAmount` and the rest is transferred to the host.
   */
  destination: { accountId: string; applicationFeeAmount: number };
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The parameters of a booking's PaymentIntent, off session (confirmed at once) or for pay-now. */
export function paymentIntentParams(charge: BookingCharge, mode: "off_session" | "on_session"): Stripe.PaymentIntentCreateParams {
  return {
    amount: charge.amount,
    currency: charge.currency.toLowerCase(),
    customer: charge.customerId ?? undefined,
    automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    description: `Löyly booking ${charge.bookingId}`,
    metadata: { booking_id: charge.bookingId },
    // A destination charge: made on the platform, the host's share transferred to their
    // connected account, the platform fee kept as an application fee. No on_behalf_of: the
    // platform and its hosts are in the same region, and the customer's one saved card is
    // used for every host (see docs/connect.md).
    transfer_data: { destination: charge.destination.accountId },
    application_fee_amount: charge.destination.applicationFeeAmount,
    ...(mode === "off_session" ? { payment_method: charge.paymentMethodId ?? undefined, off_session: true, confirm: true } : {}),
  };
}

export class StripeGateway {
  readonly gate: StripeGate;
  private readonly transientRetries: number;
  private readonly rateLimitRetries: number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Date.now() before which no call starts (set by a 429). */
  private holdUntil = 0;
  /** Re-sends made after transient failures, and how many of them followed a 429 (benchmarks, tests). */
  retries = 0;
  rateLimited = 0;

  constructor(
    private readonly sdk: Stripe,
    options: GatewayOptions = {},
  ) {
    this.gate = options.gate instanceof StripeGate ? options.gate : new StripeGate(options.gate);
    this.transientRetries = options.transientRetries ?? 3;
    this.rateLimitRetries = options.rateLimitRetries ?? this.transientRetries * 2;
    this.sleep = options.sleep ?? realSleep;
  }

  /** Calls made through the gate so far (benchmarks). */
  get calls(): number {
    return this.gate.calls;
  }

  /**
   * Runs one SDK call through the gate, re-sending it on transient failures. `key` is the
   * call's own idempotency key, the same for each re-send, for POSTs without one of ours.
   */
  private async call<T>(request: (sdk: Stripe, key: string) => Promise<T>): Promise<T> {
    const key = idempotencyKeys.request();
    for (let retry = 0; ; retry++) {
      const held = this.holdUntil - Date.now();
      if (held > 0) await this.sleep(held);
      try {
        return await this.gate.run(() => request(this.sdk, key));
      } catch (error) {
        const failure = describeStripeError(error);
        const rateLimited = failure.statusCode === 429;
        const wanted = failure.shouldRetry ?? failure.kind === "transient";
        const budget = rateLimited ? this.rateLimitRetries : this.transientRetries;
        if (!wanted || retry >= budget) throw new StripeCallFailed(failure, { cause: error });
        const wait = Math.max(transientBackoffMs(Math.min(retry, 5)), failure.retryAfterMs ?? 0);
        this.retries++;
        if (rateLimited) this.rateLimited++;
        // A 429 holds every call back (this one waits for the hold at the top of the loop).
        if (rateLimited) this.holdUntil = Math.max(this.holdUntil, Date.now() + wait);
        else await this.sleep(wait);
      }
    }
  }

  // Customers and saved cards

  createCustomer(user: { id: string; email: string; name: string }): Promise<Stripe.Customer> {
    return this.call((s) =>
      s.customers.create(
        { email: user.email, name: user.name, metadata: { user_id: user.id } },
        { idempotencyKey: idempotencyKeys.customer(user.id) },
      ),
    );
  }

  setDefaultPaymentMethod(customerId: string, paymentMethodId: string): Promise<Stripe.Customer> {
    return this.call((s, key) => s.customers.update(customerId, { invoice_settings: { default_payment_method: paymentMethodId } }, { idempotencyKey: key }));
  }

  /** A SetupIntent that saves a card of this user for later off-session charges. */
  createSetupIntent(args: { customerId: string; userId: string }): Promise<Stripe.SetupIntent> {
    return this.call((s, key) =>
      s.setupIntents.create(
        {
          customer: args.customerId,
          usage: "off_session",
          // Cards (and anything else without a redirect): the booking flow confirms in place.
          automatic_payment_methods: { enabled: true, allow_redirects: "never" },
          metadata: { user_id: args.userId },
        },
        { idempotencyKey: key },
      ),
    );
  }

  /** The SetupIntent with its payment method expanded. */
  retrieveSetupIntent(setupIntentId: string): Promise<Stripe.SetupIntent> {
    return this.call((s) => s.setupIntents.retrieve(setupIntentId, { expand: ["payment_method"] }));
  }

  retrievePaymentMethod(paymentMethodId: string): Promise<Stripe.PaymentMethod> {
    return this.call((s) => s.paymentMethods.retrieve(paymentMethodId));
  }

  detachPaymentMethod(paymentMethodId: string): Promise<Stripe.PaymentMethod> {
    return this.call((s, key) => s.paymentMethods.detach(paymentMethodId, {}, { idempotencyKey: key }));
  }

  // The booking's one PaymentIntent

  /** Creates and confirms the booking's PaymentIntent off session (the first charge). */
  chargeOffSession(charge: BookingCharge): Promise<Stripe.PaymentIntent> {
    return this.call((s) =>
      s.paymentIntents.create(
        // The charge expanded: its transfer and application fee ids, without a second request.
        { ...paymentIntentParams(charge, "off_session"), expand: ["latest_charge"] },
        { idempotencyKey: idempotencyKeys.paymentIntent(charge.bookingId) },
      ),
    );
  }

  /** Confirms the booking's existing PaymentIntent off session again (automatic attempt n). */
  retryOffSession(args: { bookingId: string; paymentIntentId: string; paymentMethodId: string | null; attempt: number }): Promise<Stripe.PaymentIntent> {
    return this.call((s) =>
      s.paymentIntents.confirm(
        args.paymentIntentId,
        { payment_method: args.paymentMethodId ?? undefined, off_session: true, expand: ["latest_charge"] },
        { idempotencyKey: idempotencyKeys.attempt(args.bookingId, args.attempt) },
      ),
    );
  }

  /** A PaymentIntent for the customer to confirm on the pay-now page (none existed yet). */
  createOnSessionPaymentIntent(charge: BookingCharge): Promise<Stripe.PaymentIntent> {
    return this.call((s) =>
      s.paymentIntents.create(paymentIntentParams(charge, "on_session"), {
        idempotencyKey: idempotencyKeys.onSessionPaymentIntent(charge.bookingId),
      }),
    );
  }

  retrievePaymentIntent(paymentIntentId: string): Promise<Stripe.PaymentIntent> {
    return this.call((s) => s.paymentIntents.retrieve(paymentIntentId));
  }

  cancelPaymentIntent(paymentIntentId: string, reason: Stripe.PaymentIntentCancelParams.CancellationReason): Promise<Stripe.PaymentIntent> {
    return this.call((s, key) => s.paymentIntents.cancel(paymentIntentId, { cancellation_reason: reason }, { idempotencyKey: key }));
  }

  /** PaymentIntents whose metadata names the booking (when we never stored the id). */
  async findPaymentIntentsOfBooking(bookingId: string): Promise<Stripe.PaymentIntent[]> {
    const found = await this.call((s) => s.paymentIntents.search({ query: `metadata['booking_id']:'${bookingId}'`, limit: 10 }));
    return found.data;
  }

  // Refunds

  /**
   * The n-th refund of a booking, on its PaymentIntent. A destination charge's refund
   * reverses the host's transfer and refunds the platform fee in proportion (Stripe splits
   * `amount` between them as the charge was split).
   */
  createRefund(args: { bookingId: string; n: number; refundRowId: string; paymentIntentId: string; amount: number; destinationCharge: boolean }): Promise<Stripe.Refund> {
    return this.call((s) =>
      s.refunds.create(
        {
          payment_intent: args.paymentIntentId,
          amount: args.amount,
          reason: "requested_by_customer",
          metadata: { booking_id: args.bookingId, refund_id: args.refundRowId },
          ...(args.destinationCharge ? { reverse_transfer: true, refund_application_fee: true } : {}),
        },
        { idempotencyKey: idempotencyKeys.refund(args.bookingId, args.n) },
      ),
    );
  }

  retrieveRefund(refundId: string): Promise<Stripe.Refund> {
    return this.call((s) => s.refunds.retrieve(refundId));
  }

  /** Every refund of a PaymentIntent (a booking has far fewer than 100). */
  async listRefundsOfPaymentIntent(paymentIntentId: string): Promise<Stripe.Refund[]> {
    const found = await this.call((s) => s.refunds.list({ payment_intent: paymentIntentId, limit: 100 }));
    return found.data;
  }

  /** The charge and every refund of it (a charge has far fewer than 100). */
  async retrieveChargeWithRefunds(chargeId: string): Promise<{ charge: Stripe.Charge; refunds: Stripe.Refund[] }> {
    const charge = await this.call((s) => s.charges.retrieve(chargeId));
    const refunds = await this.call((s) => s.refunds.list({ charge: charge.id, limit: 100 }));
    return { charge, refunds: refunds.data };
  }

  // Stripe Connect: hosts' connected accounts

  /**
   * The host's connected account: Stripe collects the requirements through its hosted
   * onboarding, the platform pays Stripe's fees and carries negative balances (destination
   * charges), the host gets the Express dashboard, payouts are manual (released per booking).
   */
  createConnectedAccount(host: { userId: string; email: string; country: string }): Promise<Stripe.Account> {
    return this.call((s) =>
      s.accounts.create(
        {
          country: host.country,
          email: host.email,
          controller: {
            fees: { payer: "application" },
            losses: { payments: "application" },
            requirement_collection: "stripe",
            stripe_dashboard: { type: "express" },
          },
          capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
          business_profile: { mcc: "7997", product_description: "Sauna rentals booked through Löyly" },
          settings: { payouts: { schedule: { interval: "manual" } } },
          metadata: { user_id: host.userId },
        },
        { idempotencyKey: idempotencyKeys.connectedAccount(host.userId) },
      ),
    );
  }

  retrieveAccount(accountId: string): Promise<Stripe.Account> {
    return this.call((s) => s.accounts.retrieve(accountId));
  }

  /** A one-time link to Stripe's hosted onboarding (it expires within minutes; make a new one each time). */
  createAccountLink(args: { accountId: string; refreshUrl: string; returnUrl: string }): Promise<Stripe.AccountLink> {
    return this.call((s, key) =>
      s.accountLinks.create(
        {
          account: args.accountId,
          refresh_url: args.refreshUrl,
          return_url: args.returnUrl,
          type: "account_onboarding",
          collection_options: { fields: "currently_due" },
        },
        { idempotencyKey: key },
      ),
    );
  }

  /** A single-use link to the host's Express dashboard. */
  createLoginLink(accountId: string): Promise<Stripe.LoginLink> {
    return this.call((s, key) => s.accounts.createLoginLink(accountId, {}, { idempotencyKey: key }));
  }

  /** The charge of a PaymentIntent with its transfer (a destination charge's money split). */
  retrieveCharge(chargeId: string): Promise<Stripe.Charge> {
    return this.call((s) => s.charges.retrieve(chargeId, { expand: ["transfer", "application_fee"] }));
  }

  // Payouts on hosts' connected accounts (the Stripe-Account header names the account)

  /** A payout of the account's available balance to its bank (manual payouts). */
  createPayout(args: { accountId: string; payoutRowId: string; amount: number; currency: string; hostId: string }): Promise<Stripe.Payout> {
    return this.call((s) =>
      s.payouts.create(
        {
          amount: args.amount,
          currency: args.currency.toLowerCase(),
          description: "Löyly bookings",
          metadata: { payout_id: args.payoutRowId, host_id: args.hostId },
        },
        { stripeAccount: args.accountId, idempotencyKey: idempotencyKeys.payout(args.payoutRowId) },
      ),
    );
  }

  retrievePayout(accountId: string, payoutId: string): Promise<Stripe.Payout> {
    return this.call((s) => s.payouts.retrieve(payoutId, {}, { stripeAccount: accountId }));
  }

  /** The account's balance: available and pending, per currency. */
  retrieveBalance(accountId: string): Promise<Stripe.Balance> {
    return this.call((s) => s.balance.retrieve({}, { stripeAccount: accountId }));
  }

  /** The account's latest balance transactions (at most `limit`, newest first). */
  async listBalanceTransactions(accountId: string, options: { limit?: number; payoutId?: string } = {}): Promise<Stripe.BalanceTransaction[]> {
    const found = await this.call((s) =>
      s.balanceTransactions.list({ limit: options.limit ?? 100, ...(options.payoutId ? { payout: options.payoutId } : {}) }, { stripeAccount: accountId }),
    );
    return found.data;
  }

  // Webhooks (local: no request to Stripe)

  /** Verifies the signature and parses the event; throws the SDK's signature error. */
  constructEvent(payload: string, signature: string, secret: string): Stripe.Event {
    return this.sdk.webhooks.constructEvent(payload, signature, secret);
  }
}
