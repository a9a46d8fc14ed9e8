import type { Receipt } from "@/lib/receipts/receipts";
import { formatVatRate } from "@/lib/receipts/vat";
import { formatMoney } from "@/lib/money";
import { describeTime, formatInstant } from "@/lib/time";
import { MERCHANT_NAME } from "@/lib/payments/consent";

/** A receipt as a document: on screen and on paper (the page's print styles drop the rest). */
export function ReceiptView({ receipt }: { receipt: Receipt }) {
  const tz = receipt.listing.timeZone;
  const money = (minor: number) => formatMoney(minor, receipt.currency);
  const title = receipt.kind === "payment" ? "Receipt" : "Refund receipt";
  return (
    <article aria-labelledby="receipt-title" className="receipt mx-auto max-w-2xl space-y-6 rounded-2xl border border-birch-200 bg-white p-6 print:max-w-none print:rounded-none print:border-0 print:p-0">
      <header className="flex flex-wrap items-start justify-between gap-4 border-b border-birch-200 pb-4">
        <div>
          <p className="text-sm font-semibold uppercase tracking-widest text-pine-600">{MERCHANT_NAME}</p>
          <h1 id="receipt-title" className="text-2xl font-semibold">
            {title}
          </h1>
        </div>
        <dl className="text-right text-sm">
          <dt className="sr-only">Receipt number</dt>
          <dd className="font-semibold tabular-nums">{receipt.number}</dd>
          <dt className="inline text-pine-700">{receipt.kind === "payment" ? "Paid " : "Refunded "}</dt>
          <dd className="inline">{formatInstant(receipt.issuedAt, tz)}</dd>
        </dl>
      </header>

      {receipt.kind === "refund" && receipt.refundStatus === "PENDING" ? (
        <p className="rounded-lg bg-birch-100 px-3 py-2 text-sm">Your bank is processing this refund; it can take a few days to show on your statement.</p>
      ) : null}

      <dl className="grid gap-3 text-sm sm:grid-cols-2 print:grid-cols-2">
        <Item term="Booking reference" detail={receipt.bookingReference} />
        <Item term="Customer" detail={receipt.customer.name} />
        <Item term="Sauna" detail={receipt.listing.title} />
        <Item term="Host" detail={receipt.host.name} />
        <Item term="Address" detail={`${receipt.listing.address}, ${receipt.listing.city}`} />
        <Item term="When" detail={`${describeTime({ startsAt: receipt.startsAt, endsAt: receipt.endsAt, listing: { timeZone: tz } })} (${tz})`} />
        <Item term="Guests" detail={String(receipt.guests)} />
        <Item term={receipt.kind === "payment" ? "Paid with" : "Refunded to"} detail={receipt.card ? `${capitalise(receipt.card.brand)} •••• ${receipt.card.last4}` : "Card"} />
      </dl>

      <table className="w-full text-sm">
        <caption className="sr-only">Amounts</caption>
        <thead>
          <tr className="border-b border-birch-200 text-left text-pine-700">
            <th scope="col" className="py-2 font-medium">
              Item
            </th>
            <th scope="col" className="py-2 text-right font-medium">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {receipt.lines.map((line) => (
            <tr key={line.label} className="border-b border-birch-100">
              <th scope="row" className="py-2 text-left font-normal">
                {line.label}
              </th>
              <td className="py-2 text-right tabular-nums">{money(line.amount)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" className="pt-3 text-left font-normal text-pine-700">
              Net
            </th>
            <td className="pt-3 text-right tabular-nums" data-testid="receipt-net">
              {money(receipt.totals.net)}
            </td>
          </tr>
          <tr>
            <th scope="row" className="text-left font-normal text-pine-700">
              VAT {formatVatRate(receipt.totals.bps)} (included)
            </th>
            <td className="text-right tabular-nums" data-testid="receipt-vat">
              {money(receipt.totals.vat)}
            </td>
          </tr>
          <tr className="text-base font-semibold">
            <th scope="row" className="pt-2 text-left">
              {receipt.kind === "payment" ? "Total paid" : "Total refunded"}
            </th>
            <td className="pt-2 text-right tabular-nums" data-testid="receipt-total">
              {money(receipt.totals.gross)}
            </td>
          </tr>
        </tfoot>
      </table>

      {receipt.reason ? <p className="text-sm text-pine-700">Reason: {receipt.reason}</p> : null}
      <p className="text-xs text-pine-600">
        Times are in {tz}. Prices include VAT. {MERCHANT_NAME} collects the payment for the host.
      </p>
    </article>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function Item({ term, detail }: { term: string; detail: string }) {
  return (
    <div>
      <dt className="font-semibold text-pine-900">{term}</dt>
      <dd className="text-pine-800">{detail}</dd>
    </div>
  );
}
