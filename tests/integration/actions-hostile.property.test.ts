/**
 * Property-based tests over every server action of the app (every "use server" file under
 * app/, through the lib/actions wrapper), as a visitor and as each role, against a fresh
 * seeded PostgreSQL: hostile FormData, hostile bound ids and arguments that are not FormData
 * at all always come back as `{ ok: false, message }` — never a throw (a 500 in the app) —
 * and no row of any table changes (a checksum of every table before and after).
 */
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { hasUncleanText, hostileFormValue, hostileString, hostileValue, runs } from "../support/hostile";
import { createMigratedDatabase } from "../support/databases";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth")>()),
  getCurrentUser: async () => session.user,
}));
// No request scope here: cache revalidation is a no-op (and only reached on success anyway).
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

type Action = (...args: unknown[]) => Promise<unknown>;

const APP = path.resolve(import.meta.dirname, "../../app");
const actionModules = import.meta.glob<Record<string, unknown>>("../../app/**/*actions.ts");

/** Every field name a form of the app sends. */
const FIELDS = [
  "title", "description", "city", "address", "timeZone", "currency", "price", "capacity", "minHours",
  "hours.1.0.opens", "hours.1.0.closes", "hours.7.1.opens", "date", "start", "end", "guests", "listingId",
  "savedCardId", "setupIntentId", "consent", "consentHash", "reason", "amount", "message", "name", "email",
  "password", "role", "url", "alt", "photo", "active", "suspended", "blockedDateId", "photoId",
  "rating", "review", "reply", "confirm",
] as const;

/** Clean but hostile text: HTML, SQL, unicode, numbers and dates as text (no control characters). */
const cleanHostile = hostileString.filter((s) => !hasUncleanText(s) && s !== "on");
/**
 * Text that must be refused wherever it is: with a control character. (Not broken UTF-16:
 * FormData itself turns a lone surrogate into U+FFFD.)
 */
const uncleanHostile = fc
  .tuple(hostileString, fc.constantFrom("\u0000", "\u0001", "\u001b", "\u007f", "\u0090"), fc.nat())
  .map(([s, bad, at]) => s.slice(0, at % (s.length + 1)) + bad + s.slice(at % (s.length + 1)));

function formDataOf(entries: [string, string | File][]): FormData {
  const form = new FormData();
  for (const [key, value] of entries) form.append(key, value);
  return form;
}

const cleanForm = fc
  .array(fc.tuple(fc.constantFrom(...FIELDS), fc.oneof({ arbitrary: cleanHostile, weight: 9 }, { arbitrary: hostileFormValue.filter((v) => typeof v !== "string"), weight: 1 })), { maxLength: 12 })
  .map(formDataOf);
const uncleanForm = fc
  .tuple(fc.array(fc.tuple(fc.constantFrom(...FIELDS), hostileFormValue), { maxLength: 10 }), fc.tuple(fc.oneof(fc.constantFrom(...FIELDS), uncleanHostile), uncleanHostile))
  .map(([rest, bad]) => formDataOf([...rest, bad]));
const notAForm = fc.oneof(
  hostileValue,
  fc.dictionary(fc.constantFrom(...FIELDS), cleanHostile, { maxKeys: 6 }),
  fc.constant(new Map([["title", "x"]])),
  fc.constant(new URLSearchParams("title=x")),
);

let fresh: { url: string; drop(): Promise<void> };
let db: PrismaClient;
let users: Record<"customer" | "provider" | "operator", CurrentUser>;
let realIds: string[];
const actions: [string, Action][] = [];

/**
 * md5 of every row of every table: any insert, update or delete changes it. The shared Stripe
 * rate limit's schedule is left out: it records when the next call may go, not marketplace data
 * (an action that asks Stripe and is refused, e.g. an account link for an account Stripe does
 * not know, takes a turn).
 */
