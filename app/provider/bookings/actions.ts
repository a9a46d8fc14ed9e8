"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions";
import { resetFeedSchema } from "@/lib/calendar/schemas";
import { appContext } from "@/lib/context";
import { feedPath, resetFeedToken } from "@/lib/calendar/feeds";
import { appUrl } from "@/lib/email";

/** Makes the host's private calendar feed URL, or a new one (the old URL stops working). */
export const resetCalendarFeedAction = action(resetFeedSchema, ({ user }) => resetFeedToken(appContext().db, user, appContext().clock.now()), {
  access: ["PROVIDER"],
  onSuccess: (token) => {
    revalidatePath("/provider/bookings");
    return { message: "Your calendar feed URL is ready. Copy it now: for your safety it is shown only once.", data: { url: appUrl(feedPath(token)) } };
  },
});
