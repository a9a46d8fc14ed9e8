import { createHmac } from "node:crypto";
import { randomToken } from "./ids.js";
import type { Store, WebhookScope } from "./store.js";
import type { EventObject } from "./resources/events.js";
import type { WebhookEndpointObject } from "./resources/webhookEndpoints.js";

export interface WebhookSettings {
  paused: boolean;
  duplicate: boolean;
  delayMs: number;
  reorder: boolean;
  retryBaseMs: number;
  maxAttempts: number;
  timeoutMs: number;
}

export interface DeliveryLogEntry {
  id: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  url: string;
  attempt: number;
  duplicate: boolean;
  status: number | null;
  error: string | null;
  deliveredAt: number;
  durationMs: number;
}

interface Job {
  id: string;
  eventId: string;
  /** the connected account whose events hold it, null for the platform */
  account: string | null;
  endpointId: string;
  attempt: number;
  dueAt: number;
}

const MAX_LOG = 2000;

export function signPayload(payload: string, secret: string, timestamp: number): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${payload}`).digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

function endpointWants(endpoint: WebhookEndpointObject, scope: WebhookScope, event: EventObject): boolean {
  if (endpoint.status !== "enabled") return false;
  if (scope !== "all" && (scope === "connect") !== (event.account !== undefined)) return false;
  return endpoint.enabled_events.includes("*") || endpoint.enabled_events.includes(event.type);
}

/** Signed delivery of events to webhook endpoints, with retries and test knobs. */
export class WebhookDispatcher {
  readonly log: DeliveryLogEntry[] = [];
  private queue: Job[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly store: Store,
    readonly settings: WebhookSettings,
  ) {}

  enqueue(event: EventObject): void {
    const platform = this.store.state;
    const endpoints = [...platform.webhookEndpoints.values()].filter((e) => endpointWants(e, platform.webhookScopes.get(e.id) ?? "account", event));
    event.pending_webhooks = endpoints.length;
    const now = Date.now();
    for (const endpoint of endpoints) {
      this.queue.push({ id: `whdel_${randomToken(16)}`, eventId: event.id, account: event.account ?? null, endpointId: endpoint.id, attempt: 1, dueAt: now + this.settings.delayMs });
    }
    if (endpoints.length) this.schedule();
  }

  configure(patch: Partial<WebhookSettings>): WebhookSettings {
    Object.assign(this.settings, patch);
    this.schedule();
    return this.settings;
  }

  pendingCount(): number {
    return this.queue.length + this.inFlight;
  }

  /** Deliver everything queued now (paused or not, retries included). */
  async flush(): Promise<void> {
    const jobs = this.takeJobs(() => true);
    await this.sendBatch(jobs);
  }

  /** Resolves when nothing is queued or in flight (paused jobs count as queued). */
  idle(): Promise<void> {
    if (this.pendingCount() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  clearLog(): void {
    this.log.length = 0;
    this.queue = [];
  }

  private takeJobs(pred: (job: Job) => boolean): Job[] {
    const taken: Job[] = [];
    const kept: Job[] = [];
    for (const job of this.queue) (pred(job) ? taken : kept).push(job);
    this.queue = kept;
    if (this.settings.reorder) taken.reverse();
    return taken;
  }

  private schedule(): void {
    if (this.closed || this.settings.paused || this.queue.length === 0) return;
    if (this.timer) clearTimeout(this.timer);
    const next = Math.min(...this.queue.map((j) => j.dueAt));
    // reorder: hold deliveries for a short window so several can be swapped
    const windowMs = this.settings.reorder ? Math.max(50, this.settings.delayMs) : 0;
    const wait = Math.max(0, next - Date.now(), windowMs);
    this.timer = setTimeout(() => {
      this.timer = null;
      const now = Date.now();
      const due = this.takeJobs((j) => j.dueAt <= now + windowMs);
      void this.sendBatch(due).then(() => this.schedule());
    }, wait);
    this.timer.unref();
  }

  private async sendBatch(jobs: Job[]): Promise<void> {
    if (this.settings.reorder) {
      for (const job of jobs) await this.send(job);
    } else {
      await Promise.all(jobs.map((job) => this.send(job)));
    }
    this.notifyIdle();
  }

  private notifyIdle(): void {
    if (this.pendingCount() !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private async send(job: Job): Promise<void> {
    const state = this.store.state;
    const event = this.store.stateOf(job.account).events.get(job.eventId);
    const endpoint = state.webhookEndpoints.get(job.endpointId);
    const secret = state.webhookSecrets.get(job.endpointId);
    if (!event || !endpoint || !secret) return;
    this.inFlight++;
    try {
      const ok = await this.post(job, event, endpoint, secret, false);
      if (this.settings.duplicate) await this.post(job, event, endpoint, secret, true);
      if (ok) {
        event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
        this.store.markDirty();
      } else if (job.attempt < this.settings.maxAttempts && !this.closed) {
        const backoff = this.settings.retryBaseMs * 2 ** (job.attempt - 1);
        this.queue.push({ ...job, attempt: job.attempt + 1, dueAt: Date.now() + backoff });
      }
    } finally {
      this.inFlight--;
    }
    this.schedule();
  }

  private async post(job: Job, event: EventObject, endpoint: WebhookEndpointObject, secret: string, duplicate: boolean): Promise<boolean> {
    const payload = JSON.stringify(event, null, 2);
    const started = Date.now();
    const entry: DeliveryLogEntry = {
      id: job.id,
      eventId: event.id,
      eventType: event.type,
      endpointId: endpoint.id,
      url: endpoint.url,
      attempt: job.attempt,
      duplicate,
      status: null,
      error: null,
      deliveredAt: started,
      durationMs: 0,
    };
    try {
      const res = await fetch(endpoint.url, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "stripe-signature": signPayload(payload, secret, Math.floor(started / 1000)),
        },
        body: payload,
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      entry.status = res.status;
      return res.status >= 200 && res.status < 300;
    } catch (error) {
      entry.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return false;
    } finally {
      entry.durationMs = Date.now() - started;
      this.log.push(entry);
      if (this.log.length > MAX_LOG) this.log.shift();
    }
  }
}
