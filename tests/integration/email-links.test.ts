/**
 * Every link in the emails of the scheduled pass leads to a page that exists (the expiry
 * emails once sent customers to /saunas, which is a 404).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBookingForMail, sendCancelledForNonPayment, sendRequestExpired } from "@/lib/payments/notifications";
import { pageExists } from "../support/app-routes";
import { createBooking, startHarness, type Harness } from "./payments-fixtures";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const ORIGIN = "http://loyly.test";

function linksIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0].replace(/[.,)]+$/, ""));
}

describe("links in the scheduled pass's emails", () => {
  it("resolver sanity: knows real pages from missing ones", () => {
    expect(pageExists("/search")).toBe(true);
    expect(pageExists("/account/bookings/abc/pay")).toBe(true);
    expect(pageExists("/saunas/some-sauna")).toBe(true);
    expect(pageExists("/saunas")).toBe(false);
  });

  it.each([
    ["request expired", sendRequestExpired],
    ["cancelled for non-payment", sendCancelledForNonPayment],
  ] as const)("%s: every link opens an existing page", async (_name, send) => {
    const booking = await createBooking(h, h.db, {});
    const mail = await loadBookingForMail(h.db, booking.id);
    await send(h.deps(), mail!);

    const emails = await h.db.outboxEmail.findMany({ where: { bookingId: booking.id } });
    expect(emails.length).toBeGreaterThan(0);
    const links = emails.flatMap((e) => linksIn(e.text));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(link.startsWith(ORIGIN)).toBe(true);
      expect(pageExists(new URL(link).pathname), link).toBe(true);
    }
  });
});
