import type { Quote } from "@/lib/listings/pricing";
import { formatMoney } from "@/lib/money";

/** A quote's amounts, or a booking's snapshot of them (the same fields). */
type PricedAmounts = Pick<Quote, "currency" | "hours" | "hourlyPrice" | "subtotalAmount" | "feeAmount" | "totalAmount">;

/** Hours × hourly price, the platform fee and the total: amounts computed on the server. */
export function PriceBreakdown({ quote, label = "Price breakdown" }: { quote: PricedAmounts; label?: string }) {
  const money = (minor: number) => formatMoney(minor, quote.currency);
  return (
    <section aria-label={label} className="rounded-xl bg-birch-100 p-4">
      <dl className="space-y-1 text-sm">
        <div className="flex justify-between gap-4">
          <dt className="text-pine-700">
            {quote.hours} h × {money(quote.hourlyPrice)}
          </dt>
          <dd className="tabular-nums">{money(quote.subtotalAmount)}</dd>
        </div>
        <div className="flex justify-between gap-4">
          <dt className="text-pine-700">Service fee</dt>
          <dd className="tabular-nums">{money(quote.feeAmount)}</dd>
        </div>
        <div className="flex justify-between gap-4 border-t border-birch-300 pt-2 text-base font-semibold">
          <dt>Total</dt>
          <dd className="tabular-nums">{money(quote.totalAmount)}</dd>
        </div>
      </dl>
    </section>
  );
}
