"use server";
import { revalidatePath } from "next/cache";
import { actionWithId } from "@/lib/actions";
import { appContext } from "@/lib/context";
import { cancelBooking } from "@/lib/use-cases/cancel-booking";
import { cancelSchema } from "@/lib/bookings/schemas";

/** The customer cancels their request or unpaid booking, free of charge. */
export const cancelMyBooking = actionWithId(cancelSchema, ({ user, id, input }) => cancelBooking(appContext(), user, { bookingId: id, reason: input.reason }), {
  access: ["CUSTOMER"],
  onSuccess: (_result, { id }) => {
    revalidatePath(`/account/bookings/${id}`);
    revalidatePath("/account/bookings");
    return "Cancelled. Nothing was charged.";
  },
});
