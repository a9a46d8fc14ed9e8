import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { collectionNames, type Collections } from "./registry.js";
import type { EventObject } from "./resources/events.js";
import type { CardSecret, DeclineOverride } from "./types.js";

export interface IdempotencyEntry {
  fingerprint: string;
  createdAt: number;
  inFlight: boolean;
  status: number;
  body: string;
  requestId: string;
}

export interface PaymentIntentCounter {
  attempts: number;
  succeededCharges: number;
  failedCharges: number;
}

export interface Counters {
  requests: number;
  chargesSucceeded: number;
  chargesFailed: number;
  refunds: number;
  setupIntentsSucceeded: number;
  paymentIntents: Record<string, PaymentIntentCounter>;
}

export type WebhookScope = "account" | "connect" | "all";

export interface PendingRefundTransition {
  /** the connected account the refund is on (absent: the platform) */
  account?: string;
  refundId: string;
  dueAt: number;
  to: "succeeded" | "failed";
}

/**
 * The whole emulated account. Everything is a Map keyed by id, in creation order: one per
 * registered resource (`Collections`, typed by each resource file) plus the emulator's own.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface State extends Collections {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class State {
  deletedCustomers = new Set<string>();
  cardSecrets = new Map<string, CardSecret>();
  webhookSecrets = new Map<string, string>();
  /**
   * Which events an endpoint receives: the platform's own (`account`, the default), connected
   * accounts' (`connect`, an endpoint created with `connect: true`), or both (`all`: endpoints
   * configured at start, like `stripe listen` forwarding both).
   */
  webhookScopes = new Map<string, WebhookScope>();
  declineOverrides = new Map<string, DeclineOverride>();
  idempotency = new Map<string, IdempotencyEntry>();
  pendingRefunds: PendingRefundTransition[] = [];
  counters: Counters = emptyCounters();
  /** the emulator clock's lead over real time (platform state only; see `Core.now`) */
  clockOffsetMs = 0;

  constructor() {
    for (const name of collectionNames()) (this as unknown as Record<string, Map<string, unknown>>)[name] = new Map();
  }
}

function emptyCounters(): Counters {
  return { requests: 0, chargesSucceeded: 0, chargesFailed: 0, refunds: 0, setupIntentsSucceeded: 0, paymentIntents: {} };
}

/** The emulator's own maps; each registered resource's collection is saved the same way, under its name. */
const OWN_MAP_KEYS = ["cardSecrets", "webhookSecrets", "webhookScopes", "declineOverrides", "idempotency"] as const;

function mapKeys(): string[] {
  return [...collectionNames(), ...OWN_MAP_KEYS];
}

function mapsOf(state: State): Record<string, Map<string, unknown>> {
  return state as unknown as Record<string, Map<string, unknown>>;
}

interface SerializedState {
  version: 1;
  deletedCustomers?: string[];
  pendingRefunds?: PendingRefundTransition[];
  counters?: Counters;
  clockOffsetMs?: number;
  /** connected accounts' own objects, by account id */
  connected?: Record<string, SerializedState>;
  [map: string]: unknown;
}

function stateFrom(data: SerializedState): State {
  const state = new State();
  for (const key of mapKeys()) {
    const entries = data[key];
    mapsOf(state)[key] = new Map(Array.isArray(entries) ? (entries as [string, unknown][]) : []);
  }
  state.deletedCustomers = new Set(data.deletedCustomers ?? []);
  state.pendingRefunds = data.pendingRefunds ?? [];
  state.counters = data.counters ?? emptyCounters();
  state.clockOffsetMs = data.clockOffsetMs ?? 0;
  for (const entry of state.idempotency.values()) entry.inFlight = false;
  return state;
}

function serializeState(s: State): SerializedState {
  const out: SerializedState = {
    version: 1,
    deletedCustomers: [...s.deletedCustomers],
    pendingRefunds: s.pendingRefunds,
    counters: s.counters,
    clockOffsetMs: s.clockOffsetMs,
  };
  for (const key of mapKeys()) out[key] = [...(mapsOf(s)[key] ?? new Map()).entries()];
  return out;
}

