"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actionWithId } from "@/lib/actions";
import { hostCancelSchema } from "@/lib/bookings/schemas";
import { appContext } from "@/lib/context";
import { cancelPaidBookingAsHost } from "@/lib/use-cases/cancel-paid-booking";

/** The host cancels a paid booking of their sauna: the customer gets everything back. */
export const cancelPaidBookingByHost = actionWithId(
  hostCancelSchema,
  ({ user, id, input }) => cancelPaidBookingAsHost(appContext(), user, { bookingId: id, reason: input.reason }),
  {
    access: ["PROVIDER"],
    onSuccess: (result) => {
      revalidatePath("/provider/bookings");
      // The row's form leaves with the paid status: the page says what happened.
      const outcome = result.refundStatus === "FAILED" || result.refundStatus === "UNKNOWN" ? "unconfirmed" : "refunded";
      redirect(`/provider/bookings?show=all&cancelled=${outcome}`);
    },
  },
);
