/**
 * Typed client for the emulator's control API (tests only; never Stripe's paths).
 *   const control = new EmulatorControl("http://localhost:12111", "sk_test_…");
 *   await control.declinePaymentMethod(pmId, { code: "card_declined", decline_code: "insufficient_funds" });
 */

// Type-only imports: the shapes are the server's own, and nothing of the server loads with the client.
import type { FaultKind } from "./server/faults.js";
import type { Counters as StoreCounters, PaymentIntentCounter } from "./server/store.js";
import type { DeliveryLogEntry, WebhookSettings } from "./server/webhooks.js";

export type { DeliveryLogEntry, FaultKind, PaymentIntentCounter, WebhookSettings };

export interface Fault {
  kind: FaultKind;
  /** next N matching requests; omitted (and no rate) = until cleared */
  count?: number;
  /** share of matching requests, 0..1 */
  rate?: number;
  delayMs?: number;
  pathPrefix?: string;
  method?: "GET" | "POST" | "DELETE";
}

export interface DeclineOptions {
  code?: string;
  decline_code?: string;
  /** charges to decline; omitted = until cleared */
  count?: number;
}

/** What GET /_emulator/counters answers: the store's counters plus the webhook queue. */
export interface Counters extends StoreCounters {
  webhookDeliveries: number;
  webhooksPending: number;
}

export interface ThreeDSResult<T = Record<string, unknown>> {
  intent: T & { id: string; status: string };
}

export class EmulatorControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`emulator control request failed with ${status}: ${JSON.stringify(body)}`);
  }
}

export class EmulatorControl {
  constructor(
    readonly baseUrl: string,
    private readonly secretKey: string,
  ) {}

