/**
 * Listings against a real PostgreSQL (DATABASE_URL from the integration harness).
 * Every test makes its own users and listings with unique names, so tests are independent.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { changeUserRole, registerUser, setUserSuspended, verifyCredentials } from "@/lib/auth/users";
import { createPrismaClient } from "@/lib/db/client";
import { giveHostAccount } from "@/tests/support/booking-fixtures";
import { Conflict, NotAllowed, NotFound, ValidationError } from "@/lib/errors";
import {
  addBlockedDate,
  addPhoto,
  createListing,
  findListingBySlug,
  getListingBySlugOrThrow,
  getOwnListingOrThrow,
  makeCoverPhoto,
  MAX_PHOTOS,
  quoteListing,
  removePhoto,
  replaceOpeningHours,
  searchListings,
  setListingActive,
  updateListing,
  type ListingDetails,
} from "@/lib/listings";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required for integration tests");
const db = createPrismaClient(url, { max: 4 });
/** A second pool, so concurrent calls are as many as separate server requests would be. */
const otherDb = createPrismaClient(url, { max: 4 });
afterAll(() => Promise.all([db.$disconnect(), otherDb.$disconnect()]));

const run = randomUUID().slice(0, 8);
const city = `Testila-${run}`; // a city only this run's listings are in

async function user(role: "CUSTOMER" | "PROVIDER" | "OPERATOR"): Promise<Actor> {
  const created = await db.user.create({
    data: { email: `${role.toLowerCase()}-${randomUUID()}@it.test`, name: role, role, passwordHash: "x" },
  });
  if (role === "PROVIDER") await giveHostAccount(db, created.id);
  return { id: created.id, role: created.role };
}

const details = (overrides: Partial<ListingDetails> = {}): ListingDetails => ({
  title: "Rantasauna",
  description: "A wood-heated sauna by the lake with a long jetty.",
  city,
  address: "Rantatie 1",
  timeZone: "Europe/Helsinki",
  currency: "EUR",
  hourlyPrice: 4500,
  capacity: 6,
  minHours: 2,
  ...overrides,
});
const weekdaysOnly = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: 16 * 60, closesAt: 22 * 60 }));

let owner: Actor;
let other: Actor;
let operator: Actor;
let customer: Actor;
beforeAll(async () => {
  [owner, other, operator, customer] = await Promise.all([user("PROVIDER"), user("PROVIDER"), user("OPERATOR"), user("CUSTOMER")]);
});

