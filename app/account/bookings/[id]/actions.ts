"use server";
import { revalidatePath } from "next/cache";
import { actionWithId } from "@/lib/actions";
import { appContext } from "@/lib/context";
import { cancelBooking } from "@/lib/use-cases/cancel-booking";
import { cancelPaidBookingAsCustomer } from "@/lib/use-cases/cancel-paid-booking";
import { cancelPaidSchema, cancelSchema } from "@/lib/bookings/schemas";
import { redirect } from "next/navigation";

/** The customer cancels their request or unpaid booking, free of charge. */
export const cancelMyBooking = actionWithId(cancelSchema, ({ user, id, input }) => cancelBooking(appContext(), user, { bookingId: id, reason: input.reason }), {
  access: ["CUSTOMER"],
  onSuccess: (_result, { id }) => {
    revalidatePath(`/account/bookings/${id}`);
    revalidatePath("/account/bookings");
    return "Cancelled. Nothing was charged.";
  },
});

/** The customer cancels their paid booking; the refund is what the cancellation policy gives now. */
export const cancelMyPaidBooking = actionWithId(
  cancelPaidSchema,
  ({ user, id, input }) => cancelPaidBookingAsCustomer(appContext(), user, { bookingId: id, expectedRefund: input.expectedRefund, reason: input.reason }),
  {
    access: ["CUSTOMER"],
    onSuccess: (result, { id }) => {
      revalidatePath(`/account/bookings/${id}`);
      revalidatePath("/account/bookings");
      // The form leaves the page with the paid status: the page says what happened.
      const outcome = result.refundAmount === 0 ? "none" : result.refundStatus === "FAILED" || result.refundStatus === "UNKNOWN" ? "unconfirmed" : "refunded";
      redirect(`/account/bookings/${id}?cancelled=${outcome}`);
    },
  },
);