  private async call<T>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl.replace(/\/$/, "")}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.secretKey}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json: unknown = await res.json();
    if (!res.ok) throw new EmulatorControlError(res.status, json);
    return json as T;
  }

  health(): Promise<{ ok: boolean }> {
    return this.call("GET", "/_emulator/health");
  }

  /** Drop all state (objects, events, idempotency keys, faults, rate limit, delivery log). */
  reset(): Promise<void> {
    return this.call<unknown>("POST", "/_emulator/reset").then(() => undefined);
  }

  /** Make this PaymentMethod's next charges decline (e.g. insufficient funds on a card saved months ago). */
  declinePaymentMethod(paymentMethodId: string, options: DeclineOptions = {}): Promise<unknown> {
    return this.call("POST", `/_emulator/payment_methods/${encodeURIComponent(paymentMethodId)}/decline`, options);
  }

  clearDecline(paymentMethodId: string): Promise<unknown> {
    return this.call("DELETE", `/_emulator/payment_methods/${encodeURIComponent(paymentMethodId)}/decline`);
  }

  addFault(fault: Fault): Promise<{ faults: Fault[] }> {
    return this.call("POST", "/_emulator/faults", fault);
  }

  clearFaults(): Promise<unknown> {
    return this.call("DELETE", "/_emulator/faults");
  }

  /** null removes the limit. */
  setRateLimit(perSecond: number | null): Promise<{ perSecond: number | null }> {
    return this.call("POST", "/_emulator/rate_limit", { perSecond });
  }

  configureWebhooks(settings: Partial<WebhookSettings>): Promise<{ settings: WebhookSettings }> {
    return this.call("POST", "/_emulator/webhooks", settings);
  }

  /** Deliver everything queued now (also while paused). */
  flushWebhooks(): Promise<{ pending: number }> {
    return this.call("POST", "/_emulator/webhooks/flush");
  }

  /** Wait until no delivery is queued or in flight. */
  waitForWebhooks(timeoutMs = 10_000): Promise<{ idle: boolean; pending: number }> {
    return this.call("POST", "/_emulator/webhooks/idle", { timeoutMs });
  }

  deliveries(): Promise<DeliveryLogEntry[]> {
    return this.call<{ deliveries: DeliveryLogEntry[] }>("GET", "/_emulator/webhooks/deliveries").then((r) => r.deliveries);
  }

  /** `scope`: the platform's own events (`account`, default), connected accounts' (`connect`), or both (`all`). */
  addWebhookEndpoint(input: { url: string; secret?: string; enabled_events?: string[]; scope?: "account" | "connect" | "all" }): Promise<{ id: string; secret: string; url: string }> {
    return this.call("POST", "/_emulator/webhooks/endpoints", input);
  }

  counters(): Promise<Counters> {
    return this.call("GET", "/_emulator/counters");
  }

  /** What the 3DS challenge page does when the customer clicks "Complete". */
  complete3DS<T = Record<string, unknown>>(intentId: string, clientSecret: string): Promise<ThreeDSResult<T>> {
    return this.call("POST", `/_emulator/3ds/${encodeURIComponent(intentId)}/complete`, { client_secret: clientSecret });
  }

  /** What the 3DS challenge page does when the customer clicks "Fail". */
  fail3DS<T = Record<string, unknown>>(intentId: string, clientSecret: string): Promise<ThreeDSResult<T>> {
    return this.call("POST", `/_emulator/3ds/${encodeURIComponent(intentId)}/fail`, { client_secret: clientSecret });
  }

  // ---- Connect ----

  /** Finish a connected account's onboarding as if its holder submitted valid details: capabilities active, charges and payouts enabled (payouts need a bank account). */
  completeOnboarding<T = Record<string, unknown>>(accountId: string): Promise<T> {
    return this.call("POST", `/_emulator/accounts/${encodeURIComponent(accountId)}/complete_onboarding`);
  }

  /** Restrict a connected account (`requirements.disabled_reason` = reason; capabilities inactive, charges and payouts disabled). */
  restrictAccount<T = Record<string, unknown>>(accountId: string, reason = "requirements.past_due"): Promise<T> {
    return this.call("POST", `/_emulator/accounts/${encodeURIComponent(accountId)}/restrict`, { reason });
  }

  /** Details submitted, identity being verified (`requirements.pending_verification`; capabilities pending). */
  pendingVerification<T = Record<string, unknown>>(accountId: string): Promise<T> {
    return this.call("POST", `/_emulator/accounts/${encodeURIComponent(accountId)}/pending_verification`);
  }

  /** Still enabled, but Stripe needs an identity document by `deadline` (Unix seconds; default 14 days on): `requirements.currently_due` + `current_deadline`. */
  requireInformation<T = Record<string, unknown>>(accountId: string, deadline?: number): Promise<T> {
    return this.call("POST", `/_emulator/accounts/${encodeURIComponent(accountId)}/information_due`, deadline === undefined ? {} : { deadline });
  }

  /** Back to nothing submitted (everything currently due). */
  resetOnboarding<T = Record<string, unknown>>(accountId: string): Promise<T> {
    return this.call("POST", `/_emulator/accounts/${encodeURIComponent(accountId)}/reset_onboarding`);
  }

  /** The emulator clock (Unix seconds) and how far it is ahead of real time. */
  clock(): Promise<{ now: number; offsetSeconds: number }> {
    return this.call("GET", "/_emulator/clock");
  }

  /** Move the emulator clock forward (never before real time): funds become available and payouts arrive by it. */
  advanceClock(input: { advanceSeconds: number } | { to: number }): Promise<{ now: number; offsetSeconds: number }> {
    return this.call("POST", "/_emulator/clock", input);
  }

  /** Make pending funds available now: of one account (connected account id), or of every account when omitted. */
  makeFundsAvailable(account?: string): Promise<{ made_available: number }> {
    return this.call("POST", "/_emulator/balance/available", account ? { account } : {});
  }

  /** Move every pending / in-transit payout to its end now: paid, or failed for Stripe's failing test bank accounts. */
  settlePayouts(): Promise<{ settled: number }> {
    return this.call("POST", "/_emulator/payouts/settle");
  }
}
