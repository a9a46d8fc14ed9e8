/**
 * A host's monthly statement as CSV (RFC 4180, the operators' CSV cells): every booking
 * charged in the month (price, platform fee, the host's share, what refunds reversed) and
 * every payout made in it (amount, what it recovered, status, bank arrival date, failure).
 * The month is a UTC calendar month, said so in the file name and the columns.
 */
import type { Actor } from "@/lib/auth/actor";
import { csvLine } from "@/lib/csv";
import type { Db } from "@/lib/db";
import { NotAllowed } from "@/lib/errors";
import { toDecimalString, minorDigits } from "@/lib/money";
import { hostReversed, platformFee } from "./policy";

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
      transferReversedAmount: true,
      applicationFeeRefundedAmount: true,
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
      line: csvLine([
        (b.paidAt ?? from).toISOString(),
        "charge",
        b.id,
        b.listing.title,
        b.currency,
        decimal(b.totalAmount, b.currency),
        decimal(platformFee(b), b.currency),
        decimal(share, b.currency),
        decimal(hostReversed(b), b.currency),
        "",
        "",
        "",
        "",
        "",
        "",
      ]),
    });
  }
  for (const p of payouts) {
    lines.push({
      at: p.createdAt,
      line: csvLine([
        p.createdAt.toISOString(),
        "payout",
        "",
        "",
        p.currency,
        "",
        "",
        "",
        "",
        p.stripePayoutId ?? p.id,
        decimal(p.amount, p.currency),
        decimal(p.recoveredAmount, p.currency),
        p.status.toLowerCase(),
        p.arrivalDate ? p.arrivalDate.toISOString().slice(0, 10) : "",
        p.failureMessage ?? p.failureCode ?? "",
      ]),
    });
  }
  lines.sort((a, b) => a.at.getTime() - b.at.getTime());
  return csvLine([...STATEMENT_HEADER]) + lines.map((l) => l.line).join("");
}
