/**
 * A host's monthly statement as CSV (RFC 4180, the operators' CSV cells): every booking
 * charged in the month (price, platform fee, the host's share), every refund made in it (what
 * went back to the customer, the fee given back, the host's share reversed) and every payout
 * made in it (amount, what it recovered, status, bank arrival date, failure). A line belongs
 * to the month its money moved in, so a month's file does not change when a later refund
 * comes. The month is a UTC calendar month, said so in the file name and the columns.
 */
import type { Actor } from "@/lib/auth/actor";
import { csvLine } from "@/lib/csv";
import type { Db } from "@/lib/db";
import { NotAllowed } from "@/lib/errors";
import { toDecimalString, minorDigits } from "@/lib/money";
import { platformFee, refundParts } from "./policy";

export const STATEMENT_HEADER = [
  "date_utc",
  "type",
  "booking_id",
  "listing",
  "currency",
  "price",
  "platform_fee",
  "host_share",
  "reversed_by_refunds",
  "payout_id",
  "payout_amount",
  "recovered_from_payout",
  "payout_status",
  "arrival_date_utc",
  "failure",
] as const;

/** The first instant of the month and of the next one (UTC). */
export function monthRange(month: string): { from: Date; to: Date } {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return { from: new Date(Date.UTC(year, m - 1, 1)), to: new Date(Date.UTC(year, m, 1)) };
}

const decimal = (minor: number | null | undefined, currency: string) => (minor == null ? "" : toDecimalString(minor, minorDigits(currency)));

type StatementColumn = (typeof STATEMENT_HEADER)[number];

/** One line of the statement: the named cells in the header's order, the others empty. */
function statementLine(cells: Partial<Record<StatementColumn, string>>): string {
  return csvLine(STATEMENT_HEADER.map((column) => cells[column] ?? ""));
}

/** Refunds that reached Stripe and moved money (a failed or canceled one gave it back). */
const MOVED_MONEY = { stripeRefundId: { not: null }, status: { in: ["PENDING" as const, "SUCCEEDED" as const] } };

/** The host's refund lines of the month, each split as Stripe split it (after the booking's earlier refunds). */
async function refundLines(db: Db, hostId: string, from: Date, to: Date): Promise<{ at: Date; line: string }[]> {
  const inMonth = await db.refund.findMany({
    where: { ...MOVED_MONEY, createdAt: { gte: from, lt: to }, booking: { listing: { providerId: hostId }, transferAmount: { not: null } } },
    select: { bookingId: true },
    distinct: ["bookingId"],
  });
  if (inMonth.length === 0) return [];
  const bookings = await db.booking.findMany({
    where: { id: { in: inMonth.map((r) => r.bookingId) } },
    select: {
      id: true,
      currency: true,
      totalAmount: true,
      applicationFeeAmount: true,
      transferAmount: true,
      listing: { select: { title: true } },
      refunds: { where: { ...MOVED_MONEY, createdAt: { lt: to } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, amount: true, createdAt: true } },
    },
  });
  return bookings.flatMap((b) => {
    const parts = refundParts(b, b.refunds.map((r) => r.amount));
    return b.refunds.flatMap((r, i) =>
      r.createdAt < from
        ? []
        : [
            {
              at: r.createdAt,
              line: statementLine({
                date_utc: r.createdAt.toISOString(),
                type: "refund",
                booking_id: b.id,
                listing: b.listing.title,
                currency: b.currency,
                price: decimal(-r.amount, b.currency),
                platform_fee: decimal(-parts[i]!.feeRefunded, b.currency),
                reversed_by_refunds: decimal(parts[i]!.hostReversed, b.currency),
              }),
            },
          ],
    );
  });
}

export async function hostStatementCsv(db: Db, user: Actor, month: string): Promise<string> {
  if (user.role !== "PROVIDER") throw new NotAllowed("Only hosts have payout statements.");
  const { from, to } = monthRange(month);
  const bookings = await db.booking.findMany({
    where: { listing: { providerId: user.id }, paidAt: { gte: from, lt: to }, transferAmount: { not: null } },
    select: {
      id: true,
      paidAt: true,
      currency: true,
      totalAmount: true,
      applicationFeeAmount: true,
      transferAmount: true,
      listing: { select: { title: true } },
    },
    orderBy: { paidAt: "asc" },
  });
  const payouts = await db.payout.findMany({
    where: { hostId: user.id, createdAt: { gte: from, lt: to }, status: { not: "CREATING" } },
    orderBy: { createdAt: "asc" },
  });
  const lines: { at: Date; line: string }[] = [];
  for (const b of bookings) {
    const share = b.transferAmount ?? 0;
    lines.push({
      at: b.paidAt ?? from,
      line: statementLine({
        date_utc: (b.paidAt ?? from).toISOString(),
        type: "charge",
        booking_id: b.id,
        listing: b.listing.title,
        currency: b.currency,
        price: decimal(b.totalAmount, b.currency),
        platform_fee: decimal(platformFee(b), b.currency),
        host_share: decimal(share, b.currency),
      }),
    });
  }
  for (const p of payouts) {
    lines.push({
      at: p.createdAt,
      line: statementLine({
        date_utc: p.createdAt.toISOString(),
        type: "payout",
        currency: p.currency,
        payout_id: p.stripePayoutId ?? p.id,
        payout_amount: decimal(p.amount, p.currency),
        recovered_from_payout: decimal(p.recoveredAmount, p.currency),
        payout_status: p.status.toLowerCase(),
        arrival_date_utc: p.arrivalDate ? p.arrivalDate.toISOString().slice(0, 10) : "",
        failure: p.failureMessage ?? p.failureCode ?? "",
      }),
    });
  }
  lines.push(...(await refundLines(db, user.id, from, to)));
  lines.sort((a, b) => a.at.getTime() - b.at.getTime());
  return csvLine([...STATEMENT_HEADER]) + lines.map((l) => l.line).join("");
}