describe("ownership", () => {
  it("lets the owner update the listing", async () => {
    const listing = await createListing(db, owner, details(), weekdaysOnly);
    await updateListing(db, owner, listing.id, details({ title: "Uusi nimi", hourlyPrice: 5200 }));
    const saved = await db.listing.findUniqueOrThrow({ where: { id: listing.id } });
    expect(saved).toMatchObject({ title: "Uusi nimi", hourlyPrice: 5200, providerId: owner.id });
  });

  it("refuses another provider and changes nothing", async () => {
    const listing = await createListing(db, owner, details({ title: "Mine" }), weekdaysOnly);
    const before = await db.listing.findUniqueOrThrow({ where: { id: listing.id }, include: { openingHours: true, photos: true } });

    await expect(updateListing(db, other, listing.id, details({ title: "Stolen", hourlyPrice: 1 }))).rejects.toBeInstanceOf(NotAllowed);
    await expect(replaceOpeningHours(db, other, listing.id, [])).rejects.toBeInstanceOf(NotAllowed);
    await expect(addPhoto(db, other, listing.id, { url: "/saunas/x.webp", alt: "x" })).rejects.toBeInstanceOf(NotAllowed);
    await expect(addBlockedDate(db, other, listing.id, "2030-01-01")).rejects.toBeInstanceOf(NotAllowed);
    await expect(setListingActive(db, other, listing.id, false)).rejects.toBeInstanceOf(NotAllowed);
    await expect(getOwnListingOrThrow(db, other, listing.id)).rejects.toBeInstanceOf(NotFound);

    const after = await db.listing.findUniqueOrThrow({ where: { id: listing.id }, include: { openingHours: true, photos: true } });
    expect(after).toEqual(before);
    expect(await db.availabilityException.count({ where: { listingId: listing.id } })).toBe(0);
  });

  it("does not let operators or customers edit content, but operators may take a listing down", async () => {
    const listing = await createListing(db, owner, details(), weekdaysOnly);
    await expect(updateListing(db, operator, listing.id, details({ title: "Op" }))).rejects.toBeInstanceOf(NotAllowed);
    await expect(updateListing(db, customer, listing.id, details({ title: "Cu" }))).rejects.toBeInstanceOf(NotAllowed);
    await expect(createListing(db, customer, details())).rejects.toBeInstanceOf(NotAllowed);
    expect((await setListingActive(db, operator, listing.id, false)).active).toBe(false);
  });

  it("blocks today and later days, not days that have passed", async () => {
    const listing = await createListing(db, owner, details(), weekdaysOnly);
    const at = new Date("2030-03-10T21:30:00Z"); // 23:30 on 10 March in Helsinki
    await expect(addBlockedDate(db, owner, listing.id, "2030-03-09", undefined, at)).rejects.toThrow(/Choose today \(Sunday, 10 March 2030\) or a later date/);
    await addBlockedDate(db, owner, listing.id, "2030-03-10", "Maintenance", at);
    expect(await db.availabilityException.count({ where: { listingId: listing.id } })).toBe(1);
  });

  it("keeps a listing an operator took down inactive until an operator makes it active again", async () => {
    const listing = await createListing(db, owner, details(), weekdaysOnly);
    // The host's own switch works both ways while no operator has stepped in.
    expect((await setListingActive(db, owner, listing.id, false)).active).toBe(false);
    expect((await setListingActive(db, owner, listing.id, true)).active).toBe(true);

    const at = new Date("2030-01-02T10:00:00Z");
    expect(await setListingActive(db, operator, listing.id, false, at)).toMatchObject({ active: false, takenDownAt: at });
    await expect(setListingActive(db, owner, listing.id, true)).rejects.toThrow(/only an operator can make it active again/);
    expect((await setListingActive(db, owner, listing.id, false)).active).toBe(false); // switching it off stays possible
    expect(await db.listing.findUniqueOrThrow({ where: { id: listing.id }, select: { active: true, takenDownAt: true } })).toEqual({ active: false, takenDownAt: at });

    expect(await setListingActive(db, operator, listing.id, true)).toMatchObject({ active: true, takenDownAt: null });
    expect((await setListingActive(db, owner, listing.id, false)).active).toBe(false);
    expect((await setListingActive(db, owner, listing.id, true)).active).toBe(true);
  });

  it("refuses to remove another listing's photo through one's own listing", async () => {
    const mine = await createListing(db, owner, details(), weekdaysOnly);
    const theirs = await createListing(db, other, details(), weekdaysOnly);
    const photo = await addPhoto(db, other, theirs.id, { url: "/saunas/x.webp", alt: "x" });
    await expect(removePhoto(db, owner, mine.id, photo.id)).rejects.toBeInstanceOf(NotFound);
    expect(await db.listingPhoto.count({ where: { id: photo.id } })).toBe(1);
  });

  it("keeps parallel uploads within MAX_PHOTOS, each photo at its own position, also after a removal", async () => {
    const listing = await createListing(db, owner, details(), weekdaysOnly);
    const first = await addPhoto(db, owner, listing.id, { url: "/saunas/first.webp", alt: "first" });
    await addPhoto(db, owner, listing.id, { url: "/saunas/second.webp", alt: "second" });
    await removePhoto(db, owner, listing.id, first.id); // leaves a gap at position 0

    const attempts = MAX_PHOTOS + 3;
    const uploads = await Promise.allSettled(
      Array.from({ length: attempts }, (_, i) =>
        addPhoto(i % 2 ? db : otherDb, owner, listing.id, { url: `/saunas/p${i}.webp`, alt: `p${i}` }),
      ),
    );
    const refused = uploads.filter((u) => u.status === "rejected");
    expect(refused).toHaveLength(attempts - (MAX_PHOTOS - 1));
    for (const r of refused) expect(r.reason).toBeInstanceOf(ValidationError);

    const positions = (await db.listingPhoto.findMany({ where: { listingId: listing.id }, select: { position: true } })).map((p) => p.position);
    expect(positions).toHaveLength(MAX_PHOTOS);
    expect(new Set(positions).size).toBe(MAX_PHOTOS);
  });

  it("makes a cover photo with positions 0..n-1 however many requests do it at once", async () => {
    const listing = await createListing(db, owner, details(), weekdaysOnly);
    const photos = [];
    for (let i = 0; i < 5; i++) photos.push(await addPhoto(db, owner, listing.id, { url: `/saunas/c${i}.webp`, alt: `c${i}` }));
    await Promise.all(photos.map((photo, i) => makeCoverPhoto(i % 2 ? db : otherDb, owner, listing.id, photo.id)));
    const after = await db.listingPhoto.findMany({ where: { listingId: listing.id }, orderBy: { position: "asc" }, select: { position: true } });
    expect(after.map((p) => p.position)).toEqual([0, 1, 2, 3, 4]);
  });

  it("rejects an invalid plan without touching the stored one", async () => {
    const listing = await createListing(db, owner, details(), weekdaysOnly);
    await expect(
      replaceOpeningHours(db, owner, listing.id, [
        { weekday: 1, opensAt: 600, closesAt: 900 },
        { weekday: 1, opensAt: 800, closesAt: 1000 },
      ]),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await db.openingHours.count({ where: { listingId: listing.id } })).toBe(5);
  });

  it("gives unique slugs to listings with the same title", async () => {
    const a = await createListing(db, owner, details({ title: `Twin ${run}` }));
    const b = await createListing(db, other, details({ title: `Twin ${run}` }));
    expect(a.slug).not.toBe(b.slug);
    expect(b.slug).toBe(`${a.slug}-2`);
  });
});

