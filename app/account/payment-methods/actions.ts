"use server";
import { revalidatePath } from "next/cache";
import { action, actionWithId, noFields } from "@/lib/actions";
import { saveCardSchema, startSetupSchema } from "@/lib/bookings/schemas";
import { addSavedCard, makeDefaultCard, removeSavedCard } from "@/lib/payments/saved-cards";
import { consentOrigin } from "@/lib/payments/consent-origin";
import { createSetupIntent } from "@/lib/payments/setup";
import { appContext } from "@/lib/context";

/**
 * Creates a SetupIntent (usage off_session) for the signed-in customer, once they ticked the
 * consent box. Shared by the booking page, payment methods and pay-now.
 */
export const startCardSetup = action(
  startSetupSchema,
  async ({ user }) => createSetupIntent(appContext(), user.id),
  {
    access: ["CUSTOMER"],
    onSuccess: (intent) => ({ message: "Confirm your card.", data: { setupIntentId: intent.id, clientSecret: intent.clientSecret } }),
  },
);

/** Saves the card of a confirmed SetupIntent with the general consent. */
export const saveCard = action(
  saveCardSchema,
  async ({ user, input }) =>
    addSavedCard(appContext(), user, {
      setupIntentId: input.setupIntentId,
      consent: { accepted: input.consent, textHash: input.consentHash, ...(await consentOrigin()) },
    }),
  {
    access: ["CUSTOMER"],
    onSuccess: (card) => {
      revalidatePath("/account/payment-methods");
      return `Card ending ${card.last4} saved.`;
    },
  },
);

export const makeDefault = actionWithId(noFields, ({ user, id }) => makeDefaultCard(appContext(), user, id), {
  access: ["CUSTOMER"],
  onSuccess: () => {
    revalidatePath("/account/payment-methods");
    return "Default card changed.";
  },
});

export const removeCard = actionWithId(noFields, ({ user, id }) => removeSavedCard(appContext(), user, id), {
  access: ["CUSTOMER"],
  onSuccess: () => {
    revalidatePath("/account/payment-methods");
    return "Card removed.";
  },
});
