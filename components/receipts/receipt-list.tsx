import Link from "@/components/ui/link";
import type { ReceiptSummary } from "@/lib/receipts/receipts";
import { formatMoney } from "@/lib/money";
import { formatInstant } from "@/lib/time";

/** The booking's receipts: the payment and each refund, each with its page and its PDF. */
export function ReceiptList({ bookingId, receipts, timeZone }: { bookingId: string; receipts: readonly ReceiptSummary[]; timeZone: string }) {
  return (
    <section aria-labelledby="receipts-title" className="space-y-3">
      <h2 id="receipts-title" className="text-xl font-semibold">
        Payments and refunds
      </h2>
      <ul className="divide-y divide-birch-200 rounded-2xl border border-birch-200 bg-white">
        {receipts.map((r) => {
          const base = `/receipts/${bookingId}/${r.id}`;
          const what = r.kind === "payment" ? "Payment" : r.refundStatus === "PENDING" ? "Refund (processing)" : "Refund";
          return (
            <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 p-3 text-sm" data-testid={`receipt-${r.kind}`}>
              <span>
                <span className="font-semibold">{what}</span> <span className="tabular-nums">{formatMoney(Math.abs(r.amount), r.currency)}</span>
                <span className="text-pine-600"> · {formatInstant(r.issuedAt, timeZone)}</span>
              </span>
              <span className="flex gap-3">
                <Link href={base} aria-label={`${what} receipt ${r.number}`}>
                  Receipt
                </Link>
                <a href={`${base}/pdf`} aria-label={`${what} receipt ${r.number} as PDF`}>
                  PDF
                </a>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
