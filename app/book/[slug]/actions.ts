"use server";
import { redirect } from "next/navigation";
import { action } from "@/lib/actions";
import { appContext } from "@/lib/context";
import { createBookingRequest } from "@/lib/use-cases/request-booking";
import { bookingRequestSchema } from "@/lib/bookings/schemas";
import { consentOrigin } from "@/lib/payments/consent-origin";

/** Sends the booking request; the price, charge date and consent text are computed again here. */
export const sendBookingRequest = action(
  bookingRequestSchema,
  async ({ user, input }) =>
    createBookingRequest(appContext(), user, {
      listingId: input.listingId,
      date: input.date,
      startMinutes: input.start,
      endMinutes: input.end,
      guests: input.guests,
      payment:
        input.savedCardId === "new"
          ? { kind: "new", setupIntentId: input.setupIntentId ?? "" }
          : { kind: "saved", savedCardId: input.savedCardId },
      consent: { accepted: input.consent, textHash: input.consentHash, ...(await consentOrigin()) },
    }),
  {
    access: ["CUSTOMER"],
    onSuccess: ({ bookingId }) => redirect(`/account/bookings/${bookingId}?sent=1`),
  },
);
