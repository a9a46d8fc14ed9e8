/**
 * The authorization matrix (tests/access-matrix.ts) against the production server: every
 * page, route handler and server action × seven roles, each with a real signed-in session.
 *
 * - Pages and route handlers: one HTTP request without following redirects; the answer must
 *   be the cell's (200, a redirect to sign in / to /forbidden / to the given page, 404, 4xx),
 *   and a refused answer never contains the fixture's private data.
 * - Server actions: called over HTTP as Next's client calls them (POST to the page that uses
 *   the action, `Next-Action: <id>` from the build's server-reference manifest, arguments
 *   encoded the way React's client encodes a bound `(id, state, formData)` call: the FormData's fields as "_1_<name>", then part "0", the argument list with the FormData as "$K1"). A refused
 *   cell must be refused (by the proxy, the safe-action wrapper or the use case's own actor
 *   check) and the fixture must be unchanged; an allowed cell must get past the checks.
 */
import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { expect, request as playwrightRequest, test, type Browser } from "./support/test";
import { randomUUID } from "node:crypto";
import { hashPassword } from "../lib/auth/password";
import { ACTIONS, PAGES, ROLES, ROUTES, type ActionRow, type HttpCell, type MatrixRole } from "../tests/access-matrix";
import { daysAhead, db, makeListing, PASSWORD, signInAs, insertBooking } from "./support/booking-factories";

const HOUR = 3_600_000;

interface Fixture {
  values: Record<string, string>;
  /** Text only the fixture's customer, provider and operators may see. */
  privateMarkers: string[];
  states: Record<Exclude<MatrixRole, "anonymous">, Awaited<ReturnType<Awaited<ReturnType<Browser["newContext"]>>["storageState"]>>>;
}

let fixture: Fixture;
let baseURL: string;

async function account(role: "CUSTOMER" | "PROVIDER" | "OPERATOR", label: string, tag: string) {
  const email = `matrix-${label.toLowerCase()}-${tag}@e2e.test`;
  const user = await db().user.create({ data: { email, name: `Matrix ${label} ${tag}`, role, passwordHash: await hashPassword(PASSWORD) } });
  return { id: user.id, email };
}

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(120_000);
  baseURL = String(testInfo.project.use.baseURL);
  const tag = randomUUID().slice(0, 8);
  const people = {
    customer: await account("CUSTOMER", "Customer", tag),
    otherCustomer: await account("CUSTOMER", "OtherCustomer", tag),
    provider: await account("PROVIDER", "Provider", tag),
    otherProvider: await account("PROVIDER", "OtherProvider", tag),
    operator: await account("OPERATOR", "Operator", tag),
    suspended: await account("CUSTOMER", "Suspended", tag),
  };
  const target = await account("CUSTOMER", "Target", tag);
  const listing = await makeListing(people.provider.id, `Matrix sauna ${tag}`);
  const secret = `matrix-private-${tag}`;
  const startsAt = new Date(Math.ceil((Date.now() + 40 * 24 * HOUR) / HOUR) * HOUR);
  const booking = await insertBooking({
    listingId: listing.id,
    customerId: people.customer.id,
    startsAt,
    requestExpiresAt: new Date(Date.now() + 48 * HOUR),
    providerMessage: secret,
  });
  const card = await db().savedCard.create({
    data: { userId: people.customer.id, paymentMethodId: `pm_matrix_${tag}`, brand: "visa", last4: "4242", expMonth: 12, expYear: 2040, isDefault: true },
  });
  const photo = await db().listingPhoto.create({ data: { listingId: listing.id, url: "/saunas/forest-smoke.webp", alt: "Matrix photo" } });
  const blocked = await db().availabilityException.create({ data: { listingId: listing.id, date: new Date(`${daysAhead(90)}T00:00:00Z`), reason: secret } });
  const email = await db().outboxEmail.create({
    data: { to: people.customer.email, subject: `Private ${secret}`, text: `Private ${secret}`, template: "matrix.private", bookingId: booking.id },
  });

  const states = {} as Fixture["states"];
  for (const [role, person] of Object.entries(people) as [Exclude<MatrixRole, "anonymous">, { email: string }][]) {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    await signInAs(await context.newPage(), person);
    states[role] = await context.storageState();
    await context.close();
  }
  // Suspended after signing in: the session cookie is still valid, the account is not.
  await db().user.update({ where: { id: people.suspended.id }, data: { status: "SUSPENDED" } });

  fixture = {
    values: {
      booking: booking.id,
      listing: listing.id,
      slug: listing.slug,
      email: email.id,
      card: card.id,
      user: target.id,
      photo: photo.id,
      blockedDate: blocked.id,
      futureDate: daysAhead(95),
      missing: `missing${tag}`,
    },
    privateMarkers: [secret, people.customer.email],
    states,
  };
});

