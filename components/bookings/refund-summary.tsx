import type { RefundStatus } from "@/lib/generated/prisma/enums";
import { formatMoney } from "@/lib/money";
import { formatInstant } from "@/lib/time";

const STATUS: Record<RefundStatus, string> = {
  PENDING: "Pending: on its way to your card",
  SUCCEEDED: "Refunded",
  FAILED: "Failed: Löyly support will be in touch",
  CANCELED: "Cancelled",
};

/**
 * What was paid, each refund with its amount and status, and what was finally paid (the
 * total less the refunds that went through).
 */
export function RefundSummary({
  total,
  currency,
  refunds,
  timeZone,
}: {
  total: number;
  currency: string;
  refunds: readonly { id: string; amount: number; currency: string; status: RefundStatus; createdAt: Date }[];
  timeZone: string;
}) {
  if (refunds.length === 0) return null;
  const refunded = refunds.filter((r) => r.status === "SUCCEEDED").reduce((sum, r) => sum + r.amount, 0);
  const pending = refunds.filter((r) => r.status === "PENDING").reduce((sum, r) => sum + r.amount, 0);
  const money = (minor: number) => formatMoney(minor, currency);
  return (
    <section aria-labelledby="refunds-title" className="space-y-3 rounded-xl border border-birch-200 bg-white p-4">
      <h2 id="refunds-title" className="text-lg font-semibold">
        Refunds
      </h2>
      <ul className="space-y-2 text-sm">
        {refunds.map((r) => (
          <li key={r.id} className="flex justify-between gap-4">
            <span>
              <span className="block text-pine-900">{STATUS[r.status]}</span>
              <span className="text-pine-700">{formatInstant(r.createdAt, timeZone)}</span>
            </span>
            <span className="tabular-nums">{formatMoney(r.amount, r.currency)}</span>
          </li>
        ))}
      </ul>
      <dl className="space-y-1 border-t border-birch-300 pt-2 text-sm">
        <div className="flex justify-between gap-4">
          <dt className="text-pine-700">Paid</dt>
          <dd className="tabular-nums">{money(total)}</dd>
        </div>
        <div className="flex justify-between gap-4">
          <dt className="text-pine-700">Refunded</dt>
          <dd className="tabular-nums">−{money(refunded)}</dd>
        </div>
        {pending > 0 ? (
          <div className="flex justify-between gap-4">
            <dt className="text-pine-700">Refund pending</dt>
            <dd className="tabular-nums">{money(pending)}</dd>
          </div>
        ) : null}
        <div className="flex justify-between gap-4 text-base font-semibold">
          <dt>Finally paid</dt>
          <dd className="tabular-nums">{money(total - refunded)}</dd>
        </div>
      </dl>
    </section>
  );
}
