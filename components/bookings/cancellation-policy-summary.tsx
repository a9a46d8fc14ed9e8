import { hoursPhrase as hoursText, POLICY_TERMS, type CancellationPolicy } from "@/lib/bookings/cancellation-policy";

/** The policy's bands as a short list, for the listing page and the booking page. */
export function CancellationPolicySummary({ policy, headingLevel = 2, id = "cancellation-title" }: { policy: CancellationPolicy; headingLevel?: 2 | 3; id?: string }) {
  const terms = POLICY_TERMS[policy];
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const last = terms.bands[terms.bands.length - 1];
  return (
    <section aria-labelledby={id} className="space-y-2" data-testid="cancellation-policy">
      <Heading id={id} className={headingLevel === 2 ? "text-2xl font-semibold" : "font-semibold"}>
        Cancellation policy: {terms.label}
      </Heading>
      <ul className="list-inside list-disc text-sm text-pine-800">
        {terms.bands.map((band) => (
          <li key={band.minHoursBefore}>
            {band.percent === 100 ? "Full refund" : `${band.percent} % refund`} of the rental if you cancel at least {hoursText(band.minHoursBefore)} before the start
          </li>
        ))}
        <li>No refund if you cancel later than {last ? hoursText(last.minHoursBefore) : "the start"} before the start</li>
        <li>{terms.serviceFeeRefundable ? "The service fee is refunded at the same rate" : "The service fee is not refunded"}</li>
      </ul>
      <p className="text-sm text-pine-600">A request or an unpaid booking can always be cancelled free of charge. If the host cancels, you get everything back.</p>
    </section>
  );
}