const fill = (template: string, values: Record<string, string> = fixture.values) =>
  template.replace(/\{(\w+)\}/g, (_m, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`no fixture value for {${key}}`);
    return value;
  });

async function contextFor(role: MatrixRole): Promise<APIRequestContext> {
  return playwrightRequest.newContext({
    baseURL,
    storageState: role === "anonymous" ? { cookies: [], origins: [] } : fixture.states[role],
  });
}

/** What an HTTP answer amounts to, in the matrix's words. */
function httpOutcome(response: APIResponse): HttpCell | `status ${number}` {
  const status = response.status();
  if (status >= 300 && status < 400) {
    const location = new URL(response.headers()["location"] ?? "", baseURL);
    if (location.pathname === "/sign-in") return "sign-in";
    if (location.pathname === "/forbidden") return "forbidden";
    return `redirect:${location.pathname}` as HttpCell;
  }
  if (status === 200) return "ok";
  if (status === 404) return "not-found";
  if (status >= 400 && status < 500) return "refused";
  return `status ${status}`;
}

async function assertPrivateDataHidden(response: APIResponse, what: string) {
  const body = await response.text();
  for (const marker of fixture.privateMarkers) expect.soft(body.includes(marker), `${what} shows ${marker}`).toBe(false);
}

for (const role of ROLES) {
  test(`pages as ${role}`, async () => {
    const http = await contextFor(role);
    for (const [file, row] of Object.entries(PAGES)) {
      const response = await http.get(fill(row.url), { maxRedirects: 0 });
      const expected = row.expect[role];
      expect.soft(httpOutcome(response), `${file} as ${role}`).toBe(expected);
      if (expected !== "ok") await assertPrivateDataHidden(response, `${file} as ${role}`);
    }
    await http.dispose();
  });

  test(`route handlers as ${role}`, async () => {
    const http = await contextFor(role);
    for (const [file, row] of Object.entries(ROUTES)) {
      const url = fill(row.url);
      const response = row.method === "GET" ? await http.get(url, { maxRedirects: 0 }) : await http.post(url, { maxRedirects: 0, data: "{}" });
      const expected = row.expect[role];
      expect.soft(httpOutcome(response), `${row.method} ${file} as ${role}`).toBe(expected);
      if (expected !== "ok") await assertPrivateDataHidden(response, `${file} as ${role}`);
    }
    await http.dispose();
  });

  test(`server actions as ${role}`, async () => {
    const http = await contextFor(role);
    for (const [key, row] of Object.entries(ACTIONS)) {
      const outcome = await callAction(http, key, row, role);
      const expected = row.expect[role];
      if (expected === "refused") {
        expect.soft(outcome.refused, `${key} as ${role}: refused (${outcome.detail})`).toBe(true);
        expect.soft(outcome.changed, `${key} as ${role}: nothing changed`).toBe(false);
      } else {
        expect.soft(outcome.gateRefused, `${key} as ${role}: let through (${outcome.detail})`).toBe(false);
      }
    }
    await http.dispose();
  });
}

// ---------------------------------------------------------------------------------------
// Server actions over HTTP

interface ManifestEntry {
  workers: Record<string, unknown>;
  filename?: string;
  exportedName?: string;
}

let manifest: Map<string, { id: string; worker: string }> | undefined;
function actionIds(): Map<string, { id: string; worker: string }> {
  if (manifest) return manifest;
  const file = path.resolve(import.meta.dirname, "../.next/server/server-reference-manifest.json");
  const raw = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, ManifestEntry> };
  manifest = new Map();
  for (const [id, entry] of Object.entries(raw.node)) {
    if (!entry.filename || !entry.exportedName) continue;
    manifest.set(`${entry.filename}#${entry.exportedName}`, { id, worker: Object.keys(entry.workers)[0] ?? "app/page" });
  }
  return manifest;
}

