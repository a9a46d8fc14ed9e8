import type { Metadata } from "next";
import { AddCardForm } from "@/components/payments/add-card-form";
import { cardLabel } from "@/components/payments/saved-card-picker";
import { ActionButton } from "@/components/ui/action-button";
import { Badge, EmptyState, PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";
import { prisma } from "@/lib/db";
import { stripeJsConfig } from "@/lib/stripe/browser";
import { generalConsent, listSavedCards } from "@/lib/payments/saved-cards";
import { makeDefault, removeCard, saveCard, startCardSetup } from "./actions";

export const metadata: Metadata = { title: "Payment methods" };

const addedOn = (d: Date) => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "Europe/Helsinki" }).format(d);

export default async function PaymentMethodsPage() {
  const user = await requireRole("CUSTOMER");
  const cards = await listSavedCards(prisma, user);
  const consent = generalConsent();
  return (
    <>
      <PageHeader title="Payment methods" description="Cards saved for your bookings, charged only with your consent." />
      <div className="grid gap-8 lg:grid-cols-[1fr_26rem]">
        <section aria-labelledby="cards-title" className="space-y-3">
          <h2 id="cards-title" className="text-xl font-semibold">
            Saved cards
          </h2>
          {cards.length === 0 ? (
            <EmptyState title="No saved cards">Add one here, or when you request a booking.</EmptyState>
          ) : (
            <ul className="divide-y divide-birch-200 rounded-2xl border border-birch-200 bg-white">
              {cards.map((card) => {
                const label = cardLabel(card);
                return (
                  <li key={card.id} className="flex flex-wrap items-start justify-between gap-3 p-4" aria-label={label}>
                    <div>
                      <p className="font-semibold">
                        {label} {card.isDefault ? <Badge tone="good">Default</Badge> : null}
                      </p>
                      <p className="text-sm text-pine-700">Added on {addedOn(card.createdAt)}</p>
                    </div>
                    <div className="flex flex-wrap items-start gap-2">
                      {!card.isDefault ? (
                        <ActionButton action={makeDefault.bind(null, card.id)} label={`Make ${label} the default`} pendingText="Saving…">
                          Make default
                        </ActionButton>
                      ) : null}
                      <ActionButton action={removeCard.bind(null, card.id)} variant="danger" label={`Remove ${label}`} pendingText="Removing…">
                        Remove
                      </ActionButton>
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
        <section className="h-fit rounded-2xl border border-birch-200 bg-white p-5">
          <AddCardForm
            stripeJs={stripeJsConfig()}
            currency="EUR"
            consentText={consent.text}
            consentHash={consent.textHash}
            startSetup={startCardSetup}
            saveCard={saveCard}
          />
        </section>
      </div>
    </>
  );
}