describe("search", () => {
  const searchCity = `Hakula-${run}`;
  let small: string, big: string, inactive: string, weekend: string;
  beforeAll(async () => {
    small = (await createListing(db, owner, details({ city: searchCity, title: "Small", capacity: 4 }), weekdaysOnly)).id;
    big = (await createListing(db, owner, details({ city: searchCity, title: "Big", capacity: 12 }), weekdaysOnly)).id;
    weekend = (
      await createListing(db, other, details({ city: searchCity, title: "Weekend", capacity: 8 }), [
        { weekday: 6, opensAt: 600, closesAt: 1200 },
      ])
    ).id;
    inactive = (await createListing(db, other, details({ city: searchCity, title: "Hidden", capacity: 20 }), weekdaysOnly)).id;
    await setListingActive(db, other, inactive, false);
    await addBlockedDate(db, owner, big, "2030-06-04"); // a Tuesday
  });
  const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

  it("filters by city, case-insensitively, and hides inactive listings", async () => {
    expect(ids(await searchListings(db, { city: searchCity.toUpperCase() }))).toEqual([small, big, weekend].sort());
  });

  it("filters by guests ≤ capacity", async () => {
    expect(ids(await searchListings(db, { city: searchCity, guests: 5 }))).toEqual([big, weekend].sort());
    expect(await searchListings(db, { city: searchCity, guests: 13 })).toEqual([]);
  });

  it("filters by date: open that weekday and not blocked", async () => {
    expect(ids(await searchListings(db, { city: searchCity, date: "2030-06-04" }))).toEqual([small]); // big blocked, weekend closed
    expect(ids(await searchListings(db, { city: searchCity, date: "2030-06-05" }))).toEqual([small, big].sort());
    expect(ids(await searchListings(db, { city: searchCity, date: "2030-06-08" }))).toEqual([weekend]); // Saturday
  });

  it("reads a listing's page without its arrival notes, and only active ones when asked for what anybody sees", async () => {
    const { slug } = await db.listing.update({ where: { id: inactive }, data: { arrivalNotes: "Blue gate, code 1234" }, select: { slug: true } });
    const page = await findListingBySlug(db, slug);
    expect(page?.id).toBe(inactive);
    expect(page).not.toHaveProperty("arrivalNotes");
    expect(await findListingBySlug(db, slug, { activeOnly: true })).toBeNull();
  });

  it("shows inactive listing pages only to their provider and operators", async () => {
    const { slug } = await db.listing.findUniqueOrThrow({ where: { id: inactive } });
    await expect(getListingBySlugOrThrow(db, slug)).rejects.toBeInstanceOf(NotFound);
    await expect(getListingBySlugOrThrow(db, slug, owner)).rejects.toBeInstanceOf(NotFound);
    expect((await getListingBySlugOrThrow(db, slug, other)).id).toBe(inactive);
    expect((await getListingBySlugOrThrow(db, slug, operator)).id).toBe(inactive);
  });

  it("quotes from the stored plan and blocked dates", async () => {
    const now = new Date("2030-06-01T09:00:00Z");
    const q = await quoteListing(db, small, { date: "2030-06-04", startMinutes: 17 * 60, endMinutes: 20 * 60, guests: 2 }, { feeBps: 1000, now });
    expect(q).toMatchObject({ hours: 3, subtotalAmount: 13500, feeAmount: 1350, totalAmount: 14850 });
    await expect(
      quoteListing(db, big, { date: "2030-06-04", startMinutes: 17 * 60, endMinutes: 20 * 60, guests: 2 }, { feeBps: 1000, now }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("accounts", () => {
  it("registers, refuses duplicates and suspended sign-ins", async () => {
    const email = `new-${randomUUID()}@it.test`;
    const created = await registerUser(db, { name: "Aino", email, password: "sauna-2025-ok", role: "PROVIDER" });
    expect(created.role).toBe("PROVIDER");
    const stored = await db.user.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.passwordHash).not.toContain("sauna-2025-ok");
    await expect(registerUser(db, { name: "Again", email, password: "sauna-2025-ok", role: "CUSTOMER" })).rejects.toBeInstanceOf(Conflict);

    expect(await verifyCredentials(db, email, "wrong-password-1")).toBeNull();
    expect((await verifyCredentials(db, email.toUpperCase(), "sauna-2025-ok"))?.id).toBe(created.id);

    await setUserSuspended(db, operator, created.id, true);
    await expect(verifyCredentials(db, email, "sauna-2025-ok")).rejects.toBeInstanceOf(NotAllowed);
  });

  it("two sign-ups with one e-mail at once: one account, the other told it exists (not a crash)", async () => {
    const email = `twice-${randomUUID()}@it.test`;
    const input = { name: "Aino", email, password: "sauna-2025-ok", role: "CUSTOMER" } as const;
    const results = await Promise.allSettled([registerUser(db, input), registerUser(db, input), registerUser(db, input)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(Conflict);
    expect(await db.user.count({ where: { email } })).toBe(1);
  });

  it("lets operators manage others but not themselves", async () => {
    const target = await user("CUSTOMER");
    await expect(setUserSuspended(db, operator, operator.id, true)).rejects.toThrow(/cannot suspend yourself/);
    await expect(changeUserRole(db, operator, operator.id, "CUSTOMER")).rejects.toBeInstanceOf(NotAllowed);
    await expect(setUserSuspended(db, owner, target.id, true)).rejects.toBeInstanceOf(NotAllowed);
    expect((await changeUserRole(db, operator, target.id, "PROVIDER")).role).toBe("PROVIDER");
  });
});
