import { ButtonLink } from "@/components/ui/button";
import { formatMoney } from "@/lib/money";
import { formatInstant } from "@/lib/time";

/**
 * The one message on a booking whose charge failed: what happened in plain words, the
 * amount, the deadline and a real "Pay now" button.
 */
export function PaymentFailedBanner({
  bookingId,
  authentication,
  explanation,
  amount,
  currency,
  payBy,
  timeZone,
}: {
  bookingId: string;
  /** The bank asked for 3D Secure (not a decline). */
  authentication: boolean;
  explanation: string;
  amount: number;
  currency: string;
  payBy: Date | null;
  timeZone: string;
}) {
  const title = authentication ? "Your bank asked for authentication" : "Payment failed";
  const money = formatMoney(amount, currency);
  return (
    <section aria-labelledby="payment-problem-title" className="space-y-3 rounded-2xl border border-ember-300 bg-ember-50 p-5">
      <h2 id="payment-problem-title" className="text-xl font-semibold text-ember-800">
        {title}
      </h2>
      <p className="text-pine-900">{explanation}</p>
      <PayBy money={money} payBy={payBy} timeZone={timeZone} />
      <ButtonLink href={`/account/bookings/${bookingId}/pay`} className="w-full sm:w-auto">
        {authentication ? `Confirm with your bank (${money})` : `Pay now (${money})`}
      </ButtonLink>
    </section>
  );
}

/** "Pay €88.00 by <deadline> (<zone>) to keep this booking; after that it is cancelled." */
export function PayBy({ money, payBy, timeZone }: { money: string; payBy: Date | null; timeZone: string }) {
  return (
    <p className="text-pine-900">
      Pay <strong>{money}</strong>
      {payBy ? (
        <>
          {" "}
          by <strong>{formatInstant(payBy, timeZone)}</strong> ({timeZone}) to keep this booking; after that it is cancelled.
        </>
      ) : (
        " to keep this booking."
      )}
    </p>
  );
}
