/** The test-only control API under /_emulator/ (see CONTRACT.md). JSON in, JSON out. */
import type { Core } from "./core.js";
import { StripeError, invalidRequest, noSuch } from "./errors.js";
import type { FaultInjector, FaultSpec, RateLimiter } from "./faults.js";
import { parseForm } from "./form.js";
import type { ControlRequest, ControlResponse } from "./http.js";
import { requestId } from "./ids.js";
import * as paymentIntents from "./resources/paymentIntents.js";
import { cancelRefundTimer } from "./resources/refunds.js";
import * as setupIntents from "./resources/setupIntents.js";
import { addEndpoint } from "./resources/webhookEndpoints.js";
import { accountOrThrow, setOnboarding } from "./resources/accounts.js";
import { cancelPayoutTimer, runPayouts, schedulePayouts } from "./resources/payouts.js";
import { makeAvailable } from "./ledger.js";
import type { WebhookSettings } from "./webhooks.js";

export interface ControlDeps {
  core: Core;
  faults: FaultInjector;
  rateLimiter: RateLimiter;
  /** endpoints from the environment / startEmulator options, re-added after a reset */
  configuredEndpoints: { url: string; secret: string }[];
}

type Body = Record<string, unknown>;

function parseBody(req: ControlRequest): Body {
  if (!req.body) return {};
  if (req.contentType.includes("json") || req.body.trimStart().startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(req.body);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return parsed as Body;
    } catch {
      throw invalidRequest("Invalid JSON body");
    }
    throw invalidRequest("Expected a JSON object");
  }
  return parseForm(req.body);
}

function optionalNumber(body: Body, key: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === "string" ? Number(v) : v;
  if (typeof n !== "number" || Number.isNaN(n)) throw invalidRequest(`${key} must be a number`, { param: key });
  return n;
}

function optionalString(body: Body, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw invalidRequest(`${key} must be a string`, { param: key });
  return v;
}

function optionalBool(body: Body, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "false") return v === "true";
  throw invalidRequest(`${key} must be a boolean`, { param: key });
}

/** `requirements.disabled_reason` values the control API can restrict an account with. */
const RESTRICT_REASONS = [
  "requirements.past_due",
  "requirements.pending_verification",
  "listed",
  "platform_paused",
  "rejected.fraud",
  "rejected.listed",
  "rejected.terms_of_service",
  "rejected.other",
  "under_review",
  "other",
];

function clockBody(core: Core): { now: number; offsetSeconds: number } {
  return { now: core.nowSeconds(), offsetSeconds: Math.round(core.platform.clockOffsetMs / 1000) };
}

/** Run what became due when the emulator clock moved: payouts arriving. */
function clockMoved(core: Core): void {
  runPayouts(core);
  schedulePayouts(core);
}

export function registerConfiguredEndpoints(deps: ControlDeps): void {
  const existing = new Set([...deps.core.platform.webhookEndpoints.values()].map((e) => e.url));
  for (const ep of deps.configuredEndpoints) {
    if (!existing.has(ep.url)) addEndpoint(deps.core, { url: ep.url, enabledEvents: ["*"], secret: ep.secret, description: "configured at start", scope: "all" });
  }
}

