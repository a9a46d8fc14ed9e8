/**
 * The HTTP pipeline: CORS, static Stripe.js, auth, rate limit, faults, idempotency, routing,
 * Stripe-shaped responses. Handlers are synchronous functions of a RequestContext.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Core, RequestContext } from "./core.js";
import { StripeError, apiError, invalidRequest, unrecognizedUrl } from "./errors.js";
import { expandResponse } from "./expand.js";
import type { FaultInjector, RateLimiter } from "./faults.js";
import { parseForm, type FormObject } from "./form.js";
import { requestId } from "./ids.js";
import { Params } from "./params.js";
import { matchRoute } from "./routes.js";
import { handleConnectPage, isConnectPage } from "./onboarding.js";
import { serveStatic } from "./static.js";
import { STRIPE_JS_PARAMS, checkIdempotencyKey, checkParameters } from "./validation.js";

export interface App {
  core: Core;
  faults: FaultInjector;
  rateLimiter: RateLimiter;
  staticDir: string;
  /** held sockets of `timeout` faults, released on close */
  held: Set<ServerResponse>;
  control: (req: ControlRequest) => Promise<ControlResponse>;
}

export interface ControlRequest {
  method: string;
  path: string;
  body: string;
  contentType: string;
  query: FormObject;
}

export interface ControlResponse {
  status: number;
  body: unknown;
}

const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-credentials": "true",
  "access-control-expose-headers": "Request-Id, Stripe-Manage-Version, Stripe-Should-Retry, Idempotent-Replayed, Original-Request",
} as const;

const PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
  "access-control-allow-headers": "Authorization, Content-Type, Stripe-Version, Idempotency-Key, Stripe-Account, X-Stripe-Client-User-Agent, User-Agent",
  "access-control-max-age": "300",
} as const;

const MAX_BODY = 1024 * 1024;
const SECRET_KEY = /^(sk|rk)_test_[A-Za-z0-9_]+$/;
const PUBLISHABLE_KEY = /^pk_test_[A-Za-z0-9_]+$/;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error("body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? (chunks[0] ?? Buffer.alloc(0)).toString("utf8") : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  if (res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...CORS_HEADERS, ...headers });
  res.end(body);
}

function errorJson(error: StripeError): string {
  return JSON.stringify({ error: error.body });
}

function mask(key: string): string {
  const prefix = key.slice(0, key.indexOf("_", 3) + 1);
  return `${prefix}${"*".repeat(Math.max(0, key.length - prefix.length - 4))}${key.slice(-4)}`;
}

function authError(message: string): StripeError {
  return invalidRequest(message, {}, 401);
}

const NO_KEY =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";
const PUBLISHABLE_NOT_ALLOWED =
  "This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.";

/** The API key from `Authorization: Bearer`, Basic auth, or Stripe.js's `key` form field. */
function apiKeyOf(req: IncomingMessage, form: FormObject): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const [scheme, value = ""] = header.split(" ", 2);
    if (scheme?.toLowerCase() === "bearer") return value.trim();
    if (scheme?.toLowerCase() === "basic") return Buffer.from(value, "base64").toString("utf8").split(":")[0];
    return header.trim();
  }
  const key = form.key;
  return typeof key === "string" ? key : undefined;
}

function authenticate(req: IncomingMessage, form: FormObject): { key: string; publishable: boolean } {
  const key = apiKeyOf(req, form);
  if (!key) throw authError(NO_KEY);
  if (SECRET_KEY.test(key)) return { key, publishable: false };
  if (PUBLISHABLE_KEY.test(key)) return { key, publishable: true };
  throw authError(`Invalid API Key provided: ${mask(key)}`);
}

function rateLimitError(): StripeError {
  return new StripeError(
    429,
    { type: "invalid_request_error", code: "rate_limit", message: "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.", doc_url: "https://stripe.com/docs/error-codes/rate-limit" },
    { "stripe-should-retry": "true" },
  );
}

