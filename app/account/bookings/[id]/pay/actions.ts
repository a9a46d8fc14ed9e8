"use server";
import { revalidatePath } from "next/cache";
import { actionWithId, noFields } from "@/lib/actions";
import { appContext } from "@/lib/context";
import { finalizePayNow, type FinalizeResult } from "@/lib/use-cases/pay-now";

const MESSAGES: Record<FinalizeResult["status"], string> = {
  paid: "Paid. Your booking is confirmed — a receipt is on its way.",
  requires_action: "Your bank still needs you to confirm the payment.",
  processing: "Your payment is being processed. This page will show the result shortly.",
  failed: "The payment did not go through.",
  closed: "There is nothing to pay for this booking.",
};

/**
 * Right after the browser's confirm returns: sync the booking with its PaymentIntent so the
 * page shows the result at once (the webhook may arrive later and finds it done). Only the
 * booking's customer; safe to call twice.
 */
export const finalizePayment = actionWithId(noFields, ({ user, id }) => finalizePayNow(appContext(), id, user.id), {
  access: ["CUSTOMER"],
  onSuccess: (result, { id }) => {
    revalidatePath(`/account/bookings/${id}`);
    revalidatePath(`/account/bookings/${id}/pay`);
    revalidatePath("/account/bookings");
    const message = "message" in result ? `${MESSAGES[result.status]} ${result.message}` : MESSAGES[result.status];
    return { message, data: result };
  },
});
