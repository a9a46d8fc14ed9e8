/**
 * Every link in every email leads to a page that exists (the expiry emails once sent
 * customers to /saunas, which is a 404).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notify, type Notice } from "@/lib/notifications";
import { TEMPLATES, type NoticeExtras } from "@/lib/notifications/templates";
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

const EXTRAS: Partial<NoticeExtras> = {
  action_required: { retryAt: null },
  cancelled_by_operator: { reason: "Test" },
  pay_now_resent: { note: "Test" },
  pay_by_extended: { previous: new Date("2026-01-01T10:00:00Z"), reason: "Test" },
  refunded: { amount: 1000, currency: "EUR", pending: true, ended: true, reason: "Test" },
  cancelled_paid_by_customer: { refund: 4000, currency: "EUR", percent: 50, pending: false, failed: false },
  cancelled_paid_by_host: { refund: 8800, currency: "EUR", pending: true, failed: false, reason: "Test", refundFailure: null },
};

describe("links in the emails", () => {
  it("resolver sanity: knows real pages from missing ones", () => {
    expect(pageExists("/search")).toBe(true);
    expect(pageExists("/account/bookings/abc/pay")).toBe(true);
    expect(pageExists("/saunas/some-sauna")).toBe(true);
    expect(pageExists("/saunas")).toBe(false);
  });

  it.each(Object.keys(TEMPLATES) as Notice[])("%s: every link opens an existing page", async (notice) => {
    const booking = await createBooking(h, h.db, {});
    const send = notify as unknown as (ctx: ReturnType<Harness["ctx"]>, notice: Notice, bookingId: string, extra?: unknown) => Promise<void>;
    await send(h.ctx(), notice, booking.id, EXTRAS[notice]);

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