/** Stripe.js may only read or confirm an intent whose client secret it holds. */
function checkClientSecret(app: App, path: string, params: Params, id: string): void {
  const given = params.string("client_secret");
  if (!given) throw authError(PUBLISHABLE_NOT_ALLOWED);
  const state = app.core.state;
  const intent = path.startsWith("/v1/setup_intents") ? state.setupIntents.get(id) : state.paymentIntents.get(id);
  const kind = path.startsWith("/v1/setup_intents") ? "SetupIntent" : "PaymentIntent";
  if (!intent || intent.client_secret !== given) {
    throw invalidRequest(
      `The client_secret provided does not match any associated ${kind} on this account. Ensure the publishable key used belongs to the same account that created the ${kind}.`,
      { param: "client_secret", code: "resource_missing" },
    );
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function createRequestListener(app: App): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(app, req, res).catch((error: unknown) => {
      const err = error instanceof StripeError ? error : apiError();
      if (!(error instanceof StripeError)) console.error("[stripe-emulator] internal error", error);
      send(res, err.status, errorJson(err), { "request-id": requestId(), ...err.headers });
    });
  };
}

async function handle(app: App, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? "GET";
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? "" : url.slice(q + 1);

  if (method === "OPTIONS") {
    res.writeHead(204, PREFLIGHT_HEADERS);
    res.end();
    return;
  }
  if (method === "GET" && (path.startsWith("/stripe-js/") || path === "/v3" || path === "/v3/")) {
    await serveStatic(app.staticDir, path, res);
    return;
  }
  if (path === "/_emulator/health") {
    send(res, 200, JSON.stringify({ ok: true }), {});
    return;
  }

  const body = method === "GET" ? "" : await readBody(req);
  const reqId = requestId();
  const version = (req.headers["stripe-version"] as string | undefined) ?? app.core.config.apiVersion;
  const baseHeaders: Record<string, string> = { "request-id": reqId, "stripe-version": version };

  if (isConnectPage(path)) {
    const page = handleConnectPage(app.core, { method, path, body, userAgent: req.headers["user-agent"] ?? "", ip: req.socket.remoteAddress ?? "127.0.0.1" });
    if (page) {
      if (!res.destroyed) {
        res.writeHead(page.status, { "content-length": Buffer.byteLength(page.body), ...page.headers });
        res.end(page.body);
      }
      return;
    }
  }

  if (path.startsWith("/_emulator/")) {
    const queryForm = parseForm(query);
    if (!path.startsWith("/_emulator/3ds/")) authenticateControl(req, queryForm);
    const out = await app.control({ method, path, body, contentType: req.headers["content-type"] ?? "", query: queryForm });
    send(res, out.status, JSON.stringify(out.body), baseHeaders);
    return;
  }
  if (!path.startsWith("/v1/")) throw unrecognizedUrl(method, path);

  const core = app.core;
  core.state.counters.requests++;
  const form = query ? { ...parseForm(query), ...parseForm(body) } : parseForm(body);
  const auth = authenticate(req, form);
  delete form.key;

  if (!app.rateLimiter.allow()) throw rateLimitError();

  const match = matchRoute(method, path);
  if (match === "not_found") throw unrecognizedUrl(method, path);
  const params = new Params(form);
  const account = connectedAccountOf(app, req, auth.key);
  if (auth.publishable) {
    if (match.route.access === "secret") throw authError(PUBLISHABLE_NOT_ALLOWED);
    if (match.route.access === "client_secret") app.core.as(account, () => checkClientSecret(app, path, params, match.ids[0] ?? ""));
  }
  checkParameters(match.route.params, form, auth.publishable ? STRIPE_JS_PARAMS : {});

  const fault = app.faults.pick(method, path);
  if (fault?.kind === "error_500") throw apiError("An unknown error occurred (injected by the emulator)");
  if (fault?.kind === "timeout") {
    app.held.add(res);
    res.on("close", () => app.held.delete(res));
    return; // hold the socket, never answer
  }

  const idempotencyKey = method === "POST" ? ((req.headers["idempotency-key"] as string | undefined) ?? null) : null;
  let scopedKey: string | null = null;
  if (idempotencyKey !== null) checkIdempotencyKey(idempotencyKey);
  if (idempotencyKey) {
    scopedKey = `${auth.key}\n${account ?? ""}\n${idempotencyKey}`;
    const fingerprint = createHash("sha1").update(`${method} ${path}\n${body}`).digest("base64");
    const existing = core.state.idempotency.get(scopedKey);
    if (existing) {
      if (existing.inFlight) {
        throw new StripeError(409, {
          type: "idempotency_error",
          code: "idempotency_key_in_use",
          message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${idempotencyKey}. Please try again later.`,
        });
      }
      if (existing.fingerprint !== fingerprint) {
        throw new StripeError(400, {
          type: "idempotency_error",
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        });
      }
      send(res, existing.status, existing.body, {
        ...baseHeaders,
        "idempotency-key": idempotencyKey,
        "idempotent-replayed": "true",
        "original-request": existing.requestId,
      });
      return;
    }
    core.state.idempotency.set(scopedKey, { fingerprint, createdAt: Date.now(), inFlight: true, status: 0, body: "", requestId: reqId });
  }

  let status = 200;
  let json: string;
  let extraHeaders: Record<string, string> = {};
  let saveResult = true;
  try {
    if (fault?.kind === "delay") await sleep(fault.delayMs ?? 1000);
    const ctx: RequestContext = { core, params, apiKey: auth.key, publishable: auth.publishable, request: { id: reqId, idempotencyKey } };
    json = core.as(account, () => {
      const result = match.route.handle(ctx, ...match.ids);
      const expand = params.stringArray("expand") ?? [];
      return JSON.stringify(expand.length ? expandResponse(core, result, expand) : result);
    });
    core.store.markDirty();
  } catch (error) {
    if (!(error instanceof StripeError)) {
      console.error("[stripe-emulator] internal error", error);
    }
    const err = error instanceof StripeError ? error : apiError();
    status = err.status;
    json = errorJson(err);
    extraHeaders = err.headers;
    // Stripe saves results once an endpoint started executing; plain validation errors are not saved.
    saveResult = status === 402 || status >= 500;
  }

  if (scopedKey) {
    const entry = core.state.idempotency.get(scopedKey);
    if (saveResult && entry) {
      entry.inFlight = false;
      entry.status = status;
      entry.body = json;
      core.store.pruneIdempotency();
    } else {
      core.state.idempotency.delete(scopedKey);
    }
  }

  if (fault?.kind === "drop_after_success") {
    res.socket?.destroy(); // the work is done, the client never hears about it
    return;
  }
  send(res, status, json, idempotencyKey ? { ...baseHeaders, ...extraHeaders, "idempotency-key": idempotencyKey } : { ...baseHeaders, ...extraHeaders });
}

/**
 * The connected account of the `Stripe-Account` header (null without one): the request then acts
 * as that account and sees its objects. An unknown or deleted account → 403 `account_invalid`.
 */
function connectedAccountOf(app: App, req: IncomingMessage, key: string): string | null {
  const header = req.headers["stripe-account"];
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === "") return null;
  if (!app.core.platform.accounts.has(value)) {
    throw invalidRequest(`The provided key '${mask(key)}' does not have access to account '${value}' (or that account does not exist). Application access may have been revoked.`, { code: "account_invalid" }, 403);
  }
  return value;
}

function authenticateControl(req: IncomingMessage, query: FormObject): void {
  const auth = authenticate(req, query);
  if (auth.publishable) throw authError(PUBLISHABLE_NOT_ALLOWED);
}