const STATE_FILE = "state.json";
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface StoreOptions {
  /** null: in memory only */
  dataDir: string | null;
  persistDebounceMs: number;
  maxEvents: number;
  maxIdempotencyKeys: number;
}

/** State plus its persistence: debounced, atomic (tmp + rename), flushed on close. */
export class Store {
  state = new State();
  /** connected accounts' own objects (what requests with `Stripe-Account` see), by account id */
  private connected = new Map<string, State>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private dirty = false;
  /** how long the last serialization blocked the event loop; writes are spaced to keep that under ~5% */
  private lastSerializeMs = 0;

  constructor(private readonly options: StoreOptions) {
    if (options.dataDir) {
      mkdirSync(options.dataDir, { recursive: true });
      this.load();
    }
  }

  private get file(): string | null {
    return this.options.dataDir ? join(this.options.dataDir, STATE_FILE) : null;
  }

  private load(): void {
    const file = this.file;
    if (!file) return;
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return;
    }
    const data = JSON.parse(text) as SerializedState;
    this.state = stateFrom(data);
    this.connected = new Map(Object.entries(data.connected ?? {}).map(([id, s]) => [id, stateFrom(s)]));
    this.pruneIdempotency();
  }

  private serialize(): string {
    const out = serializeState(this.state);
    out.connected = Object.fromEntries([...this.connected].map(([id, s]) => [id, serializeState(s)]));
    return JSON.stringify(out);
  }

  /** A connected account's own objects (created on first use). */
  accountState(account: string): State {
    let state = this.connected.get(account);
    if (!state) {
      state = new State();
      this.connected.set(account, state);
    }
    return state;
  }

  /** The objects of the platform (null) or of a connected account. */
  stateOf(account: string | null | undefined): State {
    return account ? this.accountState(account) : this.state;
  }

  /** Every connected account's state, by account id. */
  connectedStates(): ReadonlyMap<string, State> {
    return this.connected;
  }

  /** Call after every mutation; the write happens later, off the request path. */
  markDirty(): void {
    this.dirty = true;
    if (!this.file || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, Math.max(this.options.persistDebounceMs, this.lastSerializeMs * 20));
    this.timer.unref();
  }

  private async save(): Promise<void> {
    const file = this.file;
    if (!file) return;
    // wait for a write in flight first: returning early while it runs would let flush() (and
    // close()) finish before the newest state is on disk
    if (this.writing) {
      await this.writing;
      return this.save();
    }
    if (!this.dirty) return;
    this.dirty = false;
    const tmp = `${file}.${process.pid}.tmp`;
    const started = performance.now();
    const text = this.serialize();
    this.lastSerializeMs = performance.now() - started;
    this.writing = writeFile(tmp, text)
      .then(() => rename(tmp, file))
      .finally(() => {
        this.writing = null;
      });
    await this.writing;
  }

  /** Write now (close, signals). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.writing) await this.writing;
    await this.save();
  }

  /** Synchronous last-chance write (process exit). */
  flushSync(): void {
    const file = this.file;
    if (!file || !this.dirty) return;
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, this.serialize());
    renameSync(tmp, file);
    this.dirty = false;
  }

  reset(): void {
    this.state = new State();
    this.connected = new Map();
    this.markDirty();
  }

  addEvent(event: EventObject, state: State = this.state): void {
    const events = state.events;
    events.set(event.id, event);
    if (events.size > this.options.maxEvents) {
      const oldest = events.keys().next().value;
      if (oldest !== undefined) events.delete(oldest);
    }
  }

  pruneIdempotency(now = Date.now()): void {
    const map = this.state.idempotency;
    for (const [key, entry] of map) {
      if (now - entry.createdAt < IDEMPOTENCY_TTL_MS && map.size <= this.options.maxIdempotencyKeys) break;
      if (!entry.inFlight) map.delete(key);
    }
  }

  counterFor(paymentIntentId: string): PaymentIntentCounter {
    const counters = this.state.counters.paymentIntents;
    let c = counters[paymentIntentId];
    if (!c) {
      c = { attempts: 0, succeededCharges: 0, failedCharges: 0 };
      counters[paymentIntentId] = c;
    }
    return c;
  }
}
