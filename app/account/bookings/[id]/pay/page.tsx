/**
 * Pay now: linked from every payment-failure email and the booking page. Shows
 * the amount, the listing, the time in the listing's zone, the deadline and what went wrong
 * in plain words, then lets the customer finish the payment on session. Only the booking's
 * customer; anyone else gets a 404.
 */
import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { isPlausibleId } from "@/lib/validation";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";
import { stripeJsConfig } from "@/lib/stripe/browser";
import { NotFound } from "@/lib/errors";
import { appContext } from "@/lib/context";
import { preparePayNow, type PayNowView } from "@/lib/use-cases/pay-now";
import { generalConsent } from "@/lib/payments/saved-cards";
import { saveCard, startCardSetup } from "@/app/account/payment-methods/actions";
import { latestExtension } from "@/lib/use-cases/follow-up";
import { prisma } from "@/lib/db";
import { finalizePayment } from "./actions";
import { PayNowForm } from "./pay-now-form";

export const metadata: Metadata = { title: "Pay for your booking" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export default async function PayNowPage({ params }: Props) {
  const user = await requireRole("CUSTOMER");
  const { id } = await params;
  if (!isPlausibleId(id)) notFound();
  let view: PayNowView;
  try {
    view = await preparePayNow(appContext(), id, user.id);
  } catch (error) {
    if (error instanceof NotFound) notFound();
    throw error;
  }
  const extension = view.state === "payable" ? await latestExtension(prisma, id) : null;

  return (
    <div className="mx-auto max-w-xl space-y-6">
      <PageHeader title={`Pay ${view.amountText}`} description={view.listingTitle} />
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-lg border border-birch-300 bg-white p-4 text-sm">
        <dt className="text-pine-700">Sauna</dt>
        <dd className="font-medium">{view.listingTitle}</dd>
        <dt className="text-pine-700">When</dt>
        <dd>
          {view.startsAtText} – {view.endsAtText.split(", ").at(-1)} <span className="text-pine-600">({view.timeZone})</span>
        </dd>
        <dt className="text-pine-700">Amount</dt>
        <dd className="font-medium">{view.amountText}</dd>
        {view.payByText ? (
          <>
            <dt className="text-pine-700">Pay by</dt>
            <dd>
              {view.payByText}
              {extension ? <span className="block text-pine-600">Extended by Löyly support{extension.reason ? `: “${extension.reason}”` : ""}</span> : null}
            </dd>
          </>
        ) : null}
      </dl>

      <Body view={view} bookingId={id} />
      <p className="text-sm">
        <Link href={`/account/bookings/${id}`} className="underline">
          Back to the booking
        </Link>
      </p>
    </div>
  );
}

function Body({ view, bookingId }: { view: PayNowView; bookingId: string }) {
  switch (view.state) {
    case "paid":
      return (
        <p role="status" className="rounded-lg border border-pine-300 bg-pine-50 p-4 font-medium text-pine-800">
          This booking is paid. Thank you — see you in the sauna!
        </p>
      );
    case "in_progress":
      return (
        <p role="status" className="rounded-lg border border-birch-300 bg-birch-50 p-4 text-sm">
          A payment for this booking is being processed right now. Reload this page in a moment to see the result.
        </p>
      );
    case "closed":
      return (
        <p role="status" className="rounded-lg border border-birch-300 bg-birch-50 p-4 text-sm">
          There is nothing to pay for this booking any more.
        </p>
      );
    case "payable": {
      if (!view.clientSecret) return null;
      const consent = generalConsent();
      return (
        <PayNowForm
          stripeJs={stripeJsConfig()}
          clientSecret={view.clientSecret}
          amount={view.amount}
          currency={view.currency}
          amountText={view.amountText}
          bookingPaymentMethodId={view.bookingPaymentMethodId}
          savedCards={view.savedCards}
          confirmWithBank={view.problem?.nextStep === "confirm_with_bank"}
          problem={view.problem?.customer}
          finalize={finalizePayment.bind(null, bookingId)}
          consentText={consent.text}
          consentHash={consent.textHash}
          startSetup={startCardSetup}
          saveCard={saveCard}
        />
      );
    }
  }
}
