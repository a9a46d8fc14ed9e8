"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { action, actionWithId } from "@/lib/actions";
import { hostCancelSchema } from "@/lib/bookings/schemas";
import { appContext } from "@/lib/context";
import { cancelPaidBookingAsHost } from "@/lib/use-cases/cancel-paid-booking";
import { resetFeedSchema } from "@/lib/calendar/schemas";
import { feedPath, resetFeedToken } from "@/lib/calendar/feeds";
import { appUrl } from "@/lib/email";

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

/** Makes the host's private calendar feed URL, or a new one (the old URL stops working). */
export const resetCalendarFeedAction = action(resetFeedSchema, ({ user }) => resetFeedToken(appContext().db, user, appContext().clock.now()), {
  access: ["PROVIDER"],
  onSuccess: (token) => {
    revalidatePath("/provider/bookings");
    return { message: "Your calendar feed URL is ready. Copy it now: for your safety it is shown only once.", data: { url: appUrl(feedPath(token)) } };
  },
});