/** The URL of the page a worker renders, its dynamic segments filled from the fixture. */
function workerPath(worker: string): string {
  const segments = worker
    .replace(/^app\//, "")
    .replace(/\/?page$/, "")
    .split("/")
    .filter((s) => s && !/^\(.+\)$/.test(s));
  const out = segments.map((segment, i) => {
    if (segment === "[slug]") return fixture.values.slug!;
    if (segment === "[id]") return segments[i - 1] === "listings" ? fixture.values.listing! : fixture.values.booking!;
    return segment;
  });
  return `/${out.join("/")}`;
}

/** Everything a refused call must leave as it was. */
async function fixtureDigest(): Promise<string> {
  const v = fixture.values;
  const [booking, listing, card, user, photos, blocked, events] = await Promise.all([
    db().booking.findUnique({ where: { id: v.booking }, select: { status: true, updatedAt: true } }),
    db().listing.findUnique({ where: { id: v.listing }, select: { updatedAt: true, active: true } }),
    db().savedCard.findUnique({ where: { id: v.card }, select: { isDefault: true, removedAt: true } }),
    db().user.findUnique({ where: { id: v.user }, select: { role: true, status: true } }),
    db().listingPhoto.findMany({ where: { listingId: v.listing }, select: { id: true, position: true }, orderBy: { id: "asc" } }),
    db().availabilityException.count({ where: { listingId: v.listing } }),
    db().bookingEvent.count({ where: { bookingId: v.booking } }),
  ]);
  return JSON.stringify({ booking, listing, card, user, photos, blocked, events });
}

const PNG_1x1 = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

const GATE_REFUSALS = ["Please sign in again to continue.", "You are not allowed to do that."];
/** How the wrapper and the use cases say no to an actor (NotAllowed, NotFound). */
const REFUSAL = /sign in again|not allowed|was not found|^Only /i;

async function callAction(http: APIRequestContext, key: string, row: ActionRow, role: MatrixRole) {
  const entry = actionIds().get(key);
  if (!entry) throw new Error(`${key} is not in the build's server-reference manifest: rebuild (npm run build)`);
  const owner = row.owners?.includes(role) ?? false;
  const values = owner ? { ...fixture.values, booking: fixture.values.missing!, listing: fixture.values.missing!, card: fixture.values.missing!, user: fixture.values.missing! } : fixture.values;
  const bound = row.bound ? fill(row.bound, values) : undefined;
  const args = bound === undefined ? [null, "$K1"] : [bound, null, "$K1"];
  // The form's fields first, the argument list ("0") last, as React's client sends them:
  // the server decodes the stream in order and reads "$K1" when "0" arrives. (A FormData,
  // not an object: an object would put the integer-like key "0" first.)
  const multipart = new FormData();
  for (const [name, value] of Object.entries(row.fields ?? {})) {
    if (value === "{pngFile}") multipart.append(`_1_${name}`, new File([PNG_1x1], "matrix.png", { type: "image/png" }));
    else multipart.append(`_1_${name}`, fill(value, values));
  }
  multipart.append("0", JSON.stringify(args));

  const before = await fixtureDigest();
  const response = await http.post(workerPath(entry.worker), {
    headers: { "next-action": entry.id, accept: "text/x-component", origin: baseURL },
    multipart,
    maxRedirects: 0,
  });
  const changed = (await fixtureDigest()) !== before;
  const status = response.status();
  const body = await response.text();

  if (status >= 300 && status < 400) {
    const where = new URL(response.headers()["location"] ?? "", baseURL).pathname;
    const refused = where === "/sign-in" || where === "/forbidden";
    return { refused, gateRefused: refused, changed, detail: `${status} → ${where}` };
  }
  const message = /"ok":false,"message":"((?:[^"\\]|\\.)*)"/.exec(body)?.[1];
  const ok = /"ok":true/.test(body) || Boolean(response.headers()["x-action-redirect"]);
  const gateRefused = message !== undefined && GATE_REFUSALS.includes(message);
  const refused = status === 200 && !ok && message !== undefined && REFUSAL.test(message);
  return { refused, gateRefused, changed, detail: `${status} ${message ?? (ok ? "ok" : body.slice(0, 200))}` };
}