async function snapshot(): Promise<Record<string, string>> {
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('_prisma_migrations', 'stripe_rate_limits') ORDER BY 1",
  );
  const sums: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await db.$queryRawUnsafe<{ sum: string | null; n: bigint }[]>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS sum, count(*) AS n FROM "${name}" t`,
    );
    sums[name] = `${row?.n}:${row?.sum}`;
  }
  return sums;
}

beforeAll(async () => {
  fresh = await createMigratedDatabase(inject("databaseUrl"));
  // The app's own modules (lib/db's client, lib/env) must see the fresh database.
  process.env.DATABASE_URL = fresh.url;
  (await import("@/lib/env")).resetEnvCache();
  delete (globalThis as { __loylyPrisma?: unknown }).__loylyPrisma;
  const { createPrismaClient } = await import("@/lib/db/client");
  const { seedDatabaseAt } = await import("../../prisma/seed/index");
  await seedDatabaseAt(fresh.url);
  db = createPrismaClient(fresh.url, { max: 2 });

  const pick = async (role: "CUSTOMER" | "PROVIDER" | "OPERATOR") => {
    const u = await db.user.findFirstOrThrow({ where: { role }, orderBy: { email: "asc" } });
    return { id: u.id, name: u.name, email: u.email, role: u.role };
  };
  users = { customer: await pick("CUSTOMER"), provider: await pick("PROVIDER"), operator: await pick("OPERATOR") };
  const listing = await db.listing.findFirstOrThrow({ where: { providerId: users.provider.id } });
  const start = new Date(Date.now() + 30 * 86_400_000);
  const booking = await db.booking.create({
    data: {
      listingId: listing.id,
      customerId: users.customer.id,
      startsAt: start,
      endsAt: new Date(start.getTime() + 2 * 3_600_000),
      guests: 2,
      hourlyPrice: listing.hourlyPrice,
      hours: 2,
      subtotalAmount: 2 * listing.hourlyPrice,
      feeAmount: 0,
      totalAmount: 2 * listing.hourlyPrice,
      currency: listing.currency,
    },
  });
  const photo = await db.listingPhoto.findFirst({ where: { listingId: listing.id } });
  realIds = [listing.id, booking.id, users.customer.id, users.provider.id, users.operator.id, ...(photo ? [photo.id] : [])];

  for (const [file, load] of Object.entries(actionModules)) {
    for (const [name, value] of Object.entries(await load())) {
      if (typeof value === "function") actions.push([`${file.replace("../../app/", "")} ${name}`, value as Action]);
    }
  }
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  const { prisma } = await import("@/lib/db");
  await prisma.$disconnect();
  await fresh?.drop();
});

const SESSIONS = ["visitor", "customer", "provider", "operator"] as const;
const asSession = (who: (typeof SESSIONS)[number]) => {
  session.user = who === "visitor" ? null : users[who];
};

/** `action(state, form)` or `actionWithId(id, state, form)`. */
function call(action: Action, id: unknown, form: unknown): Promise<unknown> {
  return action.length >= 3 ? action(id, null, form) : action(null, form);
}

function expectRefusal(result: unknown) {
  expect(result).toMatchObject({ ok: false });
  const message = (result as { message: unknown }).message;
  expect(typeof message === "string" && message.length > 5 && message.length < 300, `message: ${String(message)}`).toBe(true);
}

describe("every server action", () => {
  it("is covered: each \"use server\" file under app/ is one of the modules tested", () => {
    const serverFiles: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.tsx?$/.test(entry.name) && /^\s*["']use server["']/.test(fs.readFileSync(full, "utf8"))) serverFiles.push(path.relative(APP, full));
      }
    };
    walk(APP);
    const tested = Object.keys(actionModules).map((f) => f.replace("../../app/", ""));
    expect(serverFiles.sort()).toEqual(tested.sort());
    expect(actions.length).toBeGreaterThanOrEqual(20);
  });

  it("refuses arguments that are not FormData, as anyone, and changes nothing", async () => {
    const before = await snapshot();
    for (const [label, action] of actions) {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...SESSIONS), fc.oneof(fc.constantFrom(...realIds), hostileString), notAForm, async (who, id, arg) => {
          asSession(who);
          const result = await call(action, id, arg);
          expectRefusal(result);
          expect((result as { message: string }).message, label).toMatch(/did not come from one of our forms/);
        }),
        { numRuns: runs(25) },
      );
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses text with control characters in any field, even on real rows, and changes nothing", async () => {
    const before = await snapshot();
    for (const [label, action] of actions) {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...SESSIONS), fc.oneof(fc.constantFrom(...realIds), cleanHostile), uncleanForm, async (who, id, form) => {
          asSession(who);
          const result = await call(action, id, form).catch((error: unknown) => {
            throw new Error(`${label} threw: ${String(error)}`);
          });
          expectRefusal(result);
        }),
        { numRuns: runs(25) },
      );
    }
    expect(await snapshot()).toEqual(before);
  });

  // Forty tries for each of the app's server actions: its time grows with the number of actions.
  it("answers HTML, SQL, unicode, huge and out-of-range values and bad ids with a clear error, and changes nothing", { timeout: 180_000 }, async () => {
    const before = await snapshot();
    // Mostly plausible ids of nothing (so the form is parsed and the lookup runs), sometimes anything.
    const badId = fc.oneof({ arbitrary: fc.constantFrom("cl0000000000000000000000", "-1", "0"), weight: 3 }, { arbitrary: hostileValue, weight: 1 });
    for (const [label, action] of actions) {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...SESSIONS), badId, cleanForm, async (who, id, form) => {
          asSession(who);
          const result = await call(action, id, form).catch((error: unknown) => {
            throw new Error(`${label} threw: ${String(error)}`);
          });
          expectRefusal(result);
        }),
        { numRuns: runs(40) },
      );
    }
    expect(await snapshot()).toEqual(before);
  });
});
