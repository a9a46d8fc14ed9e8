/** The calendar feed form (FormData values are strings). */
import { z } from "zod";

/** Making a new feed address retires the old one: the host ticks a box to say they know. */
export const resetFeedSchema = z.object({
  confirm: z.literal("on", { error: "Tick the box to confirm that any earlier feed address stops working." }),
});