export function createControl(deps: ControlDeps): (req: ControlRequest) => Promise<ControlResponse> {
  const { core, faults, rateLimiter } = deps;
  const ok = (body: unknown = { ok: true }): ControlResponse => ({ status: 200, body });

  return async (req) => {
    const { method, path } = req;
    const body = parseBody(req);

    const threeDS = /^\/_emulator\/3ds\/([^/]+)\/(complete|fail)$/.exec(path);
    if (threeDS && method === "POST") {
      const [, id = "", outcome] = threeDS;
      const secret = optionalString(body, "client_secret");
      const request = { id: requestId(), idempotencyKey: null };
      // the intent may live on a connected account (created with Stripe-Account)
      const owner = [...core.store.connectedStates()].find(([, s]) => s.setupIntents.has(id) || s.paymentIntents.has(id))?.[0] ?? null;
      return core.as(owner, () => {
        if (id.startsWith("seti_")) {
          const si = setupIntents.setupIntentOrThrow(core, id);
          if (secret !== si.client_secret) throw invalidRequest("The client_secret provided does not match this SetupIntent.", { param: "client_secret" });
          const intent = outcome === "complete" ? setupIntents.completeAuthentication(core, si, request) : setupIntents.failAuthentication(core, si, request);
          return ok({ intent });
        }
        const pi = paymentIntents.paymentIntentOrThrow(core, id);
        if (secret !== pi.client_secret) throw invalidRequest("The client_secret provided does not match this PaymentIntent.", { param: "client_secret" });
        const intent = outcome === "complete" ? paymentIntents.completeAuthentication(core, pi, request) : paymentIntents.failAuthentication(core, pi, request);
        return ok({ intent });
      });
    }

    const onboarding = /^\/_emulator\/accounts\/([^/]+)\/(complete_onboarding|restrict|pending_verification|reset_onboarding|information_due)$/.exec(path);
    if (onboarding && method === "POST") {
      const [, id = "", action] = onboarding;
      const account = accountOrThrow(core, id);
      const request = { id: requestId(), idempotencyKey: null };
      if (action === "complete_onboarding") return ok(setOnboarding(core, account, { status: "complete", reason: null }, request));
      if (action === "pending_verification") return ok(setOnboarding(core, account, { status: "pending_verification", reason: null }, request));
      if (action === "reset_onboarding") return ok(setOnboarding(core, account, { status: "none", reason: null }, request));
      if (action === "information_due") {
        const deadline = optionalNumber(body, "deadline") ?? core.nowSeconds() + 14 * 86_400;
        return ok(setOnboarding(core, account, { status: "information_due", reason: null, deadline }, request));
      }
      const reason = optionalString(body, "reason") ?? "requirements.past_due";
      if (!RESTRICT_REASONS.includes(reason)) throw invalidRequest(`reason must be one of ${RESTRICT_REASONS.join(", ")}`, { param: "reason" });
      return ok(setOnboarding(core, account, { status: "restricted", reason }, request));
    }

    if (path === "/_emulator/balance/available" && method === "POST") {
      const account = optionalString(body, "account");
      if (account) accountOrThrow(core, account);
      return ok({ made_available: makeAvailable(core, account ?? "all") });
    }

    if (path === "/_emulator/payouts/settle" && method === "POST") {
      const moved = runPayouts(core, true);
      schedulePayouts(core);
      return ok({ settled: moved });
    }

    if (path === "/_emulator/clock") {
      if (method === "GET") return ok(clockBody(core));
      if (method === "POST") {
        const advance = optionalNumber(body, "advanceSeconds");
        const to = optionalNumber(body, "to");
        if ((advance === undefined) === (to === undefined)) throw invalidRequest("Give exactly one of advanceSeconds or to (Unix seconds).");
        const target = to !== undefined ? to * 1000 : core.now() + (advance ?? 0) * 1000;
        if (target < Date.now()) throw invalidRequest("The emulator clock cannot go before real time.", { param: to !== undefined ? "to" : "advanceSeconds" });
        core.platform.clockOffsetMs = target - Date.now();
        core.store.markDirty();
        clockMoved(core);
        return ok(clockBody(core));
      }
    }

    if (path === "/_emulator/reset" && method === "POST") {
      cancelRefundTimer(core);
      cancelPayoutTimer(core);
      core.store.reset();
      faults.clear();
      rateLimiter.perSecond = null;
      core.webhooks.clearLog();
      registerConfiguredEndpoints(deps);
      return ok();
    }

    const decline = /^\/_emulator\/payment_methods\/([^/]+)\/decline$/.exec(path);
    if (decline) {
      const id = decline[1] ?? "";
      if (!core.state.paymentMethods.has(id)) throw noSuch("pm", id);
      if (method === "DELETE") {
        core.state.declineOverrides.delete(id);
        core.store.markDirty();
        return ok();
      }
      if (method === "POST") {
        const code = optionalString(body, "code") ?? "card_declined";
        const declineCode = optionalString(body, "decline_code");
        const count = optionalNumber(body, "count");
        core.state.declineOverrides.set(id, { code, ...(declineCode ? { declineCode } : {}), remaining: count ?? null });
        core.store.markDirty();
        return ok({ payment_method: id, code, decline_code: declineCode ?? null, count: count ?? null });
      }
    }

    if (path === "/_emulator/faults") {
      if (method === "DELETE") {
        faults.clear();
        return ok();
      }
      if (method === "GET") return ok({ faults: faults.list() });
      if (method === "POST") {
        const spec: FaultSpec = { kind: optionalString(body, "kind") as FaultSpec["kind"] };
        const count = optionalNumber(body, "count");
        const rate = optionalNumber(body, "rate");
        const delayMs = optionalNumber(body, "delayMs");
        const pathPrefix = optionalString(body, "pathPrefix");
        const m = optionalString(body, "method");
        if (count !== undefined) spec.count = count;
        if (rate !== undefined) spec.rate = rate;
        if (delayMs !== undefined) spec.delayMs = delayMs;
        if (pathPrefix !== undefined) spec.pathPrefix = pathPrefix;
        if (m !== undefined) spec.method = m;
        faults.add(spec);
        return ok({ faults: faults.list() });
      }
    }

    if (path === "/_emulator/rate_limit" && method === "POST") {
      const perSecond = optionalNumber(body, "perSecond");
      rateLimiter.perSecond = perSecond ?? null;
      return ok({ perSecond: rateLimiter.perSecond });
    }

    if (path === "/_emulator/webhooks") {
      if (method === "GET") return ok({ settings: core.webhooks.settings, pending: core.webhooks.pendingCount() });
      if (method === "POST") {
        const patch: Partial<WebhookSettings> = {};
        const paused = optionalBool(body, "paused");
        const duplicate = optionalBool(body, "duplicate");
        const reorder = optionalBool(body, "reorder");
        const delayMs = optionalNumber(body, "delayMs");
        const retryBaseMs = optionalNumber(body, "retryBaseMs");
        const maxAttempts = optionalNumber(body, "maxAttempts");
        if (paused !== undefined) patch.paused = paused;
        if (duplicate !== undefined) patch.duplicate = duplicate;
        if (reorder !== undefined) patch.reorder = reorder;
        if (delayMs !== undefined) patch.delayMs = delayMs;
        if (retryBaseMs !== undefined) patch.retryBaseMs = retryBaseMs;
        if (maxAttempts !== undefined) patch.maxAttempts = maxAttempts;
        return ok({ settings: core.webhooks.configure(patch) });
      }
    }
    if (path === "/_emulator/webhooks/flush" && method === "POST") {
      await core.webhooks.flush();
      return ok({ pending: core.webhooks.pendingCount() });
    }
    if (path === "/_emulator/webhooks/idle" && method === "POST") {
      const timeoutMs = optionalNumber(body, "timeoutMs") ?? 10_000;
      const idle = await Promise.race([core.webhooks.idle().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs))]);
      return ok({ idle, pending: core.webhooks.pendingCount() });
    }
    if (path === "/_emulator/webhooks/deliveries") {
      if (method === "GET") return ok({ deliveries: core.webhooks.log, pending: core.webhooks.pendingCount() });
      if (method === "DELETE") {
        core.webhooks.log.length = 0;
        return ok();
      }
    }
    if (path === "/_emulator/webhooks/endpoints" && method === "POST") {
      const url = optionalString(body, "url");
      if (!url) throw invalidRequest("Missing required param: url.", { param: "url", code: "parameter_missing" });
      const secret = optionalString(body, "secret");
      const events = body.enabled_events;
      const enabledEvents = Array.isArray(events) ? events.map(String) : ["*"];
      const scope = optionalString(body, "scope") ?? "account";
      if (scope !== "account" && scope !== "connect" && scope !== "all") throw invalidRequest("scope must be account, connect or all", { param: "scope" });
      return ok(addEndpoint(core, { url, enabledEvents, scope, ...(secret ? { secret } : {}) }));
    }

    if (path === "/_emulator/counters" && method === "GET") {
      return ok({ ...core.state.counters, webhookDeliveries: core.webhooks.log.length, webhooksPending: core.webhooks.pendingCount() });
    }

    throw new StripeError(404, { type: "invalid_request_error", message: `Unrecognized control URL (${method}: ${path}).` });
  };
}
