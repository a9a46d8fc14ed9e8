/**
 * A gateway whose payout operations run against an in-test model of connected accounts'
 * balances, with Stripe's documented behaviour for what the payout engine relies on:
 * a payout's idempotency key answers a re-send with the SAME payout (never a second one);
 * a payout larger than the available balance is refused (`balance_insufficient`); the
 * balance is transfers − reversals − payouts (negative after a refund that came after a
 * payout); a failed payout returns its money. Every other operation goes to the emulator.
 *
 * Faults for the tests: `loseNextAnswer` makes the next create run at "Stripe" but throw a
 * transient error to us (a timeout after Stripe acted), the case the claims must survive.
 */
import type Stripe from "stripe";
import { StripeGateway } from "@/lib/stripe/gateway";
import { StripeCallFailed } from "@/lib/stripe/errors";
import { StripeGate } from "@/lib/stripe/rate-limit";

interface AccountLedger {
  /** Money on the account per currency (lower case), available at once. */
  available: Map<string, number>;
  pending: Map<string, number>;
}

export class PayoutLedgerGateway extends StripeGateway {
  readonly accounts = new Map<string, AccountLedger>();
  readonly payouts = new Map<string, Stripe.Payout & { account: string }>();
  private readonly byKey = new Map<string, string>();
  /** Every create call that reached "Stripe" (re-sends included). */
  createCalls = 0;
  loseNextAnswer = false;
  private seq = 0;

  constructor(sdk: Stripe) {
    super(sdk, { gate: new StripeGate({ perSecond: null, concurrency: 8 }), sleep: async () => {} });
  }

  private ledger(account: string): AccountLedger {
    let l = this.accounts.get(account);
    if (!l) {
      l = { available: new Map(), pending: new Map() };
      this.accounts.set(account, l);
    }
    return l;
  }

  /** A transfer (the host's share of a destination charge) reaching the account. */
  transfer(account: string, amount: number, currency = "eur", available = true): void {
    const l = this.ledger(account);
    const bucket = available ? l.available : l.pending;
    bucket.set(currency, (bucket.get(currency) ?? 0) + amount);
  }

  /** A transfer reversal (a refund with reverse_transfer) taking money back. */
  reverse(account: string, amount: number, currency = "eur"): void {
    const l = this.ledger(account);
    l.available.set(currency, (l.available.get(currency) ?? 0) - amount);
  }

  makePendingAvailable(account: string): void {
    const l = this.ledger(account);
    for (const [c, v] of l.pending) l.available.set(c, (l.available.get(c) ?? 0) + v);
    l.pending.clear();
  }

  /** The bank answers: paid, or failed with a code (the money returns to the account). */
  settle(payoutId: string, outcome: "paid" | { failure: string; message: string }): Stripe.Payout {
    const p = this.payouts.get(payoutId);
    if (!p) throw new Error(`no payout ${payoutId}`);
    if (outcome === "paid") p.status = "paid";
    else {
      p.status = "failed";
      p.failure_code = outcome.failure;
      p.failure_message = outcome.message;
      const l = this.ledger(p.account);
      l.available.set(p.currency, (l.available.get(p.currency) ?? 0) + p.amount);
    }
    return p;
  }

  /** Payouts made on an account (not failed). */
  paidOut(account: string): number {
    return [...this.payouts.values()].filter((p) => p.account === account && p.status !== "failed").reduce((s, p) => s + p.amount, 0);
  }

  override async createPayout(args: { accountId: string; payoutRowId: string; amount: number; currency: string; hostId: string }): Promise<Stripe.Payout> {
    this.createCalls++;
    const key = `payout/${args.payoutRowId}`;
    const existing = this.byKey.get(key);
    let payout: Stripe.Payout & { account: string };
    if (existing) payout = this.payouts.get(existing)!;
    else {
      const currency = args.currency.toLowerCase();
      const l = this.ledger(args.accountId);
      const available = l.available.get(currency) ?? 0;
      if (args.amount > available) {
        throw new StripeCallFailed({
          kind: "invalid_request",
          type: "invalid_request_error",
          code: "balance_insufficient",
          declineCode: null,
          message: "You have insufficient funds in your Stripe account for this transfer.",
          statusCode: 400,
          paymentIntent: null,
        });
      }
      l.available.set(currency, available - args.amount);
      const id = `po_test_${++this.seq}`;
      payout = {
        id,
        object: "payout",
        account: args.accountId,
        amount: args.amount,
        currency,
        status: "in_transit",
        arrival_date: Math.floor(Date.now() / 1000) + 2 * 86_400,
        metadata: { payout_id: args.payoutRowId, host_id: args.hostId },
        failure_code: null,
        failure_message: null,
        method: "standard",
        type: "bank_account",
        automatic: false,
        created: Math.floor(Date.now() / 1000),
      } as unknown as Stripe.Payout & { account: string };
      this.payouts.set(id, payout);
      this.byKey.set(key, id);
    }
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new StripeCallFailed({
        kind: "transient",
        type: "StripeConnectionError",
        code: null,
        declineCode: null,
        message: "timed out",
        statusCode: null,
        paymentIntent: null,
      });
    }
    return { ...payout };
  }

  override async retrievePayout(accountId: string, payoutId: string): Promise<Stripe.Payout> {
    const p = this.payouts.get(payoutId);
    if (!p || p.account !== accountId) throw new Error(`no payout ${payoutId} on ${accountId}`);
    return { ...p };
  }

  override async retrieveBalance(accountId: string): Promise<Stripe.Balance> {
    const l = this.ledger(accountId);
    const list = (m: Map<string, number>) => [...m].map(([currency, amount]) => ({ currency, amount, source_types: { card: amount } }));
    return { object: "balance", available: list(l.available), pending: list(l.pending), livemode: false } as Stripe.Balance;
  }
}
