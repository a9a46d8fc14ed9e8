import { newId, nowSeconds } from "./ids.js";
import type { Params } from "./params.js";
import type { State, Store } from "./store.js";
import type { EventObject } from "./resources/events.js";
import type { WebhookDispatcher } from "./webhooks.js";

export const DEFAULT_API_VERSION = "2026-10-28.endive";

export interface CoreConfig {
  publicUrl: string;
  apiVersion: string;
  /** delay before 4000000000007726 / 4000000000005126 refunds change status */
  refundTransitionMs: number;
  /** how soon a payout goes in_transit, and a payout to a failing test bank account fails after that */
  payoutTransitionMs: number;
}

/** Who is asking and under which request id / idempotency key (events carry these). */
export interface RequestInfo {
  id: string | null;
  idempotencyKey: string | null;
}

/** The emulator's engine: state, configuration, events. Handlers get it through the request context. */
export class Core {
  constructor(
    readonly store: Store,
    readonly webhooks: WebhookDispatcher,
    readonly config: CoreConfig,
  ) {}

  /** The connected account a request acts as (`Stripe-Account`), and its objects. */
  private scope: { account: string; state: State } | null = null;

  /** The objects of the account this request acts as: the platform's, or a connected account's. */
  get state(): State {
    return this.scope?.state ?? this.store.state;
  }

  /** The platform's own objects (connected accounts themselves, webhook endpoints, application fees). */
  get platform(): State {
    return this.store.state;
  }

  /** The connected account the current request acts as, or null for the platform. */
  get account(): string | null {
    return this.scope?.account ?? null;
  }

  /**
   * Run `fn` as a connected account (null: the platform): `state` is that account's objects and
   * events emitted meanwhile carry `account`. Handlers are synchronous, so the scope never leaks
   * into another request.
   */
  as<T>(account: string | null, fn: () => T): T {
    const previous = this.scope;
    this.scope = account ? { account, state: this.store.accountState(account) } : null;
    try {
      return fn();
    } finally {
      this.scope = previous;
    }
  }

  /**
   * The emulator clock in milliseconds: real time plus what the control API advanced it by
   * (`POST /_emulator/clock`). Connect's money timing reads it: when balance funds become
   * available, payout arrival dates, Account Link expiry.
   */
  now(): number {
    return Date.now() + this.store.state.clockOffsetMs;
  }

  /** `now()` in Unix seconds, as Stripe's timestamps are. */
  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Record an event (snapshot of `object` now) and queue its webhook deliveries. */
  emit(type: string, object: object, request: RequestInfo, previousAttributes?: Record<string, unknown>): EventObject {
    const data: EventObject["data"] = { object: snapshot(object) };
    if (previousAttributes && Object.keys(previousAttributes).length) data.previous_attributes = snapshot(previousAttributes);
    const event: EventObject = {
      id: newId("evt"),
      object: "event",
      api_version: this.config.apiVersion,
      created: nowSeconds(),
      data,
      livemode: false,
      pending_webhooks: 0,
      request: { id: request.id, idempotency_key: request.idempotencyKey },
      type,
    };
    if (this.scope) event.account = this.scope.account;
    this.store.addEvent(event, this.state);
    this.webhooks.enqueue(event);
    this.store.markDirty();
    return event;
  }
}

export interface RequestContext {
  core: Core;
  params: Params;
  apiKey: string;
  publishable: boolean;
  request: RequestInfo;
}

/** previous_attributes: the old values of the keys that changed (shallow). */
export function diff<T extends object>(before: T, after: T): Record<string, unknown> {
  const prev: Record<string, unknown> = {};
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) prev[key] = a[key] ?? null;
  }
  return prev;
}

/** Deep copy of a JSON value (faster than structuredClone for plain data). */
export function snapshot<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
